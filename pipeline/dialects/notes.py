"""Note areas at the foot of plain-text pages, and the markers in the text that refer to them.

Plain text has no sizes or rules: a note area is found from sequences. A page's notes are the run of
lines at its foot whose labels follow on — from the last note of the page before, or start again at 1
(or ``*``) — and whose markers stand in the text above, in the same order. A label may open its
note's first line (``1Stalin…``, ``1 Stalin…``), stand on a line of its own before the note (LaTeX) or
after it (LibreOffice); which one is decided for the whole file, from where bare labels stand. A
marker is the label's digits (or symbol) glued to the end of a word or to punctuation
(``before.1 As``, ``them2—if``): a year or a quantity in the text is never one, since the sequence of
labels decides which number is looked for, and where.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..layout.syntax import SYMBOL, SYMBOL_ORDER, normal, successor
from .furniture import Line

LABEL = re.compile(rf"^(?P<label>\d{{1,3}}|{SYMBOL})(?P<rest>(?:[.)]?\s+|(?=[^\W\d_])|(?=[“‘\"'(\[_*]))\S.*)?$")
BARE = re.compile(rf"^(?P<label>\d{{1,3}}|{SYMBOL})\.?$")
# What a marker is glued to (the end of a word, or punctuation), and what may follow it.
BEFORE = r"[^\W\d_]|[.,;:!?’”\"')\]…*]"
AFTER = r"(?=[\s.,;:!?’”\"')\]—–…-]|$)"


@dataclass
class Note:
    label: str
    lines: list[Line]
    continued: bool = False    # a continuation of the previous page's last note (no label)


@dataclass
class Area:
    start: int                 # index of the first line of the note area in the page
    notes: list[Note] = field(default_factory=list)


def labels_after(pages: list[list[Line]]) -> bool:
    """Whether the file prints its note labels after the notes: a bare label ends most pages that
    have one at all (in the other positions, a label is followed by its note)."""
    ends = sum(1 for p in pages if p and BARE.match(p[-1].text.strip()))
    inner = sum(1 for p in pages for ln in p[:-1] if BARE.match(ln.text.strip()))
    return ends > 0 and ends * 2 >= inner


def _label_of(text: str) -> tuple[str, str] | None:
    """(label, note text) of a line that may open a note: '1Stalin…', '12 Text', '3' alone."""
    text = text.strip()
    m = BARE.match(text)
    if m:
        return normal(m.group("label")), ""
    m = LABEL.match(text)
    if m and m.group("rest"):
        return normal(m.group("label")), m.group("rest").strip()
    return None


def _follows(prev: str | None, label: str) -> bool:
    """``label`` continues the sequence after ``prev``, or starts one again."""
    return label in ("1", SYMBOL_ORDER[0]) or (prev is not None and successor(prev) == label) or prev is None


def find_area(page: list[Line], prev: str | None, after: bool, note_width: float,
              before: list[Line] = ()) -> Area | None:
    """The note area at the foot of ``page``: the earliest start from which the labels run on in
    sequence to the page's end (``prev``: the last label read before this page)."""
    cands = [(i, lab) for i, ln in enumerate(page) if (lab := _label_of(ln.text))]
    if after:
        return _area_after(page, cands, prev, note_width)
    for k, (i, (label, _)) in enumerate(cands):
        if not _follows(prev, label) or not referred(list(before) + page[:i], label):
            continue
        run = [cands[k]]
        for c in cands[k + 1:]:
            if successor(run[-1][1][0]) == c[1][0]:
                run.append(c)      # a label out of sequence is a line of the note's text ('70. Also')
        return _notes_before(page, run)
    return None


def referred(body: list[Line], label: str) -> bool:
    """A marker for ``label`` stands in ``body`` (or the note was set on the page after its marker's:
    the body holds no text to look in)."""
    return _search(body, label, (0, 0)) is not None


def _notes_before(page: list[Line], cands: list) -> Area:
    area = Area(cands[0][0])
    starts = [i for i, _ in cands] + [len(page)]
    for (i, (label, text)), end in zip(cands, starts[1:]):
        first = [Line(text, page[i].src)] if text else []
        area.notes.append(Note(label, first + page[i + 1:end]))
    return area


def _area_after(page: list[Line], cands: list, prev: str | None, note_width: float) -> Area | None:
    """Labels printed after their notes: bare labels from the page's foot up, in sequence."""
    bare = [(i, lab) for i, lab in cands if not lab[1]]
    if not bare or bare[-1][0] != len(page) - 1:
        return None
    run = [bare[-1]]
    for i, lab in reversed(bare[:-1]):
        if successor(lab[0]) == run[0][1][0]:
            run.insert(0, (i, lab))
        else:
            break
    while run and not _follows(prev, run[0][1][0]):
        run.pop(0)
    if not run:
        return None
    first = run[0][0]
    start = first - 1
    while start - 1 >= 0 and len(page[start - 1].text) > note_width:
        start -= 1
    if start < 0:
        return None
    area = Area(start)
    begin = start
    for i, (label, _) in run:
        area.notes.append(Note(label, page[begin:i]))
        begin = i + 1
    return area


def note_width(pages: list[list[Line]], areas: list[Area | None], body_width: float) -> float:
    """The length beyond which a line is a note's (notes are set smaller, in longer lines): between
    the body's width and that of the notes' inner lines, or past the body's width when unknown."""
    inner = [len(ln.text) for a in areas if a for n in a.notes for ln in n.lines[:-1]]
    if len(inner) >= 10:
        width = statistics.quantiles(inner, n=10)[-1]
        if width > body_width * 1.06:
            return (width + body_width) / 2
    return body_width * 1.06


def place_markers(bodies: list[list[Line]], labels: list[list[str]]) -> list[dict[int, list[tuple[int, int, str]]]]:
    """Markers for each page's labels, in order: found in the page's body after the previous marker,
    or (a note set on the page after its reference) in the previous page's body after its last one.
    For each page: line index -> [(start, end, label)]."""
    found: list[dict[int, list[tuple[int, int, str]]]] = [{} for _ in bodies]
    cursor = [(0, 0) for _ in bodies]
    for p, page_labels in enumerate(labels):
        for label in page_labels:
            for q in (p, p - 1):
                if q < 0:
                    continue
                hit = _search(bodies[q], label, cursor[q])
                if hit:
                    i, s, e = hit
                    found[q].setdefault(i, []).append((s, e, label))
                    cursor[q] = (i, e)
                    break
    return found


def _search(body: list[Line], label: str, cursor: tuple[int, int]) -> tuple[int, int, int] | None:
    pattern = re.compile(rf"(?<={BEFORE}){re.escape(label)}{AFTER}" if label.isdigit() else
                         rf"(?<=\S){re.escape(label)}{AFTER}")
    ci, cc = cursor
    for i in range(ci, len(body)):
        text = body[i].text
        for m in pattern.finditer(text, cc if i == ci else 0):
            if label.isdigit() and m.start() > 0 and text[m.start() - 1].isdigit():
                continue
            return i, m.start(), m.end()
    return None
