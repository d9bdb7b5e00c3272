"""Input dialects: the front ends that turn each tool's text into the pages the normaliser reads.

A raw chapter arrives in the shape of whatever made it: the seed's Markdown-like page text (also what
``extract`` writes), poppler's ``pdftotext`` (form feeds, markers as digits glued to words, note labels
on lines of their own or glued to the note, no blank lines), or PyMuPDF's Markdown. Each dialect is an
entry in :data:`DIALECTS` (like pandoc's list of readers): how to recognise it from evidence in the
text, and how to rewrite it into the seed's shape — pages divided by form feeds, paragraphs by blank
lines (a two-space indent on a paragraph's first line), markers as ``<sup>N</sup>``, each page's notes
after ``---``, headings as ``##``. The layout stage and the recovery steps are the same for all.

A conversion keeps every word (checked: the letters of the converted text are the input's, less the
page furniture it removed, which is counted) and maps each line back to the input's line, so that
every report names the line of the file the user has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable

from ..errors import PipelineError


@dataclass
class Converted:
    """A dialect's text rewritten into the seed's shape."""
    text: str
    lines: list[int]                   # for each line of ``text``: its line in the input (1-based)
    entries: list[dict] = field(default_factory=list)   # report entries: kind, line, before, evidence …
    furniture: list[str] = field(default_factory=list)  # the furniture lines removed, as read
    summary: str = ""


@dataclass(frozen=True)
class Dialect:
    name: str
    description: str
    detect: Callable[[str], tuple[float, str]]        # (score 0–1, evidence)
    convert: Callable[[str, str, str], Converted] | None   # (text, name, language); None: the seed's shape


def _seed_detect(text: str) -> tuple[float, str]:
    return 0.5, "no other tool's shape found: read as page text in the seed's shape"


@cache
def _registry() -> tuple[Dialect, ...]:
    """The table of dialects, built once (imported on first use: the command line names them without
    loading them)."""
    from . import pdftotext, pymupdf
    return (
        Dialect("seed", "page text in the seed's shape (also what extract writes)", _seed_detect, None),
        Dialect("pdftotext", pdftotext.DESCRIPTION, pdftotext.detect, pdftotext.convert),
        Dialect("pymupdf", pymupdf.DESCRIPTION, pymupdf.detect, pymupdf.convert),
    )


DIALECT_NAMES = ("auto", "seed", "pdftotext", "pymupdf")


def choose(text: str, forced: str = "auto") -> tuple[Dialect, str]:
    """The dialect of ``text`` (the one forced, or the one with the strongest evidence)."""
    dialects = _registry()
    if forced != "auto":
        for d in dialects:
            if d.name == forced:
                return d, f"input read as {d.name} (forced)"
        raise PipelineError(f"unknown input dialect '{forced}': choose one of {', '.join(DIALECT_NAMES)}")
    scored = [(d.detect(text), i, d) for i, d in enumerate(dialects)]
    (score, evidence), _, best = max(scored, key=lambda s: (s[0][0], -s[1]))
    return best, evidence


def convert(text: str, name: str, forced: str = "auto", lang: str = "en") -> tuple[Dialect, str, Converted | None]:
    """``text`` in the seed's shape: the dialect, the evidence for it, and the conversion (None when
    the text already is in the seed's shape). ``lang``: the book's language (BCP 47), whose words and
    hyphenation patterns the front ends decide breaks and fragments by."""
    dialect, evidence = choose(text, forced)
    if dialect.convert is None:
        return dialect, evidence, None
    return dialect, evidence, dialect.convert(text, name, lang)


__all__ = ["Converted", "Dialect", "DIALECT_NAMES", "choose", "convert"]
