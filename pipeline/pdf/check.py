"""What a printer's quality desk measures on the PDF's pages: word spacing and stranded words.

Words and their positions come from pdfplumber. A page's lines are grouped by their baseline; a
line's word space is the mean gap between its words, in ems of its font size. In the notes, a note
starts with its label (``76.``); a line is a note's last when the next starts a note (or the page ends
with it); the other lines are justified. A *stranded* line is a line other than a note's last that
holds fewer than three words while the next line goes on with the same note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MARGIN = 0.075   # share of the page's height at top and bottom holding running heads and folios
LABEL_GAP_EM = 0.25   # the least white between a note's label and its text
LABEL = re.compile(r"^(?:\d{1,6}|[*†‡§‖¶]{1,4})\.$")


@dataclass
class Line:
    page: int
    words: list[str]
    size: float
    gaps: list[float]        # the gaps between words, in ems of the line's font size
    x0: float
    x1: float
    top: float = 0.0
    edges: list[tuple[float, float]] = field(default_factory=list)   # each word's left and right x
    column: float = 0.0      # where the page's note text starts (labels hang left of it); 0: unknown

    @property
    def labelled(self) -> bool:
        """The line opens a note: a label, hanging left of the text column when that is known (a year
        opening a note's inner line, '1679. At the Restoration', stands in the column)."""
        return bool(LABEL.match(self.words[0])) and (not self.column or self.x0 < self.column - 1)

    @property
    def space_em(self) -> float:
        """The mean word space; on a note's first line the gap after the label (its column) is not a
        word space."""
        gaps = self.gaps[1:] if self.labelled else self.gaps
        return sum(gaps) / len(gaps) if gaps else 0.0

    @property
    def text_words(self) -> int:
        return len(self.words) - (1 if self.labelled else 0)


@dataclass
class NotesMetrics:
    lines: int = 0
    justified: int = 0
    loose: list[Line] = field(default_factory=list)      # justified lines with space over the limit
    stranded: list[Line] = field(default_factory=list)
    crowded_labels: list[Line] = field(default_factory=list)  # labels closer than LABEL_GAP_EM to their text


def page_chars(pdf, index: int) -> list[dict]:
    """The characters of page ``index`` of an open pdfplumber PDF, as ``page.chars`` gives them, read
    with pdfminer directly (``extract.content``: the measure reads every page of a book)."""
    from ..extract.content import read_content
    return read_content(pdf, index, rules=False).chars


def page_lines(pdf, index: int, min_size: float = 0, max_size: float = 100) -> list[Line]:
    from pdfplumber.utils.text import WordExtractor

    page = pdf.pages[index]
    words = WordExtractor(extra_attrs=["size"], keep_blank_chars=False, use_text_flow=True,
                          x_tolerance=1.5).extract_words(page_chars(pdf, index))
    small = [w for w in words if w["size"] < min_size]
    words = [w for w in words if min_size <= w["size"] <= max_size]
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - w["bottom"]) < w["size"] * 0.4:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    for row in rows:
        row = _with_markers(row, small)
        size = max(w["size"] for w in row)
        gaps = [b["x0"] - a["x1"] for a, b in zip(row, row[1:])]
        lines.append(Line(index + 1, [w["text"] for w in row], size, [g / size for g in gaps],
                          row[0]["x0"], row[-1]["x1"], min(w["top"] for w in row),
                          [(w["x0"], w["x1"]) for w in row]))
    # Running heads and folios stand in the top and bottom margins: not text lines.
    height = float(page.height)
    return [line for line in lines if height * MARGIN < line.top < height * (1 - MARGIN)]


def _with_markers(row: list[dict], small: list[dict]) -> list[dict]:
    """A row's words, left to right, each with the smaller text glued to it (a note's marker, raised
    on the row: 'Harrington,⁵⁹'), so that a gap is the white between words, not a marker's width."""
    size = max(w["size"] for w in row)
    bottom = max(w["bottom"] for w in row)
    right = max(x["x1"] for x in row)
    raised = [w for w in small if bottom - size <= w["bottom"] <= bottom + 0.1 * size
              and row[0]["x0"] - size <= w["x0"] <= right + size]
    marker = {id(w) for w in raised}
    out: list[dict] = []
    for w in sorted(row + raised, key=lambda w: w["x0"]):
        if out and w["x0"] - out[-1]["x1"] < 0.1 * size and (id(w) in marker or id(out[-1]) in marker):
            out[-1] = {**out[-1], "text": out[-1]["text"] + w["text"], "x1": w["x1"],
                       "size": max(out[-1]["size"], w["size"])}
        else:
            out.append(w)
    least = min(x["size"] for x in row)
    return [w for w in out if w["size"] >= least]


def notes_metrics(path: Path, pages: list[int], note_size: tuple[float, float], limit_em: float = 0.75,
                  stranded_below: int = 3) -> NotesMetrics:
    """Word spacing and stranded lines on the notes pages (0-based indexes), notes set in a font size
    within ``note_size``."""
    import pdfplumber

    m = NotesMetrics()
    with pdfplumber.open(str(path)) as pdf:
        for index in pages:
            lines = page_lines(pdf, index, *note_size)
            if lines:
                column = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
                for line in lines:
                    line.column = column
            for i, line in enumerate(lines):
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                last_of_note = nxt is None or nxt.labelled or nxt.x0 < line.x0 - 1
                m.lines += 1
                if line.labelled and line.gaps and line.gaps[0] < LABEL_GAP_EM:
                    m.crowded_labels.append(line)
                if last_of_note:
                    continue
                m.justified += 1
                if line.space_em > limit_em:
                    m.loose.append(line)
                if line.text_words < stranded_below:
                    m.stranded.append(line)
    return m


def body_spacing(path: Path, pages: list[int], body_size: tuple[float, float]) -> dict:
    """The share of body lines whose word space exceeds 0.5 em and 0.75 em (the last line of a paragraph,
    which is not justified, is the one with a short right edge: it is left out)."""
    import pdfplumber

    spaces = []
    with pdfplumber.open(str(path)) as pdf:
        for index in pages:
            lines = page_lines(pdf, index, *body_size)
            if not lines:
                continue
            right = max(line.x1 for line in lines)
            spaces += [line.space_em for line in lines if len(line.words) > 1 and line.x1 > right - 2]
    n = len(spaces) or 1
    return {"lines": len(spaces), "over_0.5em": sum(s > 0.5 for s in spaces) / n,
            "over_0.75em": sum(s > 0.75 for s in spaces) / n}


NOTE_SIZE = (7.5, 9.0)     # the notes' font size in print.css (8.5 pt), with a margin
BODY_SIZE = (9.5, 11.5)    # the body's (10.5 pt)


def measure_pdf(path: Path) -> dict:
    """The quality desk's figures for a book PDF made by this pipeline: the notes pages (from the
    bookmark "Notes" to the end) and the body pages (from the first bookmark after "Contents")."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    marks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline if not isinstance(o, list)]
    notes = next((page for title, page in marks if title == "Notes"), len(reader.pages))
    first = next((page for title, page in marks if title not in ("Contents", "Notes")), 0)
    m = notes_metrics(path, list(range(notes, len(reader.pages))), NOTE_SIZE)
    return {"pages": len(reader.pages), "notes_pages": len(reader.pages) - notes,
            "notes": {"lines": m.lines, "justified": m.justified, "loose": len(m.loose),
                      "stranded": len(m.stranded), "crowded_labels": len(m.crowded_labels)},
            "body": body_spacing(path, list(range(first, notes)), BODY_SIZE),
            "examples": [f"p. {line.page}: {' '.join(line.words)}" for line in
                         (m.loose + m.stranded + m.crowded_labels)[:5]]}
