"""A chapter typeset by LaTeX (pdflatex, the article class): Computer Modern Type 1 fonts in TeX's OT1
encoding (accents drawn over their letters, ``\\ldots`` as spaced full stops), footnotes numbered from 1
with superscript labels under a short rule, an A5 page with a slanted running head and the folio at
the top, TeX's own hyphenation and ligatures."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypandoc

PREAMBLE = r"""\documentclass[11pt,a5paper]{article}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\pagestyle{myheadings}\markboth{The Diary}{The Diary}
\setcounter{secnumdepth}{0}
\providecommand{\tightlist}{}
\begin{document}
"""
UNSET = re.compile(r"Unicode character (.) \(U\+[0-9A-F]+\)\s*not set up for use with LaTeX")


def source(gold_markdown: str) -> str:
    """The gold Markdown as a LaTeX document (pandoc's LaTeX writer for the body). Straight quotes are
    set as closing ones, as a typewriter-quote text comes out of TeX (compare with quotes folded): a
    straight quote needs a font that this pdflatex has only as a bitmap."""
    text = gold_markdown.replace("'", "\u2019").replace('"', "\u201d")
    body = pypandoc.convert_text(text, "latex", format="markdown-auto_identifiers-smart")
    return PREAMBLE + body + "\n\\end{document}\n"


def typeset(gold_markdown: str, pdf: Path) -> tuple[Path, str, str]:
    """The PDF, the gold as typeset, and the characters the fonts could not print (left out of the
    source and of the gold returned). A marker whose note the gold lacks is left out: LaTeX prints no
    empty footnotes."""
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "Debian package texlive-latex-base is needed (make installs it)"
    defined = set(re.findall(r"^\[\^(\w+)\]:", gold_markdown, re.M))
    gold = re.sub(r"\[\^(\w+)\](?!:)", lambda m: m.group(0) if m.group(1) in defined else "", gold_markdown)
    missing = ""
    for _ in range(3):
        tex = source("".join(c for c in gold if c not in missing))
        pdf.with_suffix(".tex").write_text(tex, encoding="utf-8")
        done = subprocess.run([pdflatex, "-interaction=nonstopmode", pdf.with_suffix(".tex").name],
                              cwd=pdf.parent, capture_output=True, text=True, timeout=300)
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        unset = set(UNSET.findall(log)) - set(missing)
        if done.returncode == 0 and pdf.exists():
            return pdf, "".join(c for c in gold if c not in missing), missing
        assert unset, log[-2000:]
        missing += "".join(sorted(unset))
    raise AssertionError(f"pdflatex failed: {log[-2000:]}")
