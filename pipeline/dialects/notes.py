"""Note areas at the foot of plain-text pages, and the markers in the text that refer to them.

Plain text has no sizes or rules: a note area is found from sequences. A page's notes are the run of
lines at its foot whose labels follow on — from the last note of the page before, or start again at 1
(or ``*``) — and whose markers stand in the text above, in the same order. A label may open its
note's first line (``1Stalin…``, ``1 Stalin…``) or stand on a line of its own, before its note
(LaTeX) or in LibreOffice's order (the first note's label after all the notes); on each page the
reading that explains more notes is taken. A marker is the label's digits (or symbol) glued to the end of a word or to punctuation
(``before.1 As``, ``them2—if``): a year or a quantity in the text is never one, since the sequence of
labels decides which number is looked for, and where.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from ..layout.syntax import AHEAD, SYMBOL, SYMBOL_CHARS, SYMBOL_ORDER, normal, successor, successors
from .furniture import Line
from .vocabulary import TURN, Vocabulary
from .widths import span

# (a number glued to an ordinal's letters, '2nd. Drank', opens a diary's day, never a note; one of
# four or five digits before a capitalised word may be a label glued to the number its note opens
# with, '4012 Car. II': the sequence decides, _glued_number; a symbol may be glued to a figure, '†12 Car.',
# and a label closed by its stop or bracket to its note's word, '10)Sir Dudley')
LABEL = re.compile(rf"^(?P<label>\d{{1,3}}|\d{{4,5}}(?=\s[A-ZÀ-Þ][^\W\d_])|{SYMBOL})(?!(?:st|nd|rd|th|d)\b)"
                   rf"(?P<rest>(?:[.)]?\s+|[.)]?(?=[^\W\d_])|[.)]?(?=[“‘\"'(\[_*—–])"
                   rf"|(?<=[{SYMBOL_CHARS}])(?=\d))(?P<text>\S.*))?$")
BARE = re.compile(rf"^(?P<label>\d{{1,3}}|{SYMBOL})\.?$")
BARE_NUMBER = re.compile(r"^(?P<label>\d{1,3})\.?$")      # a numbered label on a line of its own ('3.')
# What a marker is glued to (the end of a word, or punctuation), and what may follow it.
BEFORE = r"[^\W\d_]|[.,;:!?’”\"')\]…*]"
AFTER = r"(?=[\s.,;:!?’”\"')\]—–…-]|$)"
INSIDE_NUMBER = r"(?![.,]\d)"     # not before a point or comma and a figure ('19.12.1928' holds no 12)
APART_AFTER = r"[^\W\d_]|[.,;:!?’”\"')\]_*]"     # what a marker set apart follows: a word, its punctuation
# A marker as PyMuPDF writes a superscript, in brackets ('Thomas[1]', 'Thomas[*]')
BRACKET_MARKER = re.compile(rf"(?<=\S)\[(?:\d{{1,3}}|{SYMBOL})\]")
LEADING_NUMBER = re.compile(r"^(\d{1,3}[.)]?)(?:\s+|$)")      # what would read as a note's label


Openers = Callable[[], frozenset[str]]     # the words a file capitalises only where a sentence opens, asked
BROKEN_WORD = ("-", "\u00ad", "\u2010")     # what a line broken inside a word ends with
DASHED = BROKEN_WORD + ("\u2013", "\u2014")     # ... or at a dash, going on into the next ('1659–⏎60.')
NOTES_LONGER = 1.07   # the notes' full lines this much longer than the body's: set smaller


@dataclass(frozen=True)
class Measure:
    """A file's line widths (:func:`.widths.span`): its body's full lines and its notes' (set smaller,
    longer)."""
    body: float          # the body's full lines (upper decile)
    notes: float         # the notes' shorter full lines (lower quartile)
    notes_full: float    # the notes' full lines (upper decile)
    goes_on: float = 0.0  # how far lines that go on reach with the next line's first word (0: not known)

    @property
    def notes_longer(self) -> bool:
        """The notes are set in longer lines than the body's (a smaller size at the same measure): their
        full lines are NOTES_LONGER past the body's (the upper deciles: notes set at the body's size
        reach 0.99-1.02 of it, smaller ones 1.12-1.29 in the prints measured; the lower quartile
        comes near the body's where the notes hang their labels, LaTeX's '42.' in a 1.5 em box)."""
        return self.notes_full > self.body * NOTES_LONGER

    @property
    def threshold(self) -> float:
        """A line longer than this is a note's: a little past the body's full lines, short of the
        notes' (when the notes are set in longer lines at all)."""
        if self.notes_longer:
            return min((self.body + self.notes) / 2, self.body * 1.04)
        return self.body * 1.06

    def long(self, line: Line) -> bool:
        return span(line.text) > self.threshold

    def full(self, line: Line) -> bool:
        """A note's line as long as the notes' shorter full lines: its note may go on below."""
        return self.notes_longer and span(line.text) >= self.notes * 0.97


@dataclass
class Note:
    label: str
    lines: list[Line]
    continued: bool = False    # a continuation of the previous page's last note (no label)


@dataclass
class Area:
    start: int                 # index of the first line of the note area in the page
    notes: list[Note] = field(default_factory=list)


def label_of(text: str) -> tuple[str, str] | None:
    """(label, note text) of a line that may open a note: '1Stalin…', '12 Text', '3' alone."""
    text = text.strip()
    m = BARE.match(text)
    if m:
        return normal(m.group("label")), ""
    m = LABEL.match(text)
    if m and m.group("rest"):
        return normal(m.group("label")), m.group("text").strip()      # ('344. Younger': the stop is the label's)
    return None


def follows(prev: str | None, label: str) -> bool:
    """``label`` continues the sequence after ``prev``, or starts one again."""
    if prev is None or label in ("1", SYMBOL_ORDER[0]) or label in successors(prev):
        return True
    # a label or two lost on the way (garbled by the tool): the markers in the text still decide
    return prev.isdigit() and label.isdigit() and int(prev) < int(label) <= int(prev) + AHEAD


def labels_ahead(last: str | None) -> list[str]:
    """The labels that may open the next note after ``last`` (from the first): its successor, or one a
    little further on (PyMuPDF sets the blocks of a page's foot out of order, '7 St. Olave’s' above
    '6 The bookseller’s'; a tool may lose a label)."""
    out = list(successors(last)) if last else ["1"]
    while len(out) < AHEAD and (more := [x for y in out for x in successors(y) if x not in out]):
        out.extend(dict.fromkeys(more))        # (symbols: either order's next, '§' -> '‖', '¶')
    return out


def find_area(page: list[Line], prev: str | None, measure: Measure, before: list[Line] = (),
              after: list[Line] = (), trailing: bool = False, openers: Openers = frozenset,
              vocabulary: Callable[[], Vocabulary | None] = lambda: None) -> Area | None:
    """The note area at the foot of ``page``: the earliest start from which the labels run on in
    sequence to the page's end (``prev``: the last label read before this page; ``before`` and
    ``after``: the pages around it; ``trailing``: the file's labels stand after their notes;
    ``openers``: the words the file capitalises only where a sentence opens, when asked;
    ``vocabulary``: which words are the notes', when asked)."""
    cands = [(i, lab) for i, ln in enumerate(page) if (lab := label_of(ln.text))]
    glued = _area_glued(page, [c for c in cands if c[1][1]], prev, before)
    bare = _area_bare(page, cands, prev, measure, before, after, trailing, openers, vocabulary)
    if glued and (not bare or len(glued.notes) >= len(bare.notes)):
        return glued
    return bare


def _area_glued(page: list[Line], cands: list, prev: str | None, before: list[Line]) -> Area | None:
    """Labels opening their notes' first lines ('1Stalin…', '12 Text'), in sequence to the page's foot.
    A label out of sequence that opens with the one the sequence wants is that label, its note's text
    opening with the rest of the number ('212 Car. II' for note 2 on '12 Car. II cap. 14'). Of the
    starts the sequence allows, the one whose area holds the most notes (the earliest of those; a run
    with its next note set right above it, :func:`_last_set_first`, counts that note): a body line
    opening with a number ('9s. 6d. the book' above notes 1 to 5) starts a run of one."""
    best: Area | None = None
    for k in range(len(cands)):
        if best is not None and len(cands) - k < len(best.notes):
            break                 # (no run from here can be longer)
        run = _glued_run(page, cands, k, prev, before)
        if not run or (best is not None and len(run) + 1 < len(best.notes)):
            continue
        # (a run with the next note set right above it holds one note more: '7St. Olave’s…' above '6The
        # bookseller’s…', read as one run of 6 with 7 first, not a run of 7 alone)
        area = _last_set_first(page, cands, k, run, before) or _notes_opened(page, run)
        if best is None or len(area.notes) > len(best.notes):
            best = area
    return best


LAST_FIRST_LINES = 3      # lines of the last note set above the others, at most


def _last_set_first(page: list[Line], cands: list, at: int, run: list, before: list[Line]) -> Area | None:
    """The run's next note set right above it (PyMuPDF reads a page's last note first, at times:
    '36This is still railed off…' above '33Robert Barnwell…'): a label just above the run's first,
    LAST_FIRST_LINES lines at most, that follows the run's last, and whose marker stands in the page's
    text above it after the run's markers, in their order. The area then starts there, its notes in
    the labels' order. (A body line opening with a sum, '12s. for the ounce', above notes 7 to 11
    whose markers stand on the page: no marker 12 follows marker 11.)"""
    if not at:
        return None
    i, (label, _) = cands[at - 1]
    if label != successor(run[-1][1][0]) or run[0][0] - i > LAST_FIRST_LINES:
        return None
    cursor = (0, 0)
    for lab in [r[1][0] for r in run] + [label]:
        hit = _search(page[:i], lab, cursor, brackets=True)
        if hit is None:
            return None
        cursor = hit[0], hit[2]
    area = _notes_opened(page, [cands[at - 1]] + run)
    area.notes = area.notes[1:] + area.notes[:1]
    return area


def _glued_run(page: list[Line], cands: list, k: int, prev: str | None, before: list[Line]) -> list | None:
    """The labels that run on in sequence from ``cands[k]``, when the sequence allows a start there."""
    i, (label, text) = cands[k]
    if prev and not follows(prev, label):
        label, text = _glued_number(label, text, successor(prev), page[i].text)
    if not follows(prev, label) or not referred(list(before) + page[:i], label):
        return None
    run = [(i, (label, text))]
    for c in cands[k + 1:]:
        last, want = run[-1][1][0], successor(run[-1][1][0])
        label, text = _glued_number(*c[1], want, page[c[0]].text)
        # (a label out of sequence is a line of the note's text, '70. Also', unless it skips a
        # number or two and its own marker stands above: a print that keeps a source's numbers,
        # a marker whose note is missing; a label read off a longer number, '4012 Car. II', only
        # with its marker above: a year opening a note's line, '1660 The King', is the text's)
        if (label == want and (len(c[1][0]) <= 3 or referred(list(before) + page[:c[0]], label))) or \
                (label != last and follows(last, label) and label != "1" and
                 referred(list(before) + page[:c[0]], label)):
            run.append((c[0], (label, text)))
    return run


def _glued_number(label: str, text: str, want: str, line: str) -> tuple[str, str]:
    """``label`` read as ``want`` with the rest of its digits opening the note's text, when it opens so
    and a space follows the number in the ``line`` ('212 Car. II'; '12Stalin' is note 12 glued)."""
    if label != want and want.isdigit() and label.startswith(want) and len(label) > len(want) and \
            re.match(rf"\s*{label}\s", line):
        return want, f"{label[len(want):]} {text}"
    return label, text


def referred(body: list[Line], label: str) -> bool:
    """A marker for ``label`` stands in ``body`` (the caller gives the page above the label and the page
    before: a note may be set a page after its marker), glued or set apart by a space."""
    return _marker_in(body, label) is not None


def _marker_in(lines: list[Line], label: str) -> tuple[int, int, int] | None:
    """Where ``label``'s marker stands in ``lines`` (line, start, end), glued to its word, in brackets or
    set apart by a space."""
    return _search(lines, label, (0, 0), brackets=True) or _search_spaced(lines, label, (0, 0), brackets=True)


def _notes_opened(page: list[Line], cands: list) -> Area:
    area = Area(cands[0][0])
    starts = [i for i, _ in cands] + [len(page)]
    for (i, (label, text)), end in zip(cands, starts[1:]):
        first = [Line(text, page[i].src)] if text else []
        area.notes.append(Note(label, first + page[i + 1:end]))
    return area


def _area_bare(page: list[Line], cands: list, prev: str | None, measure: Measure,
               before: list[Line], after: list[Line] = (), trailing: bool = False,
               openers: Openers = frozenset, vocabulary: Callable[[], Vocabulary | None] = lambda: None) -> Area | None:
    """Labels on lines of their own (the page's lowest ones that form a sequence), in an order that
    cannot be trusted: each before its note (LaTeX), after it, the first note's label after all the
    others that open theirs (what pdftotext reads of LibreOffice's notes), or several together. The
    labels from the page's foot up that form a sequence make the area; its text is cut into notes at
    the labels and where a note ends (a sentence ends on a line that is not full), and the pieces are
    the labels' notes in order; where the first note starts is :func:`_first_note_start`'s."""
    run = _label_run(page, [(i, lab[0]) for i, lab in cands if not lab[1]], prev, before)
    if run is None:
        return None
    ordered = _ordered([x for _, x in run], page[:run[0][0]])
    if not follows(prev, ordered[0]):
        return None
    top = run[0][0]
    start = top
    at = {i for i, _ in run}
    # (a word processor's notes, set at the body's measure, their labels trailing in the file: each
    # label closing its note's block, the first note's text stands above the first label when the
    # blocks below it are one fewer than the labels)
    blocks = _closed_blocks(page, at) if trailing and not measure.notes_longer else None
    closed_above = blocks is not None and len(blocks) == len(ordered) - 1
    unlabelled = run[0][1] != ordered[0] or all(i in at for i in range(top, len(page)))
    if unlabelled:
        # the first label is not the first, or every label stands after every note's text
        start = first_lines(page, top, measure, ordered)       # the first note's text stands above the labels
    if start < 0:
        return None
    set_apart = _block_above(page, ordered, top, before) if closed_above else None
    place = _places(page, run, ordered)
    opens = {i + 1: i for i in at}           # the line each label opens: the one below it
    if not unlabelled and (opened := _opening_indented_above(page, top)) is not None:
        # (the first note's opening line set above its label, indented: so each label whose line
        # above opens a note the same way, under a line that ends a sentence)
        start = opened
        opens = {(i - 1 if i == top or _opening_above(page, i) else i + 1): i for i in at}

    def cut(start: int, loose: bool = False) -> list[list[Line]]:
        return cut_notes([(page[i], place[opens[i]] if i in opens and opens[i] >= start else
                           -1 if blocks is not None and i > start and page[i].after_blank else None)
                          for i in range(start, len(page)) if i not in at],
                         len(ordered), measure.notes_full, loose)
    if set_apart is not None:
        return _area_of(ordered, set_apart, cut(set_apart))   # the first note set apart from the body
    # (a word processor's notes: set at the body's measure, their labels trailing)
    processor = (trailing or len(page) - 1 in at) and not measure.notes_longer
    reading = _Reading(page, ordered, at, top, measure, before, after, openers, vocabulary, cut, blocks is not None,
                       closed_above, unlabelled, processor)
    return _area_of(ordered, *_first_note_start(reading, start))


def _label_run(page: list[Line], bare: list[tuple[int, str]], prev: str | None,
               before: list[Line]) -> list[tuple[int, str]] | None:
    """Of a page's labels on lines of their own (``bare``: index, label), the longest run up from the
    page's foot that forms a sequence going on from ``prev``, its first label's marker standing above
    (on the page or the page ``before``)."""
    if not bare:
        return None
    # a number after a line ending in a dash may go on with it ('1659–⏎60.'), and one far from the
    # labels' sequence is a note's text ('Register, p.⏎827.'): no labels when they break the sequence
    dashed = {i for i, _ in bare if i and page[i - 1].text.rstrip().endswith(("-", "\u2013", "\u2014"))}
    start = int(prev) if prev and prev.isdigit() else 0
    far = {i for i, x in bare if x.isdigit() and not start < int(x) <= start + len(bare) + 3}
    for k in range(len(bare)):
        for tried in (bare[k:], [b for b in bare[k:] if b[0] not in dashed],
                      [b for b in bare[k:] if b[0] not in dashed | far]):
            labels = sorted((x for _, x in tried), key=_rank)
            if labels and all(follows(a, b) and a != b for a, b in zip(labels, labels[1:])) and \
                    follows(prev, labels[0]) and referred(list(before) + page[:tried[0][0]], labels[0]):
                return tried
    return None


@dataclass(frozen=True)
class _Reading:
    """A page's note area as :func:`_area_bare` reads it, for :func:`_first_note_start`."""
    page: list[Line]
    labels: list[str]          # the area's labels, in order
    at: set[int]               # the lines they stand on
    top: int                   # the first of them
    measure: Measure
    before: list[Line]         # the pages around it
    after: list[Line]
    openers: Openers
    vocabulary: Callable[[], Vocabulary | None]
    cut: Callable[..., list[list[Line]]]   # the area's text from a line on, cut into notes
    closed: bool               # each label closes its note's block (a word processor's, in pdftotext)
    closed_above: bool         # ... and the blocks below the first label are one fewer than the labels
    unlabelled: bool           # the first label is not the first, or every label stands after the text
    processor: bool            # a word processor's notes: at the body's measure, their labels trailing


def _first_note_start(r: _Reading, start: int) -> tuple[int, list[list[Line]]]:
    """Where the area's first note starts, from ``start`` (the first label's line, or the first note's
    lines found above the labels) and the pieces the area is cut into from there: each rule below
    moves the start where its evidence shows the first note's lines among the body's last ones and the
    cut explains as many notes (or more)."""
    page, ordered, at, top, measure, cut = r.page, r.labels, r.at, r.top, r.measure, r.cut
    pieces = cut(start)
    unshortened = initial = start
    while len(pieces) < len(ordered) and start >= 2 and start - 1 not in at and \
            _short_note_above(page[start - 2].text, page[start - 1], ordered):
        start -= 1          # fewer notes than labels: a one-line note set among the body's last lines
        pieces = cut(start)
    shortened = start if start != unshortened else None
    if len(pieces) < len(ordered) and \
            (named := _first_note_named(page, start, ordered, r.before, r.closed)) is not None \
            and len(tried := cut(named)) > len(pieces):
        start, pieces = named, tried      # the first note's lines set among the body's last ones, named
        if (higher := _opened_above(page, start, ordered, r.vocabulary)) is not None and \
                len(tried := cut(higher)) >= len(pieces):
            start, pieces = higher, tried     # ... on a line going on from the note's opening
    # (where the notes are set at the body's measure, their lines show no other sign of being notes)
    if (len(pieces) < len(ordered) or not measure.notes_longer) and \
            (unfit := _first_note_unfitted(page, start, ordered, measure)) is not None \
            and len(tried := cut(unfit)) >= min(len(ordered), len(pieces) + 1):
        start, pieces = unfit, tried      # the body's last line stops short mid-sentence: a note follows
    raised = _first_note_raised(page, start, ordered, r.before, pieces[0], measure) \
        if (r.unlabelled or r.processor) and len(pieces) == len(ordered) else None
    if raised is not None and len(tried := cut(raised)) == len(ordered):
        start, pieces = raised, tried     # the first note's opening lines left above it, named
    if (r.unlabelled or r.processor) and start not in at and \
            (opened := _first_note_opened(page, start, ordered, r.openers, measure)) is not None \
            and len(tried := cut(opened)) >= len(pieces):
        start, pieces = opened, tried     # the first note's opening lines left above it, opening a sentence
    # (a one-line note read above the area may be the last line of a longer one: what the rules below
    # find from the area's own top stands first, 'One only of these two was elected, for Bullen
    # Reymes became M.P. for' above 'Weymouth on June 22nd.', where no paragraph of the body ends
    # inside the note so found)
    base = unshortened if start == shortened else start
    if r.processor and \
            (ended := _body_ended_early(page, base, ordered, r.before, r.after, r.openers,
                                        r.vocabulary)) is not None \
            and (base == start or _one_paragraph(page, ended, base, measure)) \
            and len(tried := cut(ended)) >= min(len(ordered), len(pieces)):
        start, pieces = ended, tried      # the body ends a sentence, the next page goes on in lower case
    if r.closed_above and start in (top, shortened, initial) and \
            (under := _first_note_under_body(page, ordered, top, r.before, r.after, measure, r.openers,
                                             r.vocabulary)) \
            is not None and under < start and len(tried := cut(under)) >= len(pieces):
        start, pieces = under, tried      # the first note's text right under the body's last line
    if len(pieces) < len(ordered):
        pieces = cut(start, loose=True)
    return start, pieces


def _area_of(labels: list[str], start: int, pieces: list[list[Line]]) -> Area:
    area = Area(start)
    for label, lines in zip(labels, pieces + [[]] * (len(labels) - len(pieces))):
        area.notes.append(Note(label, lines))
    return area


def _closed_blocks(page: list[Line], at: set[int]) -> list[int] | None:
    """Where every label line of the area (``at``) closes a block (a blank line or the page's end
    follows it: what pdftotext reads of a word processor's notes, each note's text a block of its own
    ended by its label, a one-line note's label set alone above it), the first lines of the blocks of
    text below the first label; None otherwise."""
    if not all(i + 1 == len(page) or page[i + 1].after_blank for i in at):
        return None
    top = min(at)
    text = [i for i in range(top + 1, len(page)) if i not in at]
    return [i for k, i in enumerate(text) if k == 0 or page[i].after_blank]


def _block_above(page: list[Line], labels: list[str], top: int, before: list[Line]) -> int | None:
    """The first line of the first note, whose label closes its block (``top``), where a blank line
    sets the block apart from the body (the lowest line after a blank line below the page's last line
    holding one of its markers): that line, where it opens a sentence; where it goes on with one (the
    rest of the note the page before broke off, set in the same block: 'considerable fame as a
    counsel…' down to '…Died December 18th, 1682.' above 'Colonel Cary Dillon, a friend…'), the line
    in the block opening a sentence under one that ends a sentence and naming the word the first
    label's marker follows, else the lowest such line. None when the note and the body's last lines
    make one block, or no line opens a note."""
    from .shape import OPENS
    low = below_markers(page, labels, 0, top)
    j = next((j for j in range(top - 1, low - 1, -1) if page[j].after_blank), None)
    if j is None or OPENS.match(page[j].text):
        return j
    return _opening_in_block(page, labels, j + 1, top, before)


def _opening_in_block(page: list[Line], labels: list[str], first: int, top: int, before: list[Line],
                      colon: bool = True) -> int | None:
    """Of the lines from ``first`` to the first label (``top``) that open a sentence under one that
    ends a sentence (``colon``: a colon may end it), the one naming the word the first label's marker
    follows, else the lowest."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    opening = [k for k in range(max(first, 1), top)
               if OPENS.match(page[k].text) and not ends_mid_sentence(page[k - 1].text)
               and (colon or not page[k - 1].text.rstrip().endswith(":"))]
    word = _marked_word(page, first - 1, labels[0], before) if opening else None
    named = _named(page, opening, top, word)
    return named[0] if named else opening[-1] if opening else None


def _first_note_under_body(page: list[Line], labels: list[str], top: int, before: list[Line],
                           after: list[Line], measure: Measure, openers: Openers,
                           vocabulary: Callable[[], Vocabulary | None] = lambda: None) -> int | None:
    """Where the first note's text, its label closing its block (``top``), stands under the body's
    last line with no blank line between (pdftotext of a word processor's notes), and no other
    evidence placed it. Below the page's last line holding a marker (and below the rest of the page
    before's last note, a line opening in lower case under one that ends a sentence: '…from affluent
    peasants.' above 'conform to statistical data…'), the highest line opening with a word the text
    capitalises only where a sentence opens under a line broken off mid-sentence ('…because of' above
    'This gentleman was…', :func:`_first_note_opened`); else, where no such rest stands there, the
    highest line opening with a capital that names the word the first label's marker follows
    (:func:`_named_under_body`); else, below such a rest, of the lines opening
    a sentence under one that ends one (not at a colon: 'in: Kak lomali NEP:' above 'Stenogrammy
    plenumov)…'), the one naming the word the first label's marker follows, else the lowest; else the
    line right under the page's last marker line, where it holds the last label's marker and ends a
    sentence ('…purchasing grain abroad.2' above 'Stalin, too, admitted…' above '1'); else, where
    the next page (``after``) opens a sentence that ends no paragraph there, below the lowest
    paragraph's end ('…So that I am at a' above 'loss what to do.' above 'This is a somewhat late
    use…'). No paragraph of the body may end inside the note so found (:func:`_one_paragraph`); where
    none was found, where the words turn to the notes' (:func:`_turn_to_notes`), by however little
    (where the notes are set at the body's measure, what else would be read, the lines the notes'
    measure takes, shows nothing); where the one found failed that test, by TURN at least.
    None otherwise: a page whose body runs on past its markers and breaks off mid-sentence shows no
    place."""
    from ..recover.sentences import ends_mid_sentence, opens_sentence
    from .shape import OPENS
    low = below_markers(page, labels, 0, top)
    if not 0 < low < top or not measure.goes_on:
        return None
    rest = next((m for m in range(low, top) if page[m].text[:1].islower()
                 and not ends_mid_sentence(page[m - 1].text)), None)
    first = low if rest is None else rest + 1
    broken = [k for k in range(first, top)
              if ends_mid_sentence(page[k - 1].text) and _in_a_word(page[k - 1].text) and OPENS.match(page[k].text)]
    known = openers() if broken else frozenset()
    if opened := [k for k in broken if opens_sentence(page[k].text, known)]:
        found = opened[0]
    elif rest is None and (named := _named_under_body(page, labels, low, top, before)) is not None:
        found = named
    elif rest is not None:
        found = _opening_in_block(page, labels, rest + 1, top, before, colon=False)
    elif holds_marker(page[low - 1], labels[-1:]) and not ends_mid_sentence(page[low - 1].text) and \
            OPENS.match(page[low].text):
        named = _named(page, list(range(low, top)), top, _marked_word(page, low, labels[0], before))
        found = named[0] if named else low
    elif (ended := [k for k in range(first, top)
                    if _paragraph_ends(page[k - 1], page[k], measure) and OPENS.match(page[k].text)]) and \
            _opens_page(after, measure):
        found = ended[-1]
    else:
        found = None
    if found is not None and _one_paragraph(page, found, top, measure):
        return found
    # (the rules above found no place: the words decide, where nothing else showed one by any margin)
    turned = _turn_to_notes(page, first, top, vocabulary(), TURN if found is not None else 0.0)
    return turned if turned is not None and _one_paragraph(page, turned, top, measure) else None


PER_LINE = 1.0       # log-odds each line a first note takes must show for the notes, on the average


def _turn_to_notes(page: list[Line], low: int, top: int, vocabulary: Vocabulary | None,
                   margin: float = TURN) -> int | None:
    """Where the words turn to the notes' (:meth:`.vocabulary.Vocabulary.turn`): of the lines from
    ``low`` to the first label (``top``) that open with a capital under a line ending a sentence (not
    at a colon) or breaking off in a word ('…the agricultural situation was' above 'O rabotach
    apre'skogo ob'iedinennogo plenuma CK i CKK, in: Kak lomali NEP, Vol. 1, 407–408…'), the one from
    which they are the notes' by ``margin`` at least, each line it takes counting PER_LINE less (a
    body whose words come near the notes', a history's citing its sources, runs by a line the author
    marked '(author’s note: …)' into a note otherwise). None without a vocabulary or where none is."""
    if vocabulary is None:
        return None
    return vocabulary.turn([ln.text for ln in page], _openings(page, low, top), top, margin, PER_LINE)


def _openings(page: list[Line], low: int, end: int) -> list[int]:
    """The lines from ``low`` to ``end`` that open with a capital under a line ending a sentence (not
    at a colon) or breaking off in a word, and close no double quote before opening one (a quotation's
    line: 'Golod 1932–1933 godov v SSSR” (Moscow…' under '…The latest work by Ivnickiy “N. I.'): where
    a note set right under the body may start."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    return [k for k in range(max(low, 1), end)
            if OPENS.match(page[k].text) and not closes_unopened(page[k].text) and (
        _in_a_word(page[k - 1].text) if ends_mid_sentence(page[k - 1].text)
        else not page[k - 1].text.rstrip().endswith(":"))]


OPENED_ABOVE = 2.0   # log-odds the lines above a named one must show for the notes, at least


def _opened_above(page: list[Line], start: int, labels: list[str],
                  vocabulary: Callable[[], Vocabulary | None]) -> int | None:
    """Where a first note found by the word it names (``start``) opens, when that line goes on from the
    one above it: of the lines below the page's last marker line where a note may start
    (:func:`_openings`), the one from which the lines down to ``start`` are the notes' by OPENED_ABOVE
    at least (the name already shows a note there), the most so ('…where I paid all my debts in order'
    above 'Barbara Villiers, only child of William, second Viscount Grandison, born' above 'November,
    1640, married … to Roger Palmer', which names 'Madame Palmer,26'). None otherwise."""
    from ..recover.sentences import unfinished
    if start < 1 or not unfinished(page[start - 1].text) or (words := vocabulary()) is None:
        return None      # (the vocabulary worked out only where asked; 'died 1686, s.p.' ends a note)
    return words.turn([ln.text for ln in page], _openings(page, below_markers(page, labels, 0, start), start),
                      start, margin=OPENED_ABOVE)


def _named_under_body(page: list[Line], labels: list[str], low: int, top: int, before: list[Line]) -> int | None:
    """The highest line from ``low`` to the first label (``top``) that opens with a capital under a line
    ending a sentence (not at a colon) or breaking off in a word, and names the word the first label's
    marker follows among its first words ('…to Backwell, the' and the rest of the page before's last
    note, '…Thomas Tourner, General Clerk, for himself and clerk, £100.', above 'Elizabeth, daughter
    of William Whittle…' for 'Mrs. Whittle,46')."""
    opening = _openings(page, low, top)
    for word in _marked_words(page, low, labels[0], before) if opening else ():
        if named := _named(page, opening, top, word, words=NAMING_SENTENCE):
            return named[0]
    return None


def _one_paragraph(page: list[Line], start: int, end: int, measure: Measure) -> bool:
    """No line from ``start`` to ``end`` (the last one aside) ends a sentence where the next line's
    first word would have fitted (:func:`_fitted`): no paragraph of the body ends inside what is taken
    for a note ('…reasoning rationally.' above 'But these…')."""
    return not any(_paragraph_ends(page[j], page[j + 1], measure) for j in range(start, end - 1))


def _paragraph_ends(line: Line, nxt: Line, measure: Measure) -> bool:
    """A paragraph ends at ``line``: it ends a sentence where ``nxt``'s first word would have fitted."""
    from ..recover.sentences import ends_mid_sentence
    return not ends_mid_sentence(line.text) and _fitted(line, nxt, measure)


def _opening_indented_above(page: list[Line], top: int) -> int | None:
    """The first note's opening line set above its label (``top``), where the tool kept the indent
    that opens a note and the body's lines stand flush (``pdftotext -layout`` of a word processor's
    print: '…put me down for 70 guilders among the⏎  The spire of St. Paul’s (which was…⏎112'): the
    line right above the label, indented, opening a sentence under a body line broken off
    mid-sentence (no paragraph of the body starts there), on a page whose other lines above it stand
    flush, nine in ten at least."""
    from ..recover.sentences import ends_mid_sentence
    if top < 2:
        return None
    line, above = page[top - 1], page[top - 2]
    flush = sum(ln.indent == 0 for ln in page[:top - 1])
    if line.indent > 0 and line.text[:1].isupper() and above.indent == 0 and ends_mid_sentence(above.text) \
            and flush * 10 >= 9 * (top - 1):
        return top - 1
    return None


def _opening_above(page: list[Line], i: int) -> bool:
    """The line above label ``i`` opens its note as the first one's did (:func:`_opening_indented_above`):
    indented, opening a sentence after a line that ends one (or a label), the line below flush."""
    from ..recover.sentences import ends_mid_sentence
    if i < 2 or i + 1 >= len(page):
        return False
    line, above = page[i - 1], page[i - 2]
    return line.indent > 0 and line.text[:1].isupper() and page[i + 1].indent == 0 and \
        (not ends_mid_sentence(above.text) or BARE.match(above.text.strip()) is not None)


def _places(page: list[Line], run: list, ordered: list[str]) -> dict[int, int]:
    """Each label line's note's place among the page's notes, where the labels stand before their
    notes and the first ones trail after all the text (LibreOffice's in pdftotext, '13' above 'L. P.
    Petrovsky…' with '11' and '12' at the foot); -1 each otherwise: where every label stands above its
    note the places add nothing, and a word processor's labels, in pdftotext, may each follow its note."""
    labelled = {i for i, _ in run}
    text = [i for i in range(run[0][0], len(page)) if i not in labelled]
    last = max(text, default=len(page))
    trailing = sorted(ordered.index(x) for i, x in run if i > last)
    above = [ordered.index(x) for i, x in run if i < last]
    before = bool(trailing) and trailing == list(range(len(trailing))) and \
        all(ordered.index(x) >= len(trailing) for i, x in run if i < last)
    # (or one read after all the text out of the sequence, the others above their notes in order:
    # '45' 'Half a piece … July 10th.' '—B.' '47' … '48' … '46', pdftotext's default reading of
    # Typst's notes: it falls between them)
    late = bool(trailing) and bool(above) and above[0] == 0 and above == sorted(above) and \
        trailing[0] < above[-1]
    return {i: ordered.index(x) if before or late else -1 for i, x in run}


NAMING_WORDS = 12     # a note names what it annotates among its first words
NAMING_SENTENCE = 30  # ... or in its first sentence, this long at most, under the body's broken line


def _first_note_named(page: list[Line], start: int, labels: list[str], before: list[Line],
                      closed: bool = False) -> int | None:
    """Where the first note starts among the lines above a note area that holds fewer notes than its
    labels, its lines set at the body's size and measure (a word processor's, in pdftotext: 'Edward
    Montagu, eldest son of…' under the body's '…did already begin to'): the highest line below the
    page's last line holding one of its markers that opens a sentence and names, among its first
    NAMING_WORDS words, the word the first label's marker follows ('Mr. Edward Montagu²'), the lines
    from it to the area ending a sentence, or ending as they may where the label closes the note's
    block (``closed``: 'Muscadine or muscadel, a rich sort of wine. … —M. B.' above '28', which reads
    as unfinished). None when no line does."""
    from ..recover.sentences import ends_mid_sentence
    if start < 1 or (ends_mid_sentence(page[start - 1].text) and not closed):
        return None
    word = _marked_word(page, start, labels[0], before)
    return _naming_line(page, start, labels, word) if word else None


def _body_ended_early(page: list[Line], start: int, labels: list[str], before: list[Line],
                      after: list[Line], openers: Openers = frozenset,
                      vocabulary: Callable[[], Vocabulary | None] = lambda: None) -> int | None:
    """Where the first note starts when the body, as read, ends a sentence but the next page goes on
    in lower case (its first line opens no sentence): the body's last line breaks off mid-sentence, so
    what was read into it after that is notes ('…which indeed is much' above 'Warwick House, on the
    north side…1708.', the next page 'discoursed of again'). Of the lines below the page's last line
    holding one of its markers that open a sentence under a line broken off mid-sentence, the highest
    that names, among its first words, the word the first label's marker follows (a note names what it
    annotates), else the highest opening with a word the text capitalises only where a sentence opens
    (``openers``: 'The gallery built…', not 'Arthur) Blomfield' under '(now Sir'); where the page
    before's last note broke off, its rest may stand between the body's broken line and the first
    note: then the line opening a sentence under the rest's end that names the marker's word within
    its first sentence ('…grandsons of Daniel.' above 'Edith Pepys, daughter of Samuel Pepys of
    Steeple Bumsted (died 1665), married Thomas Wight' for 'my Aunt Wight,61'), else none: what was
    read into the body is that rest ('…told me that my mother' above 'Clothworkers’ Company, December
    18th, 1656, … Pepys frequently visited it.', the page before's note ending '…owner of the'). Where
    no note broke off, the one from which the words are the notes' (``vocabulary``, as
    :func:`_turn_to_notes` asks), else the lowest. None when the page shows no such contradiction or
    no line does."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    if start < 2 or not after or not after[0].text[:1].islower() or ends_mid_sentence(page[start - 1].text):
        return None
    low = below_markers(page, labels, 1, start)
    # (a figure under a line broken off mid-sentence goes on with it: 'published in' above '1652.')
    cands = [j for j in range(max(low, 1), start) if OPENS.match(page[j].text) and
             not page[j].text.lstrip("“‘\"'([")[:1].isdigit() and ends_mid_sentence(page[j - 1].text)]
    broke_off = _broke_off(before)
    word = _marked_word(page, start, labels[0], before) if cands or broke_off else None
    named = _named(page, cands, start, word)
    if named:
        return named[0]
    if broke_off:
        return _named_under_rest(page, low, start, word)
    from ..recover.sentences import opens_sentence
    known = openers() if cands else frozenset()
    opened = [j for j in cands if opens_sentence(page[j].text, known)]
    if opened:
        return opened[0]
    words = vocabulary() if cands else None
    turned = words.turn([ln.text for ln in page], cands, start) if words else None
    return turned if turned is not None else cands[-1] if cands else None


def _named_under_rest(page: list[Line], low: int, start: int, word: str | None) -> int | None:
    """Where the page before's last note goes on here, between the body's broken line and the first
    note: the highest line below the rest's first line (the first opening in lower case under a
    broken line, from ``low``) that opens a sentence under one ending a sentence and names ``word``
    (the first label's marker's) in its first sentence (NAMING_SENTENCE words). None otherwise."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    rest = next((j for j in range(max(low, 1), start) if page[j].text[:1].islower()
                 and ends_mid_sentence(page[j - 1].text)), start)
    ended = [j for j in range(rest + 1, start) if OPENS.match(page[j].text) and not ends_mid_sentence(page[j - 1].text)]
    named = _named(page, ended, start, word, words=NAMING_SENTENCE)
    return named[0] if named else None


def _broke_off(before: list[Line]) -> bool:
    """The page ``before`` ends with a note broken off mid-sentence, its label closing it (a word
    processor's, in pdftotext: '…Sir Thomas Rawlinson, Lord Mayor of' above '60')."""
    from ..recover.sentences import ends_mid_sentence
    return len(before) > 1 and bool(BARE.match(before[-1].text.strip())) and ends_mid_sentence(before[-2].text)


def _first_note_unfitted(page: list[Line], start: int, labels: list[str], measure: Measure) -> int | None:
    """Where the first note starts among the lines above a note area whose notes are set at the body's
    size and measure (or that holds fewer notes than its labels): the highest line below the page's
    last line holding one of its markers that opens a sentence under a line broken off mid-sentence on
    which its first word would have fitted, reaching less far than the lines that go on
    (``measure.goes_on``; '…(one acquainted with' above 'The name Mary-le-bone has been corrupted…'; a
    title counts with the name after it): a line of the body runs full until its sentence ends, so
    what follows a short one is no more of it. None when no line does (or the file's lines that go on
    were too few to measure)."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    if not measure.goes_on:
        return None
    low = below_markers(page, labels, 1, start)
    for j in range(max(low, 1), start):
        above = page[j - 1].text
        # (a line that may open a paragraph or a note is set short by its indent or label, and one
        # ending in a broken word broke for the rest of that word: what stands below them shows nothing)
        if OPENS.match(page[j].text) and not OPENS.match(above) and ends_mid_sentence(above) and \
                not above.rstrip().endswith(BROKEN_WORD) and _fitted(page[j - 1], page[j], measure):
            return j
    return None


def _fitted(line: Line, nxt: Line, measure: Measure) -> bool:
    """``nxt``'s first word would have fitted at the end of ``line``, reaching less far than the lines
    that go on (``measure.goes_on``; a title counts with the name after it: 'Mr. Coventry' is one word
    here): ``line`` ends where no line runs on to the next."""
    from ..recover.sentences import abbreviated
    words = nxt.text.split()
    lead = " ".join(words[:2] if words and abbreviated(words[0]) else words[:1])
    return bool(measure.goes_on) and span(line.text.rstrip() + " " + lead) < measure.goes_on


def _first_note_raised(page: list[Line], start: int, labels: list[str], before: list[Line],
                       first: list[Line], measure: Measure) -> int | None:
    """Where the first note starts when the area found holds as many notes as its labels but the first
    one, as cut, does not name the word its marker follows and opens in the middle of a sentence the
    lines above began ('The King’s Bench was called the Upper Bench at the time of the' above
    'Commonwealth, when the word King…', the marker after 'Upper Bench,'; pdftotext breaks a word
    processor's note so, or names it only as the rest of a sentence the lines above began): the
    highest line below the page's last marker that opens a sentence naming that word, every line from
    it to the area's top breaking off mid-sentence, and longer than the body's full lines where the
    notes are set in longer lines than the body's (the body's lines above the area go on with
    sentences of their own: '…cooperatives9, but in so doing overlooked an important fact upon
    which' above 'Rykov based his thinking: establishing agricultural cooperatives…', the body's).
    None otherwise."""
    from ..recover.sentences import unfinished
    from .shape import OPENS
    top = start        # the run of lines above the area that break off mid-sentence ('s.p.' ends one)
    while top > 0 and unfinished(page[top - 1].text) and \
            (not measure.notes_longer or span(page[top - 1].text) > measure.body):
        top -= 1
    if not first or not any(OPENS.match(ln.text) for ln in page[top:start]):
        return None
    word = _marked_word(page, start, labels[0], before)
    # (a first note as cut that goes on with the sentence above names nothing: 'Essex.' under '…John
    # Hayward was captain of the Plymouth. Thomas Binns commanded the', the marker after 'Essex,')
    opens = start == top
    if not word or (opens and _names(first, word, alike=False)):
        return None
    # (the first note as cut names the word spelt otherwise: only a line naming it as written moves it;
    # one that goes on with a sentence begun above may hold the word that sentence names: 'Essex.')
    return _naming_line(page, start, labels, word, top, alike=not (opens and _names(first, word)),
                        end=start if opens else start + len(first))


def _first_note_opened(page: list[Line], start: int, labels: list[str], openers: Openers,
                       measure: Measure) -> int | None:
    """Where the first note starts when the area found opens under a line broken off mid-sentence and a
    line above it, in the run of lines breaking off mid-sentence down to it, opens with a word the text
    capitalises only where a sentence opens (:func:`.sentences.sentence_openers`): no sentence goes on
    so ('…my father having gone to church and my mother' above 'It is said that Le Notre, the
    architect…', the area cut at 'St. James’s Park, but…' under '…to arrange the improvements in').
    The highest such line below the page's last line holding one of its markers; None otherwise."""
    from ..recover.sentences import ends_mid_sentence, opens_sentence
    from .shape import OPENS
    if start < 2 or not ends_mid_sentence(page[start - 1].text):
        return None
    # (the run of full lines above the area that break off mid-sentence, a short one a title's:
    # 'Consequences'; each line's above ends in a word, not a broken one: 'overrun us. 10', a marker set
    # apart after a sentence's end, ends none as read)
    cands = []
    for j in range(start - 1, max(below_markers(page, labels, 1, start), 1) - 1, -1):
        above = page[j - 1].text.rstrip()
        if not ends_mid_sentence(above) or _fitted(page[j - 1], page[j], measure):
            break
        if OPENS.match(page[j].text) and _in_a_word(above):
            cands.insert(0, j)
    known = openers() if cands else frozenset()
    return next((j for j in cands if opens_sentence(page[j].text, known)), None)


def _opens_page(page: list[Line], measure: Measure) -> bool:
    """``page``'s first line opens a sentence and ends no paragraph (a paragraph of the page before
    going on would end there, '…an appointment to meet' above 'Kamenev anyway.')."""
    from .shape import OPENS
    return bool(page) and bool(OPENS.match(page[0].text)) and not (
        len(page) > 1 and _paragraph_ends(page[0], page[1], measure))


def _in_a_word(above: str) -> bool:
    """``above`` breaks off in a word, not a broken one (a line a word opening a sentence cannot go on
    from: 'overrun us. 10', a marker set apart after a sentence's end, ends none as read)."""
    above = above.rstrip()
    return bool(re.search(r"[^\W\d_]\S*$", above)) and not above.endswith(BROKEN_WORD)


def _marked_word(page: list[Line], start: int, label: str, before: list[Line]) -> str | None:
    """The word (of three letters at least, case-folded) that ``label``'s marker follows in the text
    above the area (this page's lines above ``start``, after the page ``before``'s)."""
    words = _marked_words(page, start, label, before)
    return words[0] if words else None


def _marked_words(page: list[Line], start: int, label: str, before: list[Line]) -> list[str]:
    """The word ``label``'s marker follows (:func:`_marked_word`), then the word before it where that
    is capitalised inside its sentence: a note may name either ('my fine Camlet cloak,1' and 'Camlet
    was a mixed stuff…')."""
    text = list(before) + page[:start]
    hit = _marker_in(text, label)
    head = text[hit[0]].text[:hit[1]] if hit else ""
    words = list(re.finditer(r"[^\W\d_]{3,}", head))
    out = [words[-1].group().casefold()] if words else []
    if len(words) > 1 and words[-2].group()[0].isupper() and \
            head[:words[-2].start()].rstrip()[-1:] not in ("", ".", "!", "?"):   # (no sentence's first word)
        out.append(words[-2].group().casefold())
    return out


SPELT_ALIKE = 0.8     # a name spelt otherwise in its note is this alike at least (more than)
NAME = 5             # letters of a name, at least, for another spelling to count


def _names(lines: list[Line], word: str, alike: bool = True, words: int = NAMING_WORDS) -> bool:
    """``lines`` name ``word`` (case-folded) among their first words: as written, or a name of NAME
    letters at least spelt otherwise, as an editor's note spells it ('Dr. Quarterman,82' and 'William
    Quartermaine, M.D., matriculated…'; 'Mr. Messum’s' and 'Dr. Robert Mossum'): the same first
    letter, a capital in the note, more than SPELT_ALIKE alike (difflib's ratio: 'House' and 'horse'
    are no more), unless not ``alike``. (Where a line names it as written, one naming it otherwise
    does not count: 'Samphire was formerly…' above 'Samphier, Rock Samphier!”'.)"""
    from difflib import SequenceMatcher
    opening = _opening_words(lines, words)
    return word in (w.casefold() for w in opening) or alike and len(word) >= NAME and any(
        len(w) >= NAME and w[0].isupper() and w[0].casefold() == word[0] and
        SequenceMatcher(None, w.casefold(), word).ratio() > SPELT_ALIKE for w in opening)


def _named(page: list[Line], lines: list[int], end: int, word: str | None, alike: bool = True,
           words: int = NAMING_WORDS) -> list[int]:
    """Of ``lines`` (indexes of ``page``), those whose first ``words`` (to ``end``) name ``word``: as
    written, else (``alike``) spelt otherwise (:func:`_names`)."""
    for otherwise in (False, True) if alike else (False,):
        if named := [j for j in lines if word and _names(page[j:end], word, otherwise, words)]:
            return named
    return []


def _opening_words(lines: list[Line], words: int = NAMING_WORDS) -> list[str]:
    """The first ``words`` words of ``lines`` down to the first that ends a sentence (a note names
    what it annotates in its first sentence: '1660. Died May 18th, 1692.', the rest of the note
    before, above 'John Booker, astrologer…', names no Booker), as written."""
    from ..recover.sentences import ends_mid_sentence
    end = next((k + 1 for k, ln in enumerate(lines) if not ends_mid_sentence(ln.text)), len(lines))
    return re.findall(r"[^\W\d_]+", " ".join(ln.text for ln in lines[:end]))[:words]


def _naming_line(page: list[Line], start: int, labels: list[str], word: str, top: int = 0,
                 alike: bool = True, end: int | None = None) -> int | None:
    """The highest line from ``top`` on, below the page's last line holding one of ``labels``' markers
    and above ``start``, that opens a sentence and names ``word`` among its (and the next lines', to
    ``end``: ``start`` unless given) first words: as written, else (``alike``) spelt otherwise
    (:func:`_names`); below the line holding the first label's own marker, set apart by a space too
    (the body's: '21st. So into my naked bed 75 and slept…' names the 'bed' of note 75)."""
    from ..recover.sentences import unfinished
    from .shape import OPENS
    low = below_markers(page, labels, top, start)
    hit = _marker_in(page[:start], labels[0])
    low = max(low, hit[0] + 1) if hit else low
    opening = [j for j in range(low, start) if OPENS.match(page[j].text)]
    named = _named(page, opening, start if end is None else end, word, alike)
    if len(named) > 1 and named[1] == named[0] + 1 and not unfinished(page[named[0]].text):
        return named[1]     # (the line above names it only through the next, after its own sentence)
    return named[0] if named else None


def _short_note_above(body_end: str, line: Line, labels: list[str]) -> bool:
    """``line``, above a note area that holds fewer notes than its labels, is a short note of its own
    (pdftotext sets LibreOffice's first note among the body's last lines: '—B.', 'Thomas Gregory was,
    in 1672, Clerk of the Cheque at Chatham.') when it opens and ends a sentence, holds no marker of
    the page's notes, and the body's line above it breaks off mid-sentence (so the body goes on over
    the page, not into a sentence of its own) or the tool set a blank line between them; not under a
    line ending in a dash, which goes on into it ('… pp. 546–' above '548.')."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS
    return (bool(OPENS.match(line.text)) and not ends_mid_sentence(line.text) and not holds_marker(line, labels)
            and (ends_mid_sentence(body_end) or line.after_blank) and not body_end.rstrip().endswith(DASHED))


def cut_notes(lines: list[tuple[Line, int | None]], count: int, width: float,
              loose: bool = False) -> list[list[Line]]:
    """The note area's text lines (each with the place among the notes of the label that stood right
    above it, if one did: -1 when not known, :func:`_places`) cut into ``count`` notes: at the labels,
    then where a note most likely ends — a sentence ending on a line with the most room left for the
    next line's first word — as many times as the labels say there are notes; where labels stand
    above some notes only, the notes between two of them are as many as their places say ('13' above
    'L. P. Petrovsky…' with '11' and '12' after all the text: two notes above it, one from it on). ``loose`` (the labels still say
    more), then also where a sentence may end or the next may open on a line that left room for the
    next line's first word (an editor's signature is a note of its own and reads as initials: '—M. B.'
    above 'Adam Chard is mentioned…', 'Vice-Admiral.' above '—B.'; not 'His second wife was' above
    'Elizabeth Cromwell')."""
    cuts = {k for k, (_, place) in enumerate(lines) if place is not None and k}
    for strict in (True, False) if loose else (True,):
        for first, end, wanted in _segments(lines, count):
            rooms = []
            for k in range(first + 1, end):
                prev, line = lines[k - 1][0].text, lines[k][0].text
                if k not in cuts and note_ends(prev, line, 10 ** 6 if strict else width, strict):
                    rooms.append((width - span(prev + " " + line.split()[0]), -k))
            have = sum(1 for k in cuts if first < k < end) + 1
            for room, k in sorted(rooms, reverse=True)[:max(0, wanted - have)]:
                cuts.add(-k)
    pieces: list[list[Line]] = [[]]
    for k, (line, _) in enumerate(lines):
        if k in cuts and pieces[-1]:
            pieces.append([])
        pieces[-1].append(line)
    pieces = [p for p in pieces if p]
    while len(pieces) > count:
        # more labelled pieces than labels: join the pieces whose break left the least room
        k = min(range(len(pieces) - 1), key=lambda k: -len(pieces[k][-1].text))
        pieces[k:k + 2] = [pieces[k] + pieces[k + 1]]
    return _openings_moved(pieces)


def _openings_moved(pieces: list[list[Line]]) -> list[list[Line]]:
    """A note's first lines set above its label, at the end of the note before ('…slain in action.⏎
    The Long Parliament imposed a tax on merchants’ goods (called Algier⏎10⏎Duty) for the
    redemption…'). The next note as cut then goes on with a sentence begun before it: it opens in
    lower case or closes a bracket it never opened, the note before ending mid-sentence; or, where
    the tool kept the indent that opens each note (``pdftotext -layout``: most notes open indented,
    their other lines flush), it opens flush. Its lines move to it from the last line of the note
    before that opens a sentence (indented, where the indent shows openings) after one that ends."""
    from ..recover.sentences import ends_mid_sentence
    base = min((ln.indent for p in pieces for ln in p), default=0)
    indented = 2 * sum(p[0].indent > base for p in pieces) > len(pieces) >= 2
    for a, b in zip(pieces, pieces[1:]):
        if len(a) < 2:
            continue
        run_on = ends_mid_sentence(a[-1].text) and _goes_on(b[0].text)
        flush = indented and b[0].indent == base
        if not (run_on or flush):
            continue
        k = next((k for k in range(len(a) - 1, 0, -1)
                  if not ends_mid_sentence(a[k - 1].text) and a[k].text[:1].isupper()
                  and (not indented or a[k].indent > base)), None)
        if k is not None:
            b[:0] = a[k:]
            del a[k:]
    return pieces


def _goes_on(text: str) -> bool:
    """``text`` goes on with a sentence begun before it: it opens in lower case, or closes a bracket
    before it opens one."""
    closing = min((text.find(c) for c in ")]" if c in text), default=-1)
    opening = min((text.find(c) for c in "([" if c in text), default=len(text))
    return text[:1].islower() or 0 <= closing < opening


# What a sentence opens and closes again. Not parentheses: a note's rest that is one line closing one
# ('Dennis Fleming).') stands under the body's sentence's end; asked, they lost notes (measured).
PAIRS = ("“”",)


def left_open(text: str, pairs: tuple[str, ...] = PAIRS) -> tuple[int, ...]:
    """How many of each of ``pairs`` ``text`` opens and leaves open (below 0: closes that many it did
    not open)."""
    return tuple(text.count(a) - text.count(b) for a, b in pairs)


def closes_unopened(text: str, pairs: tuple[str, ...] = PAIRS) -> bool:
    """``text`` closes one of ``pairs`` it did not open: it goes on inside a quotation (or a
    parenthesis)."""
    for a, b in pairs:
        depth = 0
        for c in text:
            depth += (c == a) - (c == b)
            if depth < 0:
                return True
    return False


def _segments(lines: list[tuple[Line, int | None]], count: int) -> list[tuple[int, int, int]]:
    """The stretches of ``lines`` between the labels standing above them (first, end, notes wanted):
    each holds as many notes as its label's place and the next one's say, when the places are known
    and rise through the stretches; else the whole as one stretch of ``count`` notes."""
    marks = [(k, place) for k, (_, place) in enumerate(lines) if place is not None and k]
    places = [0] + [place for _, place in marks] + [count]
    if any(b <= a for a, b in zip(places, places[1:])):
        return [(0, len(lines), count)]
    starts = [0] + [k for k, _ in marks] + [len(lines)]
    return [(a, b, places[j + 1] - places[j]) for j, (a, b) in enumerate(zip(starts, starts[1:]))]


def note_ends(line: str, nxt: str, width: float, strict: bool = True) -> bool:
    """A note may end after ``line``: a sentence ends there and ``nxt`` opens one (``strict``), or
    either of the two, ``nxt`` then opening with a capital (a bracket or quote after a line broken off
    mid-sentence goes on with it: 'cap. i⏎(1662) was'); and ``nxt``'s first word would not have fitted
    on ``line`` (``width``)."""
    from ..recover.sentences import ends_mid_sentence
    words = nxt.split()
    if not words:
        return False
    ends = not ends_mid_sentence(line)
    if strict:
        ends = ends and (words[0][:1].isupper() or words[0][:1] in "“‘\"'(")
    else:
        ends = ends or words[0][:1].isupper()
    return ends and span(line + " " + words[0]) <= width


def _ordered(labels: list[str], body: list[Line]) -> list[str]:
    """A page's labels in their sequence: numbers by value, symbols in the conventional order, or in
    TeX's (¶ before ‖) where the page's text sets the ¶ marker first."""
    out = sorted(labels, key=_rank)
    text = " ".join(ln.text for ln in body)
    for n in range(1, 5):
        bars, pilcrows = "‖" * n, "¶" * n
        if bars in out and pilcrows in out and 0 <= text.find(pilcrows) < text.find(bars):
            i, j = out.index(bars), out.index(pilcrows)
            out[i], out[j] = out[j], out[i]
    return out


def _rank(label: str) -> int:
    return int(label) if label.isdigit() else SYMBOL_ORDER.index(label) if label in SYMBOL_ORDER else 10 ** 6


def first_lines(page: list[Line], end: int, measure: Measure, labels: list[str] = ()) -> int:
    """Where a note whose text ends at ``end`` (exclusive) starts, going up: the line right above
    ``end``, then lines set in the notes' measure — a short one too when a long one stands above it
    (ragged notes), never two short ones in a row, and never a line that holds a marker of the page's
    ``labels`` (that is the body's: when the line right above ``end`` holds one, ``end``)."""
    def note_line(k: int) -> bool:
        return k >= 0 and measure.long(page[k]) and not holds_marker(page[k], labels)

    if end and holds_marker(page[end - 1], labels):
        return end             # (the line right above holds a marker of the page's notes: the body's)
    start = end - 1
    while start - 1 >= 0 and (note_line(start - 1) or
                              (note_line(start - 2) and not holds_marker(page[start - 1], labels))):
        start -= 1
    return start


def below_markers(page: list[Line], labels: list[str], top: int, start: int) -> int:
    """The line after the last one from ``top`` to ``start`` that holds a marker of ``labels`` (looked
    for from ``start`` up), or ``top``: where the page's notes may begin."""
    return next((i + 1 for i in range(start - 1, top - 1, -1) if holds_marker(page[i], labels)), top)


def holds_marker(line: Line, labels: list[str]) -> bool:
    return any(_search([line], lab, (0, 0)) for lab in labels)


def measure_notes(areas: list[Area | None], body_width: float, goes_on: float = 0.0) -> Measure:
    """The notes' measure from the notes found so far: their shorter full lines (the lower quartile of
    lines that are not a note's last), when there are enough of them."""
    inner = [span(ln.text) for a in areas if a for n in a.notes for ln in n.lines[:-1]]
    if len(inner) >= 10:
        return Measure(body_width, statistics.quantiles(inner, n=4)[0], statistics.quantiles(inner, n=10)[-1],
                       goes_on)
    return Measure(body_width, body_width, body_width, goes_on)


def place_markers(bodies: list[list[Line]], labels: list[list[str]],
                  brackets: bool = False) -> list[dict[int, list[tuple[int, int, str]]]]:
    """Markers for each page's labels, in order: found in the page's body after the previous marker,
    or (a note set on the page after its reference) in the previous page's body after its last one,
    or last (a note set on the page before: Typst sets a reference at a page's top so) in the next
    page's body. For each page: line index -> [(start, end, label)]. ``brackets``: a marker may be
    written ``[12]``."""
    found: list[dict[int, list[tuple[int, int, str]]]] = [{} for _ in bodies]
    cursor = [(0, 0) for _ in bodies]
    for p, page_labels in enumerate(labels):
        for k, label in enumerate(page_labels):
            tries = [(q, search) for search in (_search, _search_spaced) for q in (p, p - 1) if q >= 0]
            tries += [(p + 1, _search)] if p + 1 < len(bodies) else []
            for q, search in tries:
                if search is _search_spaced:
                    # set apart: looked for before the next glued marker of a later note (the sequence
                    # decides)
                    nxt = next(filter(None, (_search(bodies[q], later, cursor[q], brackets)
                                             for later in page_labels[k + 1:k + 6])), None)
                    hit = _search_spaced(bodies[q], label, cursor[q], until=nxt[:2] if nxt else None,
                                         previous=page_labels[k - 1] if k else None)
                else:
                    hit = search(bodies[q], label, cursor[q], brackets)
                if hit:
                    i, s, e = hit
                    found[q].setdefault(i, []).append((s, e, label))
                    cursor[q] = (i, e)
                    break
    return found


def _search(body: list[Line], label: str, cursor: tuple[int, int],
            brackets: bool = False) -> tuple[int, int, int] | None:
    pattern = re.compile((rf"(?<=\S)\[{re.escape(label)}\]|" if brackets else "") +
                         (rf"(?:(?<={BEFORE})|(?<=…\s)){re.escape(label)}{AFTER}{INSIDE_NUMBER}"
                          if label.isdigit() else
                          rf"(?<=\S){re.escape(label)}{AFTER}"))     # (LaTeX sets a space after '. . .')
    ci, cc = cursor
    for i in range(ci, len(body)):
        text = body[i].text
        for m in pattern.finditer(text, cc if i == ci else 0):
            if label.isdigit() and m.start() > 0 and text[m.start() - 1].isdigit() and text[m.start()] != "[":
                continue
            return i, m.start(), m.end()
    return None


def _search_spaced(body: list[Line], label: str, cursor: tuple[int, int], brackets: bool = False,
                   until: tuple[int, int] | None = None, previous: str | None = None) -> tuple[int, int, int] | None:
    """A marker set apart from its word by a space (TeX's italic correction after an italic word:
    'the Swiftsure 20 till'; PyMuPDF's place for a web print's superscript), looked for only when no
    glued one stands there: the label's number after a word's letters, the only such number in the
    rest of the page, or before ``until`` (the next note's marker: a quantity in the text, 'at 4 in
    the morning', would be one more), or right after the ``previous`` note's set apart the same way
    ('the 40 41 Doctor'). The span starts at the space."""
    if not label.isdigit():
        return None
    after_previous = rf"|(?<=\S {re.escape(previous)})" if previous and previous.isdigit() else ""
    pattern = re.compile(rf"(?:(?<={APART_AFTER}){after_previous}) {label}{AFTER}")
    ci, cc = cursor
    hits = [(i, m.start(), m.end()) for i in range(ci, len(body))
            for m in pattern.finditer(body[i].text, cc if i == ci else 0)]
    if until:
        hits = [h for h in hits if h[:2] < until]
    return hits[0] if len(hits) == 1 else None


# A number glued to a word (or its closing punctuation) that no note of its page took ('members54',
# 'Generals.366'): a tool's raised number (a superscript the book printed, or a call whose note went
# missing), written as one for the normaliser to decide: out of the markers' sequence it stays a
# superscript; filling its place, it is a call without its note (an error, not a silent number)
RAISED = re.compile(r"(?<=[^\W\d_]{2}[a-z])([.,;:!?’”)]?)(\d{1,3})(?![\w.,]\d|[^\W_])")


def mark(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with the markers at ``spans`` written as ``<sup>N</sup>`` (a bracketed one too), and the
    numbers glued to a word that no note took (:data:`RAISED`)."""
    out, at = [], 0
    for s, e, label in sorted(spans):
        head = text[at:s - 1] if text[s - 2:s] == "… " else text[at:s]       # '. . . 3': the marker's space
        out += [RAISED.sub(r"\1<sup>\2</sup>", head), f"<sup>{label}</sup>"]
        at = e
    out.append(RAISED.sub(r"\1<sup>\2</sup>", text[at:]))
    return "".join(out)


def numbers_kept_inside(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A note's lines, a number that opens a line after the first moved up to the line before: it would
    read as the next note's label ('æt. suæ⏎80. We')."""
    out = lines[:1]
    for text, src in lines[1:]:
        m = LEADING_NUMBER.match(text)
        if m and not out[-1][0].endswith(("-", "\u2013", "\u2014")):
            out[-1] = (f"{out[-1][0]} {m.group(1)}", out[-1][1])
            if not text[m.end():]:
                continue
            text = text[m.end():]
        out.append((text, src))
    return out
