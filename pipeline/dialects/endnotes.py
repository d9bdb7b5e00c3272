"""Notes gathered at the chapter's end (endnotes) in plain text: a run of numbered paragraphs that
closes the chapter.

Evidence, not wording: the run reaches the chapter's last line, its labels count 1, 2, 3 … without a
gap (each opens a line, followed by a space: ``1. Pepys's house…``, ``2 Probably…``), and the
chapter's text holds digits glued to words or punctuation for them (``cold.1 I lived``), found in
the same order. A line opening with a number out of the sequence (``1659–60.``, ``3 vols.``) goes on
with the note before. Labels standing on lines of their own, one or several (pdftotext's reading of
a page's hanging labels: ``3.`` ``4.`` ``5.``, then the three notes' text), are followed by their
notes' text, cut where a note ends. Where the notes were printed as a web page's endnotes, each ends
with a back-link arrow (``↩︎``): it is no text of the note and is taken out.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right

from ..layout.syntax import AHEAD, successor
from ..model import Kind
from .furniture import Line
from .notes import (BARE_NUMBER, BRACKET_MARKER, Note, cut_notes, note_ends, numbers_kept_inside,
                    place_markers)
from .widths import span

# (a label wider than the notes' hanging indent is set close to its note's first word: '100Denzil Holles')
OPENER = re.compile(r"^(?P<label>\d{1,3})(?:\.?\s+|(?=[A-ZÀ-Þ“‘\"(]))(?P<rest>\S.*)$")
BACK_LINK = re.compile("[ \t]*\u21a9[\ufe0e\ufe0f]?$")
BACK_LINK_INSIDE = re.compile("[ \t]*\u21a9[\ufe0e\ufe0f]?[ \t]+")
LEAST = 3          # notes a run needs to be taken for the chapter's endnotes
REFERRED = 0.75    # the share of a run's notes whose markers the text before it must hold
TRIED = 20         # the longest runs whose markers are looked for (a bound on hostile text)
RESTARTED = 2      # other pages whose lower halves open a note 1: the notes start again on each page


def split(pages: list[list[Line]], brackets: bool = False) -> tuple[list[list[Line]], list[Note]]:
    """The pages with the endnotes taken off their end, and the notes (none: the pages as they are). Of
    the runs that open with a note 1 the longest is taken, the last of equal ones (a heading "1. January"
    opens a run as long as the notes' own). Each opener's run length is counted once, from the end
    (an opener's run is itself and the run of the next label's first opener after it): the text is read
    a bounded number of times whatever its numbered lines. ``brackets``: a marker may be written
    ``[12]`` (PyMuPDF's)."""
    flat = [(p, i) for p, page in enumerate(pages) for i in range(len(page))]
    lines = [pages[p][i] for p, i in flat]
    openers = [(k, m.group("label")) for k, ln in enumerate(lines)
               if (m := OPENER.match(ln.text) or BARE_NUMBER.match(ln.text))]
    where: dict[str, list[int]] = {}
    for k, label in openers:
        where.setdefault(label, []).append(k)
    run: dict[int, int] = {}
    for k, label in reversed(openers):
        after = where.get(successor(label), [])
        j = bisect_right(after, k)
        run[k] = 1 + (run[after[j]] if j < len(after) else 0)
    firsts = sorted(((run[k], k) for k in where.get("1", []) if run[k] >= LEAST), reverse=True)
    restarts = _restarts(pages)
    for _, k in firsts[:TRIED]:
        p, i = flat[k]
        if sum(restarts) - restarts[p] >= RESTARTED:
            continue
        notes = _run(lines[k:])
        if not _goes_on(openers, k, int(notes[-1].label)) and not (brackets and _marked(lines[k:])) and \
                _referred(lines[:k], notes, brackets):
            return [*pages[:p], *([pages[p][:i]] if i else [])], notes
    return pages, []


HEADING_WORDS = 3   # the notes' own heading ('Notes', 'Notes and references') is this short at most


def heading(pages: list[list[Line]]) -> tuple[list[list[Line]], Line | None]:
    """The pages before the chapter's endnotes without the notes' own heading, and that heading (None
    when there is none): the body's last line, set apart by a blank line or opening its page, of a few
    words with no digit and no sentence's end ('Notes' over a web print's notes). In the text it
    would run into the last paragraph."""
    from ..recover.sentences import ends_mid_sentence
    page = next((k for k in range(len(pages) - 1, -1, -1) if pages[k]), None)
    if page is None:
        return pages, None
    last = pages[page][-1]
    words = last.text.split()
    if not (last.after_blank or len(pages[page]) == 1) or not 0 < len(words) <= HEADING_WORDS or \
            any(c.isdigit() for c in last.text) or not ends_mid_sentence(last.text) or not words[0][:1].isupper():
        return pages, None
    return [*pages[:page], pages[page][:-1], *pages[page + 1:]], last


def _marked(lines: list[Line]) -> bool:
    """A line of the run holds a marker written '[12]' (PyMuPDF's superscript): the body's text goes on
    among the notes (a word processor's pages without furniture, each page's notes at its foot)."""
    return any(BRACKET_MARKER.search(ln.text) for ln in lines)


def _goes_on(openers: list[tuple[int, str]], start: int, last: int) -> bool:
    """Lines after the run's start open with a label a little beyond its ``last``: the sequence goes
    on past the run (a page's notes at its foot, the next page's run a few lines of text below,
    '8' then '10Thomas Hayter'), so the run does not end the chapter."""
    return any(k > start and last < int(label) <= last + AHEAD for k, label in openers)


def _restarts(pages: list[list[Line]]) -> list[bool]:
    """Which pages open a note 1 in their lower half. Where RESTARTED pages besides a run's own do, the
    notes are numbered per page: a run that ends the chapter is its last page's notes (their markers
    found on the pages before only because every page's count starts again), and one that opens on an
    earlier page that page's."""
    def opens_one(ln: Line) -> bool:
        m = OPENER.match(ln.text)
        return bool(m) and m.group("label") == "1"
    return [any(opens_one(ln) for ln in page[len(page) // 2:]) for page in pages]


def _referred(text: list[Line], notes: list[Note], brackets: bool = False) -> bool:
    """Whether the text before the notes holds markers for most of them, in order (notes at the pages'
    feet read from the first one on would find their markers after it, on the later pages)."""
    found = sum(len(spans) for spans in place_markers([text], [[n.label for n in notes]], brackets)[0].values())
    return found >= REFERRED * len(notes)


def _run(lines: list[Line]) -> list[Note]:
    """The notes of ``lines`` when the first opens note 1, each later opener continues the sequence (a
    label or two may be lost: set on a line of their own, '73') and the rest go on with the note
    before; labels on lines of their own, one or several together, are followed by their notes' text
    (:func:`_labelled_apart`)."""
    notes: list[Note] = []
    last, k = 0, 0
    width = _full_width(lines)
    while k < len(lines):
        ln = lines[k]
        m = OPENER.match(ln.text)
        if m and last < int(m.group("label")) <= last + AHEAD:
            last = int(m.group("label"))
            notes.append(Note(m.group("label"), [Line(m.group("rest"), ln.src)]))
            k += 1
        elif block := _labels_apart(lines, k, last):
            k = _labelled_apart(notes, block, lines, k + len(block), width)
            last = int(block[-1])
        else:
            notes[-1].lines.append(ln)
            k += 1
    return notes


def _labels_apart(lines: list[Line], k: int, last: int) -> list[str]:
    """The labels standing on lines of their own from line ``k`` on, the first right after ``last``,
    each the next of the one before (empty: none there; a number alone out of the sequence is the
    notes' text, or a folio left in it)."""
    block: list[str] = []
    for ln in lines[k:]:
        m = BARE_NUMBER.match(ln.text)
        if not m or int(m.group("label")) != (int(block[-1]) if block else last) + 1:
            break
        block.append(m.group("label"))
    return block


def _labelled_apart(notes: list[Note], block: list[str], lines: list[Line], k: int, width: float) -> int:
    """The notes of labels set apart (``block``), their text the lines from ``k`` to the next opener:
    cut where a note ends (:func:`.notes.cut_notes`: a sentence ending on a line that left room for
    the next line's first word), one piece more where the note before goes on there (its last line
    ends no note: 'His son was afterwards advanced to' above 'the dignity of Viscount Longueville').
    The notes are appended to ``notes``; returns the line after their text."""
    end = k
    while end < len(lines) and not _opens_after(lines[end], int(block[-1])):
        end += 1
    text = lines[k:end]
    goes_on = bool(notes and text) and not note_ends(notes[-1].lines[-1].text, text[0].text, width)
    pieces = cut_notes([(ln, None) for ln in text], len(block) + goes_on, width, loose=True) if text else []
    if goes_on and len(pieces) > len(block):
        notes[-1].lines += pieces.pop(0)
    src = lines[k - 1].src
    for label, piece in zip(block, pieces + [[Line("", src)]] * (len(block) - len(pieces))):
        notes.append(Note(label, piece))
    return end


def _opens_after(line: Line, last: int) -> bool:
    """``line`` opens a note continuing the sequence after ``last``, its label with it or alone."""
    m = OPENER.match(line.text) or BARE_NUMBER.match(line.text)
    return bool(m) and last < int(m.group("label")) <= last + AHEAD


def _full_width(lines: list[Line]) -> float:
    """The notes' full lines' printed width: the upper decile of the run's lines' widths."""
    spans = sorted(span(ln.text) for ln in lines)
    return statistics.quantiles(spans, n=10)[-1] if len(spans) >= 10 else max(spans, default=0.0)


def markers(bodies: list[list[Line]], notes: list[Note],
            brackets: bool = False) -> list[dict[int, list[tuple[int, int, str]]]]:
    """Each note's marker, searched through the whole text in the notes' order (as
    :func:`.notes.place_markers` does a page's): page -> line index -> [(start, end, label)]."""
    flat = [ln for body in bodies for ln in body]
    where = [(p, i) for p, body in enumerate(bodies) for i in range(len(body))]
    found: list[dict[int, list[tuple[int, int, str]]]] = [{} for _ in bodies]
    for k, spans in place_markers([flat], [[n.label for n in notes]], brackets)[0].items():
        p, i = where[k]
        found[p][i] = spans
    return found


def lines(notes: list[Note]) -> tuple[list[list[tuple[str, int]]], int]:
    """Each note's lines (text, input line) in the seed's shape for a chapter's notes (``1. text``),
    and how many back-link arrows were taken out."""
    out: list[list[tuple[str, int]]] = []
    arrows = 0
    for note in notes:
        texts = [ln.text for ln in note.lines]
        for k, text in enumerate(texts):
            # (a tool may set the arrow at the start of its printed line, inside the note: 'in 1677 he ↩
            # became', or end a line of the note with it)
            text, inside = BACK_LINK_INSIDE.subn(" ", text)
            texts[k], end = BACK_LINK.subn("", text)
            arrows += inside + end
        texts[0] = f"{note.label}. {texts[0]}"
        out.append([(t, ln.src) for t, ln in zip(texts, note.lines)])
    return out, arrows


def write(notes: list[Note]) -> tuple[list[tuple[str, int]], list[dict]]:
    """The chapter's notes as output lines (text, input line) after its text, a blank line before each,
    and the report entries (the back-link arrows taken out)."""
    noted, arrows = lines(notes)
    out = [("", noted[0][0][1])]
    for note in noted:
        out += numbers_kept_inside(note) + [("", note[-1][1])]
    entries = [{"kind": Kind.BACK_LINK_REMOVED, "line": noted[0][0][1],
                "evidence": f"{arrows} back-link arrow(s) (↩) in the chapter's notes taken out"}] if arrows else []
    return out, entries
