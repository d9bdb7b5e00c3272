"""Pages of a text that a tool wrote without page breaks (``pdftotext -nopgbrk``, a PDF viewer's text
export, text copied out of a viewer), recovered from the furniture it kept.

Each page's running head and folio stay in such a text, between the last lines of one page and the
first of the next. They are found as on pages with breaks, by repetition and sequence, never by
wording (:mod:`.furniture`):

- a **running head** is a short line (no sentence's end; a folio may be set in it) that recurs at
  least MIN_REPEATS times, each time a page's worth of lines (MIN_PAGE at least) after the last;
- its **folio** is the bare number that stands next to it, on the same side each time (for each
  running head: a verso's and a recto's may differ), its values rising from one head to the next
  (or the number set in its own line); lines that recur with no folio beside half of them at least
  are no running heads (a diary's 'Monday', a refrain);
- a page that carries a folio and no running head (a chapter's opening page, a book that heads only
  its versos) is found by its folio: the number the sequence wants between two heads' folios, the
  line nearest where that page would start (lines spread evenly over the pages between them);
- a book without running heads shows its pages by its folios alone: bare numbers rising by one, a
  page's worth of lines apart, MIN_CHAIN of them at least, most of them about as far apart as the
  others (a note's labels, one a page or so, stand irregularly).

The text is cut before each page's furniture; the lines found so are the pages' furniture (taken out
and counted as :func:`.furniture.find` does on pages a tool had divided). Folios here are arabic
figures only (a line of one word such as 'civil' reads as a roman number).
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from ..layout.syntax import successor
from .furniture import EDGE, MIN_REPEATS, Line, _head_key, _number, own_folio
from .notes import _search, follows, label_of, labels_ahead, referred

MIN_PAGE = 8         # lines a page holds at least (blank ones counted)
SIDE = (-2, -1, 1, 2)  # where a folio may stand beside its running head (lines, blank lines not counted)
MAX_STEP = 4         # pages from one running head to the next of the same kind, at most
MIN_CHAIN = 4        # folios in a row that show a book's pages without running heads
REGULAR = 0.25       # a page's lines within this share of the pages' median ...
REGULAR_SHARE = 0.75  # ... on this share of the pages at least, for folios alone to show them


def recover(lines: list[Line]) -> tuple[list[list[Line]], list[set[int]]] | None:
    """The pages of ``lines`` (one text, no page breaks), cut before each page's furniture, and each
    page's furniture (indexes into it); None when the text shows no furniture to cut at (fewer than
    three pages)."""
    runs, feet = _runs(lines)
    furniture = set().union(*runs, feet)
    starts: list[int] = []
    for k in sorted({min(run) for run in runs if min(run) > 0}):
        # (a page holds text: the runs of one page's furniture, 'The Diary' and 'Pepys — 2' set on two
        # lines, start one page; a folio at the text's very end, the last page's foot, starts none)
        if _text_between(lines, furniture, starts[-1] if starts else 0, k) and \
                _text_between(lines, furniture, k, len(lines)):
            starts.append(k)
    if len(starts) < 2:
        return None
    bounds = [0, *starts, len(lines)]
    pages = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    return ([lines[a:b] for a, b in pages],
            [{i - a for i in furniture if a <= i < b} for a, b in pages])


def _text_between(lines: list[Line], furniture: set[int], a: int, b: int) -> bool:
    return any(lines[i].text and i not in furniture for i in range(a, b))


def _runs(lines: list[Line]) -> tuple[list[set[int]], set[int]]:
    """Each page's furniture that starts it (lines of ``lines``): a running head and its folio, or a
    folio alone; and the folios at the feet of the first and the last page."""
    numbers = {i: v for i, ln in enumerate(lines)
               if any(map(str.isdigit, ln.text)) and (v := _number(ln.text)) is not None}
    runs: dict[int, tuple[set[int], int | None]] = {}       # first line -> (lines, folio)
    for occurrences in _running_heads(lines, numbers).values():
        side = _folio_side(lines, occurrences, numbers)
        # (a number set in the head's own line is its folio when it changes: 'CHAPTER 12' is no folio)
        own = {i: f for i in occurrences if (f := own_folio(lines[i].text)) is not None}
        own = own if len(set(own.values())) > 1 else {}
        for i in occurrences:
            folio = _beside(lines, i, side) if side else None
            folio = folio if folio in numbers else None
            run = {i} | ({folio} if folio is not None else set())
            # (a folio set in the head's own line, '2      1. JANUARY 1659–60': pdftotext -layout)
            value = numbers[folio] if folio is not None else own.get(i)
            runs[min(run)] = (run, value)
    known = sorted((min(run), v) for run, v in runs.values() if v is not None)
    if len(known) * 2 < len(runs) or len(known) < MIN_REPEATS:
        # (lines that recur without folios beside them are no running heads: a diary's 'Monday', a
        # refrain; pages are then shown by folios alone, or not at all)
        return [{i} for i in _folio_chain(numbers)], set()
    found = _folios_between(known, numbers)
    return [run for run, _ in runs.values()] + [{i} for i in found], _folios_at_ends(lines, known, numbers)


def _beside(lines: list[Line], i: int, side: int) -> int | None:
    """The line ``side`` lines away from line ``i`` (blank lines not counted), or None."""
    step, k, left = (1 if side > 0 else -1), i, abs(side)
    while left:
        k += step
        if not 0 <= k < len(lines):
            return None
        left -= bool(lines[k].text)
    return k


def _running_heads(lines: list[Line], numbers: dict[int, int]) -> dict[str, list[int]]:
    """Running heads (key -> the lines they stand on): short lines that recur, a page apart. Where the
    tool sets a head apart from the text below by a blank line (two times in three, three at least),
    the same words not set apart are the chapter's title set with its text (as :mod:`.furniture`)."""
    seen: dict[str, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        if ln.text and i not in numbers and (key := _head_key(ln.text)):
            seen[key].append(i)
    heads = {}
    for key, found in seen.items():
        apart = [i + 1 < len(lines) and not lines[i + 1].text for i in found]
        if sum(apart) >= 3 and sum(apart) * 3 >= 2 * len(found):
            found = [i for i, a in zip(found, apart) if a]
        if len(found) >= MIN_REPEATS and min(b - a for a, b in zip(found, found[1:])) >= MIN_PAGE:
            heads[key] = found
    return heads


def _folio_side(lines: list[Line], occurrences: list[int], numbers: dict[int, int]) -> int | None:
    """Where a running head's folio stands beside it: the side whose numbers rise from one head to the
    next (by one page to MAX_STEP) at least half the time; None when no side does."""
    best, best_score = None, 0
    for side in SIDE:
        values = [numbers.get(_beside(lines, i, side)) for i in occurrences]
        score = sum(1 for a, b in zip(values, values[1:])
                    if a is not None and b is not None and 0 < b - a <= MAX_STEP)
        if score > best_score:
            best, best_score = side, score
    return best if best_score * 2 >= len(occurrences) - 1 else None


def _folios_between(known: list[tuple[int, int]], numbers: dict[int, int]) -> set[int]:
    """Pages that carry a folio and no running head: between two heads whose folios are ``a`` and
    ``b``, each number from a + 1 to b - 1, the line holding it nearest where its page would start
    (``known``: the heads' first lines and folios, in order)."""
    found: set[int] = set()
    for (i, a), (j, b) in zip(known, known[1:]):
        for v in range(a + 1, b):
            where = i + (j - i) * (v - a) / (b - a)
            near = [k for k, n in numbers.items() if n == v and i < k < j]
            if near:
                k = min(near, key=lambda k: abs(k - where))
                if abs(k - where) <= (j - i) / (b - a) / 2:
                    found.add(k)
    return found


def _folios_at_ends(lines: list[Line], known: list[tuple[int, int]], numbers: dict[int, int]) -> set[int]:
    """The folios of the first and the last page where no running head stands (a chapter's opening
    page, its folio at the foot; the last page's foot): the number before the first head's folio among
    the last lines before that head, the one after the last head's folio among the text's last lines."""
    if not known:
        return set()
    (first, a), (last, b) = known[0], known[-1]
    ends = [(a - 1, [k for k in range(first) if lines[k].text][-EDGE:]),
            (b + 1, [k for k in range(last + 1, len(lines)) if lines[k].text][-EDGE:])]
    return {k for v, near in ends for k in near if numbers.get(k) == v}


def _folio_chain(numbers: dict[int, int]) -> list[int]:
    """A book without running heads: the longest run of bare numbers rising by one, each a page's worth
    of lines (MIN_PAGE) after the last (a note's labels stand closer together on their page), when it
    has MIN_CHAIN at least; of the numbers one before, the nearest that ends the longest run (a page's
    folio follows the page before's, not a label '1' higher up that page)."""
    best: dict[int, list[int]] = {}
    for i in sorted(numbers):
        chain = max((best[k] for k in best if numbers[k] == numbers[i] - 1 and i - k >= MIN_PAGE),
                    key=lambda c: (len(c), c[-1]), default=[])
        best[i] = chain + [i]
    chain = max(best.values(), key=len, default=[])
    if len(chain) < MIN_CHAIN:
        return []
    # (pages hold about as many lines each: most gaps near their median; a note's labels one a page
    # or so, 'one per page' in a chapter of few notes, stand irregularly)
    gaps = [b - a for a, b in zip(chain, chain[1:])]
    middle = statistics.median(gaps)
    if sum(abs(g - middle) <= REGULAR * middle for g in gaps) < REGULAR_SHARE * len(gaps):
        return []
    return [i for i in chain if i > 0]


MIN_RUNS = 2        # runs of notes that show a text's pages where no furniture does
NOTE, EITHER, PAGE = "note", "either", "page"   # what a block without labels after a run may be


def by_note_runs(lines: list[Line]) -> list[list[Line]] | None:
    """The pages of ``lines`` (one text, no page breaks, no furniture: a word processor's print sets
    no running head or folio) cut where each page's run of notes ends, the only thing left that
    shows a page's end. A note's label is a line holding a number alone, or opening a block (lines
    between blank ones: '12 Text'), that follows the last label (from 1, one or two lost on the way)
    and whose marker stands glued to a word above it, on its page or the one before. Labels in a row
    make a run. After a run, the next page starts at the first block that

    - holds the next label's marker (the next page's text), or
    - is a page without notes of its own: it holds no label, and no label goes on with the run before
      the next marker shows. Where the run's last label stood alone, the block below it is its note;
      where it ends the page's text (the tool set it after the body's last line, or after its note
      run into the text), the block below may be its note or a page: a page holds half a page's
      lines at least (the median of the pages the markers showed).

    None when fewer than MIN_RUNS runs show."""
    blocks = _blocks(lines)
    starts = _page_starts(lines, blocks, None)
    if len(starts) < MIN_RUNS:
        return None
    bounds = [0, *starts, len(lines)]
    starts = _page_starts(lines, blocks, statistics.median(b - a for a, b in zip(bounds, bounds[1:])))
    bounds = [0, *starts, len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:])]


def _page_starts(lines: list[Line], blocks: list[tuple[int, int]], page: float | None) -> list[int]:
    """Where each page after the first starts (:func:`by_note_runs`); ``page``: a page's lines (None:
    pages shown by their markers only)."""
    starts: list[int] = []
    last: str | None = None       # the last label
    marked: str | None = None     # the last marker in the text (notes may be set a page after theirs)
    in_run, below = False, PAGE   # (below: what a block without labels after the run may be)
    for k, (a, b) in enumerate(blocks):
        block = lines[a:b]
        found = _labels_in(lines, a, b, last, starts[-2] if len(starts) > 1 else 0)
        if in_run and _marks_next(block, _later(last, marked)):
            starts.append(a)
            in_run = False
        elif in_run and not found:
            if page and (below == PAGE or (below == EITHER and 2 * (b - a) >= page)) and \
                    not _run_goes_on(lines, blocks[k + 1:], last, _later(last, marked)):
                starts.append(a)
                in_run = False
            below = PAGE
            continue
        if not in_run:
            marked = _last_marked(block, _later(last, marked))
        if found:
            at = found[-1]
            below = NOTE if at == a == b - 1 else EITHER if at == b - 1 and not in_run else PAGE
            last, in_run = label_of(lines[at].text)[0], True
    return starts


def _labels_in(lines: list[Line], a: int, b: int, last: str | None, since: int) -> list[int]:
    """The lines of the block ``a``–``b`` that hold note labels going on from ``last``, their markers
    in the text from line ``since`` on."""
    found = []
    for i in range(a, b):
        label = _label_going_on(lines, i, a, last)
        if label is not None and referred(lines[since:i], label):
            found.append(i)
            last = label
    return found


def _label_going_on(lines: list[Line], i: int, a: int, last: str | None) -> str | None:
    """The label line ``i`` holds (alone, or opening its block, which starts at line ``a``) where it
    goes on from ``last`` (not a sequence starting again), else None."""
    label = label_of(lines[i].text)
    if label is None or (label[1] and i > a) or not follows(last, label[0]) or \
            (last is not None and label[0] == "1"):
        return None
    return label[0]


def _run_goes_on(lines: list[Line], blocks: list[tuple[int, int]], last: str | None,
                 marked: str | None) -> bool:
    """A block of ``blocks`` holds a label going on from ``last`` before one holds a marker after
    ``marked``."""
    for a, b in blocks:
        if _marks_next(lines[a:b], marked):
            return False
        if any(_label_going_on(lines, i, a, last) for i in range(a, b)):
            return True
    return False


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """The runs of lines between blank ones: (first, after the last)."""
    out: list[tuple[int, int]] = []
    start = None
    for i, ln in enumerate([*lines, Line("", 0)]):
        if ln.text and start is None:
            start = i
        elif not ln.text and start is not None:
            out.append((start, i))
            start = None
    return out


def _later(a: str | None, b: str | None) -> str | None:
    """The later of two labels of a sequence of numbers (else ``a``)."""
    return b if a is None or (b is not None and b.isdigit() and a.isdigit() and int(b) > int(a)) else a


def _last_marked(block: list[Line], after: str | None) -> str | None:
    """The last of the markers following ``after`` in turn that ``block`` holds glued to words."""
    while (nxt := successor(after) if after else "1") and _search(block, nxt, (0, 0)):
        after = nxt
    return after


def _marks_next(block: list[Line], last: str | None) -> bool:
    """``block`` holds, glued to a word, the marker of a label that may follow ``last`` (one or two
    lost on the way)."""
    return any(_search(block, label, (0, 0)) for label in labels_ahead(last))
