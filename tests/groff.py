"""A chapter typeset by another engine: GNU troff's -ms macros (gropdf), footnotes at the page foot
with superscript labels, bold flush-left headings at the text size, running heads with the folio."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path


def ms_source(gold_markdown: str) -> str:
    """The gold Markdown of a chapter as a troff -ms document with footnotes (labels as printed)."""
    notes = dict(re.findall(r"^\[\^(\w+)\]: (.*)$", gold_markdown, re.M))
    body = re.sub(r"^\[\^\w+\]: .*$", "", gold_markdown, flags=re.M)

    def esc(text: str) -> str:
        text = text.replace("\\", "\\e")
        return re.sub(r"\*([^*]+)\*", r"\\fI\1\\fP", text)

    out = [".nr PS 11", ".nr VS 13", ".nr FPS 9", ".ds CH", ".ds RH Pepys \\(em \\\\n%", ".ds LH The Diary"]
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block:
            continue
        heading = re.match(r"^(#+) (.*)", block)
        if heading:
            out += [".SH", esc(heading.group(2))]
            continue
        out.append(".PP")
        parts = re.split(r"\[\^(\w+)\]", block.replace("\n", " "))
        for i, part in enumerate(parts):
            if i % 2 == 0:
                text = esc(part.lstrip(" "))
                if text:
                    out.append(("\\&" if text[0] in ".'" else "") + text)
            else:
                after = parts[i + 1] if i + 1 < len(parts) else " "
                # the text goes on right after the marker (\c, before the footnote's own lines)
                out[-1] += f"\\*{{{part}\\*}}" + ("\\c" if after and not after.startswith(" ") else "")
                out += [f".FS \\*{{{part}\\*}}", esc(notes.get(part, "")), ".FE"]
    return "\n".join(out) + "\n"


def typeset(gold_markdown: str, pdf: Path) -> tuple[Path, str]:
    """The PDF, and the characters its fonts could not print (troff warns and leaves them out: the
    text to compare against has them removed)."""
    groff = shutil.which("groff")
    assert groff, "Debian package groff is needed (make installs it)"
    source = pdf.with_suffix(".ms")
    source.write_text(ms_source(gold_markdown), encoding="utf-8")
    with open(pdf, "wb") as out:
        done = subprocess.run([groff, "-ms", "-k", "-Tpdf", str(source)], stdout=out, stderr=subprocess.PIPE,
                              check=True, timeout=120, text=True)
    missing = {unicodedata.normalize("NFC", "".join(chr(int(code, 16)) for code in name.split("_")))
               for name in re.findall(r"can't find special character 'u([0-9A-F_]+)'", done.stderr)}
    return pdf, "".join(sorted(missing))
