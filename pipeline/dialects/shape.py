"""Body lines of plain-text pages into the seed's shape: paragraphs, headings and markers.

Plain text from a PDF has no blank lines and no sizes. A line ends a paragraph when it ends a sentence
and is not full: the next line's first word would have fitted on it (what ragged-right and justified
setting alike do at a paragraph's end, and only there). A heading is a run of lines that are not
full, end no sentence and stand where a paragraph ends (or at the chapter's start). Evidence comes from
the file's own measure: its body lines' widths.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..recover.sentences import ends_mid_sentence
from .furniture import Line

OPENS = re.compile(r"^[\s“‘\"'(\[«¿¡—–]*(?:[A-ZÀ-ÖØ-ÞĀ-ſ\d]|\((?:\d+|[a-z]|[ivx]+)\)|[a-z]\))")
FULL = 0.97          # a line this near the body's width (with the next word) is full


@dataclass
class BodyLine:
    line: Line
    text: str             # with markers written as <sup>N</sup>
    page: int             # the page's index in the file
    page_start: bool      # the first body line of a page


def body_width(lines: list[Line]) -> float:
    """The body's width in characters: the upper decile of its lines' lengths."""
    lengths = [len(ln.text) for ln in lines if len(ln.text) > 1]
    if len(lengths) < 10:
        return float(max(lengths, default=60))
    return statistics.quantiles(lengths, n=10)[-1]


def _first_word(text: str) -> str:
    parts = text.split()
    return parts[0] if parts else ""


def fits(line: str, nxt: str, width: float) -> bool:
    """The next line's first word would have fitted at the end of ``line``."""
    return len(line.rstrip()) + 1 + len(_first_word(nxt)) <= width * FULL


PageEnd = tuple[None, int]


def shape(body: list[BodyLine], width: float, chapter_start: bool = True) -> list[tuple[str, int] | PageEnd]:
    """Output lines (text, input line) in the seed's shape, and ``(None, page)`` where that page's
    body ends (the caller sets its notes and the form feed there)."""
    out: list[tuple[str, int]] = []
    ends = [_ends_paragraph(body, i, width) for i in range(len(body))]
    i = 0
    para_open = False
    at_start = chapter_start
    while i < len(body):
        if body[i].page_start and i:
            out.append((None, body[i - 1].page))
        # headings: not-full lines ending no sentence, where a paragraph may start
        if (at_start or i == 0 or ends[i - 1]) and _heading_line(body, i, width):
            run = [i]
            while run[-1] + 1 < len(body) and _heading_line(body, run[-1] + 1, width) and \
                    not body[run[-1] + 1].page_start:
                run.append(run[-1] + 1)
            if run[-1] + 1 < len(body) or at_start:
                for title in _split_titles([body[k] for k in run]):
                    out.extend([(f"## {title[0]}", title[1]), ("", title[1])])
                i = run[-1] + 1
                para_open = False
                at_start = True        # a section's title may follow the chapter's
                continue
        at_start = False
        bl = body[i]
        starts = i == 0 and not para_open or (i > 0 and ends[i - 1])
        if starts and out and out[-1][0] is not None and out[-1][0]:
            out.append(("", bl.line.src))
        out.append((("  " if starts else "") + bl.text, bl.line.src))
        para_open = True
        i += 1
    if body:
        out.append((None, body[-1].page))
    return out


def _ends_paragraph(body: list[BodyLine], i: int, width: float) -> bool:
    if i + 1 >= len(body):
        return not ends_mid_sentence(body[i].text)
    nxt = body[i + 1]
    return (not ends_mid_sentence(body[i].text) and bool(OPENS.match(nxt.text))
            and fits(body[i].line.text, nxt.line.text, width))


def _heading_line(body: list[BodyLine], i: int, width: float) -> bool:
    text = body[i].line.text.strip()
    if not text or "<sup>" in body[i].text or len(text) > width * 0.8:
        return False
    if text[-1] in ".,;:!?" or text.endswith(("-", "­")):
        return False
    return i + 1 >= len(body) or fits(text, body[i + 1].line.text, width) or len(text) < width * 0.6


def _split_titles(run: list[BodyLine]) -> list[tuple[str, int]]:
    """A run of heading lines as headings: a line opening in lower case continues the one before."""
    titles: list[list] = []
    for bl in run:
        text = bl.line.text.strip()
        if titles and text[:1].islower():
            titles[-1][0] += " " + text
        else:
            titles.append([text, bl.line.src])
    return [(t, src) for t, src in titles]
