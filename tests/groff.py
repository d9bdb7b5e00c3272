"""A chapter typeset by another engine: GNU troff's -ms macros (gropdf), footnotes at the page foot
with superscript labels, bold flush-left headings at the text size, running heads with the folio."""

from __future__ import annotations

import re
import shutil
import subprocess
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
                if i > 0 and part and not part.startswith(" "):
                    out[-1] += "\\c"          # the text goes on right after the marker
                text = esc(part.lstrip(" "))
                if text:
                    out.append(("\\&" if text[0] in ".'" else "") + text)
            else:
                out[-1] += f"\\*{{{part}\\*}}"
                out += [f".FS \\*{{{part}\\*}}", esc(notes.get(part, "")), ".FE"]
    return "\n".join(out) + "\n"


def typeset(gold_markdown: str, pdf: Path) -> Path:
    groff = shutil.which("groff")
    assert groff, "Debian package groff is needed (make installs it)"
    source = pdf.with_suffix(".ms")
    source.write_text(ms_source(gold_markdown), encoding="utf-8")
    with open(pdf, "wb") as out:
        subprocess.run([groff, "-ms", "-k", "-Tpdf", str(source)], stdout=out, check=True, timeout=120)
    return pdf
