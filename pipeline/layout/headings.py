"""What each heading of a chapter file is: a chapter, a section, or the title of a notes section.

The first heading of a file is its chapter heading. A later heading with the same *shape* — its level,
its numbering (``4.``, ``IV.``, ``Chapter 4``), its case and emphasis — is another chapter when the
shape carries a numbering and a number in it follows on from the chapter before (``5.`` after ``4.``;
``365`` after ``4.`` is a number a PDF tool set apart); other headings are sections. A heading such
as ``Notes`` (or such a line on its own, as ``pdftotext`` writes headings) that is followed by
numbered notes titles the chapter's notes section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import RawBlock
from ..pages import HEADING
from .syntax import MARKERS

# the words that number a chapter ('Chapter 4', 'Kapitel IV')
CHAPTER_WORD = r"(?:chapter|chap\.|part|book|letter|canto|lecture|essay|kapitel|chapitre|cap[ií]tulo)"
NUMBERINGS: list[tuple[str, re.Pattern]] = [
    ("word", re.compile(rf"^{CHAPTER_WORD}\s+(?:\d+|[ivxlcdm]+\b|[a-z]+\b)", re.I)),
    ("decimal", re.compile(r"^\d+\.\d+")),
    ("arabic", re.compile(r"^\d{1,3}(?:[.:)]|\s|$)")),
    ("roman", re.compile(r"^[IVXLCDM]+(?:[.:)]|\s|$)")),
]
# the number a chapter's heading opens with ('4. April 1660', 'Chapter 12')
CHAPTER_NUMBER = re.compile(rf"^(?:{CHAPTER_WORD}\s+)?(\d{{1,3}})(?!\d)", re.I)
NOTES_TITLE = re.compile(r"^(?:\d+\.?\s+)?(?:notes?|endnotes|footnotes|notes and references|references and notes|"
                         r"anmerkungen|fußnoten|notes de fin|notas|noten)(?:\s+to\s+chapter\s+\S+)?\s*:?\s*$", re.I)


@dataclass(frozen=True)
class Shape:
    level: int
    numbering: str
    upper: bool
    emphasis: bool

    def describe(self) -> str:
        return (f"level {self.level}, numbering {self.numbering}" + (", capitals" if self.upper else "")
                + (", emphasised" if self.emphasis else ""))


def plain_title(text: str) -> str:
    """Heading text without markers and emphasis marks, for shape and title comparisons."""
    for syntax in MARKERS:
        if syntax.strong:
            text = syntax.pattern.sub("", text)
    return text.strip().strip("*_").strip()


def shape(level: int, text: str) -> Shape:
    title = plain_title(text)
    numbering = next((name for name, rx in NUMBERINGS if rx.match(title)), "none")
    letters = [c for c in title if c.isalpha()]
    upper = len(letters) >= 3 and all(c.isupper() for c in letters)
    return Shape(level, numbering, upper, text.strip()[:1] in "*_")


@dataclass
class HeadingRole:
    index: int      # block index
    line: int       # line in the file
    level: int      # raw level (number of #)
    text: str
    role: str       # "chapter" | "section" | "notes"
    evidence: str


def classify(blocks: list[RawBlock], is_note_start) -> dict[int, HeadingRole]:
    """Roles of the heading blocks; ``is_note_start(i)`` tells whether block ``i`` opens a note."""
    roles: dict[int, HeadingRole] = {}
    chapter_shape: Shape | None = None
    number: int | None = None          # the last chapter's number
    for i, blk in enumerate(blocks):
        if blk.kind == "heading":
            m = HEADING.match(blk.lines[0])
            level, text = len(m.group(1)), m.group(2)
        elif blk.kind == "text" and len(blk.lines) == 1 and NOTES_TITLE.match(blk.lines[0].strip()):
            level, text = 0, blk.lines[0].strip()       # a title line without '#' (pdftotext)
        else:
            continue
        nxt = next((j for j in range(i + 1, len(blocks)) if not blocks[j].is_boundary
                    and blocks[j].kind != "separator"), None)
        if NOTES_TITLE.match(plain_title(text)) and nxt is not None and is_note_start(nxt):
            roles[i] = HeadingRole(i, blk.line, level, text, "notes", "a notes title followed by numbered notes")
            continue
        if blk.kind != "heading":
            continue
        s = shape(level, text)
        n = int(m.group(1)) if (m := CHAPTER_NUMBER.match(plain_title(text))) else None
        if chapter_shape is None:
            chapter_shape, number = s, n
            roles[i] = HeadingRole(i, blk.line, level, text, "chapter", "the file's first heading")
        elif s == chapter_shape and s.numbering != "none" and None not in (number, n) and n != number + 1:
            # chapters in one file follow on: '365' after '4. April 1660' is a number a tool set apart
            roles[i] = HeadingRole(i, blk.line, level, text, "section",
                                   f"same shape as the chapter heading ({s.describe()}) but numbered {n}, not "
                                   f"{number + 1}, the next chapter's number: kept as a section")
        elif s == chapter_shape and s.numbering != "none":
            number = n
            roles[i] = HeadingRole(i, blk.line, level, text, "chapter",
                                   f"same shape as the chapter heading ({s.describe()})")
        elif s == chapter_shape:
            roles[i] = HeadingRole(i, blk.line, level, text, "section",
                                   f"same shape as the chapter heading ({s.describe()}) but no numbering "
                                   f"to tell a chapter from a section: kept as a section")
        else:
            roles[i] = HeadingRole(i, blk.line, level, text, "section", f"{s.describe()}, unlike the chapter heading "
                                                                f"({chapter_shape.describe()})")
    return roles
