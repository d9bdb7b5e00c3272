"""A chapter typeset by LaTeX (pdflatex, the article class): Computer Modern Type 1 fonts in TeX's OT1
encoding (accents drawn over their letters, ``\\ldots`` as spaced full stops), footnotes numbered from 1
with superscript labels under a short rule, an A5 page with a slanted running head and the folio at
the top, TeX's own hyphenation and ligatures. Or several chapters as a book (the book class: the
notes numbered from 1 in each chapter, the chapter's title and folio in the recto's head)."""

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
# A book of several chapters (``book=True``): the book class, each chapter's title set large on a new
# page with the folio at its foot, a head over the others (fancyhdr, its rule below): the verso's
# folio and the book's title, the recto's chapter title and folio.
BOOK_PREAMBLE = r"""\documentclass[10pt,twoside,openany]{book}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage[paperwidth=5.5in,paperheight=8.5in,margin=0.7in,headsep=14pt]{geometry}
\usepackage{fancyhdr}
\pagestyle{fancy}\fancyhf{}
\fancyhead[LE]{\thepage\quad\textsc{The Diary of Samuel Pepys}}
\fancyhead[RO]{\nouppercase{\leftmark}\quad\thepage}
\renewcommand{\chaptermark}[1]{\markboth{#1}{#1}}
\setcounter{secnumdepth}{-1}
\providecommand{\tightlist}{}
\begin{document}
"""
# Notes labelled as Chicago's footnotes are: the number on the baseline with a full stop, hanging in
# a box of 1.5 em ('42. Samuel Morland, son of…'), the note's other lines indented as far.
HANGING = r"""\makeatletter\renewcommand\@makefntext[1]{\noindent\hangindent=1.5em\makebox[1.5em][l]{\@thefnmark.}#1}\makeatother
"""
# Paragraphs marked by space between them, not indented (what the parskip package sets).
SPACED = r"""\setlength{\parindent}{0pt}\setlength{\parskip}{5pt plus 1pt}
"""
# Notes gathered at the chapter's end under a heading 'Notes' (``endnotes=True``), set smaller, each
# labelled as HANGING labels them; the text's markers superscript figures.
ENDNOTE = r"\par\noindent\hangindent=1.5em\makebox[1.5em][l]{%d.}%s"
UNSET = re.compile(r"Unicode character (.) \(U\+[0-9A-F]+\)\s*not set up for use with LaTeX")


def _as_endnotes(body: str) -> str:
    """The body's footnotes taken out, each one's place marked with its number, and set after the
    text under a heading 'Notes' (:data:`ENDNOTE`)."""
    out, notes, i = [], [], 0
    while (j := body.find(r"\footnote{", i)) >= 0:
        out.append(body[i:j])
        k = m = j + len(r"\footnote{")
        depth = 1
        while depth:
            depth += {"{": 1, "}": -1}.get(body[m], 0)
            m += 1
        notes.append(body[k:m - 1])
        out.append(r"\textsuperscript{%d}" % len(notes))
        i = m
    items = "\n".join(ENDNOTE % (n, text) for n, text in enumerate(notes, 1))
    return "".join(out) + body[i:] + "\n\\section*{Notes}\n{\\small " + items + "\\par}\n"


def source(gold_markdown: str, book: bool = False, hanging: bool = False, spaced: bool = False,
           endnotes: bool = False) -> str:
    """The gold Markdown as a LaTeX document (pandoc's LaTeX writer for the body). Straight quotes are
    set as closing ones, as a typewriter-quote text comes out of TeX (compare with quotes folded): a
    straight quote needs a font that this pdflatex has only as a bitmap."""
    text = gold_markdown.replace("'", "\u2019").replace('"', "\u201d")
    body = pypandoc.convert_text(text, "latex", format="markdown-auto_identifiers-smart",
                                 extra_args=["--top-level-division=chapter"] if book else [])
    preamble = BOOK_PREAMBLE if book else PREAMBLE
    extra = (HANGING if hanging else "") + (SPACED if spaced else "")
    preamble = preamble.replace("\\begin{document}", extra + "\\begin{document}")
    return preamble + (_as_endnotes(body) if endnotes else body) + "\n\\end{document}\n"


def typeset(gold_markdown: str, pdf: Path, book: bool = False, hanging: bool = False,
            spaced: bool = False, endnotes: bool = False) -> tuple[Path, str, str]:
    """The PDF, the gold as typeset, and the characters the fonts could not print (left out of the
    source and of the gold returned). A marker whose note the gold lacks is left out: LaTeX prints no
    empty footnotes. ``book``: its chapters as a book's (:data:`BOOK_PREAMBLE`); ``hanging``: the notes'
    labels set as :data:`HANGING`; ``spaced``: the paragraphs as :data:`SPACED`; ``endnotes``: the notes
    at the end (:func:`_as_endnotes`)."""
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "Debian package texlive-latex-base is needed (make installs it)"
    defined = set(re.findall(r"^\[\^(\w+)\]:", gold_markdown, re.M))
    gold = re.sub(r"\[\^(\w+)\](?!:)", lambda m: m.group(0) if m.group(1) in defined else "", gold_markdown)
    missing = ""
    for _ in range(3):
        tex = source("".join(c for c in gold if c not in missing), book, hanging, spaced, endnotes)
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
