"""Running heads and folios at the edges of plain-text pages, found by repetition and position.

A page's first and last lines are furniture when they are

- a **folio**: a bare number (arabic, or lower-case roman) whose value follows the page sequence: a
  page a few pages away carries the number that many higher or lower (one folio per page), in a run
  of CHAIN pages at least (a note's label at a page's foot follows one on the next page by chance);
- a **running head**: a line (digits aside: a folio may be set in it) that stands at a page's edge on
  at least three pages, printed the same way (a chapter's title on its first page is kept when it is
  set in another case than its running head).

At most two lines are taken from each edge, one folio per page; nothing is decided by wording. A
note's label closed by a full stop alone on a line is passed over at an edge (pdftotext may read a
page's hanging labels as a block between its running head and its folio).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

FOLIO = re.compile(r"^[\s\-–—\[\](){}|·•]*(?P<n>\d{1,4}|[ivxlcdm]{1,7})[\s\-–—\[\](){}|·•]*$")
LABEL_APART = re.compile(r"^\d{1,3}\.$")      # a note's label on a line of its own: never furniture
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
EDGE = 2            # lines looked at on each edge of a page
NEAR = 4            # pages within which a folio's neighbour is looked for
CHAIN = 4           # pages a run of folios holds at least (half a shorter file's pages, two at least)
MIN_REPEATS = 3     # pages a running head stands on
MAX_HEAD = 100      # characters a running head may have
TITLE = 2           # lines of a chapter's title above a folio set below it (:func:`_folio_below_title`)


@dataclass
class Line:
    text: str
    src: int            # 1-based line of the input
    slack: float = 0.0  # how much longer the printed line may have been (a line cut out of two that a
                        # tool ran together: the cut may have fallen a word early), in widths' ens
    after_blank: bool = False   # a blank line stands above it (the tool set it apart from the lines above)
    indent: int = 0     # spaces before it (what a tool that keeps the layout gives: pdftotext -layout)
    run_on: bool = False  # the rest of a line a tool ran together at a hyphen: the block of the line above
    furniture: bool = False  # a running head or folio found in a text without page breaks (:mod:`.unpaged`)
    stretched: bool = False  # the tool set wide gaps between its words (a justified line, stretched)


def _number(text: str) -> int | None:
    m = FOLIO.match(text)
    if not m:
        return None
    n = m.group("n")
    if n.isdigit():
        return int(n)
    total = 0
    for a, b in zip(n, n[1:] + " "):
        v = ROMAN[a]
        total += -v if b != " " and ROMAN[b] > v else v
    return total


def _head_key(text: str) -> str | None:
    key = re.sub(r"\s+", " ", re.sub(r"^\d{1,4}\s+|\s+\d{1,4}$", "", text.strip())).strip()   # a folio set in it
    if len(" ".join(text.split())) > MAX_HEAD or sum(c.isalpha() for c in key) < 2 or \
            text.rstrip().endswith(tuple(".,;:!?")):
        return None       # a title, never the end of a sentence (as printed: 'Diary, 1660' is one)
    return key


OWN_FOLIO = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")      # a folio set in a running head's line


def own_folio(text: str) -> int | None:
    """The folio set in a running head's line ('2      1. JANUARY 1659–60', 'THE DIARY 3'), if any."""
    m = OWN_FOLIO.search(text.strip())
    return int(m.group(1) or m.group(2)) if m else None


def _edges(page: list[Line]) -> list[int]:
    """The EDGE lines at each edge of a page; labels closed by a full stop on lines of their own are
    passed over (pdftotext may read a page's hanging labels as a block between its running head and
    its folio: 'The Diary', '3.', '4.', '5.', '34')."""
    def first(order: range) -> list[int]:
        return list(islice((i for i in order if not LABEL_APART.match(page[i].text)), EDGE))
    return sorted(set(first(range(len(page)))) | set(first(range(len(page) - 1, -1, -1))))


def find(pages: list[list[Line]]) -> list[set[int]]:
    """For each page, the indexes of its furniture lines."""
    numbers = [{i: v for i in _edges(p) if (v := _number(p[i].text)) is not None} for p in pages]
    heads = Counter()
    for p in pages:
        keys = {k for i in _edges(p) if _number(p[i].text) is None and (k := _head_key(p[i].text))}
        heads.update(keys)
    repeated = {k for k, c in heads.items() if c >= MIN_REPEATS}
    # (a folio set in a running head's line, '2      THE DIARY' in pdftotext -layout, shows the page's
    # number to the sequence a bare folio on a page near it must follow: a chapter's opening page)
    own = [{i: f for i in _edges(p) if _number(p[i].text) is None and _head_key(p[i].text) in repeated
            and (f := own_folio(p[i].text)) is not None} for p in pages]
    varied = len({f for page in own for f in page.values()}) > 1      # ('CHAPTER 12' on every page: no folio)
    folios = _chained([set(numbers[pno].values()) | (set(own[pno].values()) if varied else set())
                       for pno in range(len(pages))])
    apart = _set_apart(pages, repeated)
    titles = _titles(pages, repeated, numbers, own, folios)
    out: list[set[int]] = []
    for pno, page in enumerate(pages):
        taken: set[int] = set()
        folio = False
        edges = _edges(page)
        for order in (edges, edges[::-1]):
            for count, i in enumerate(order):
                if count >= EDGE or i in taken:
                    break
                v = numbers[pno].get(i)
                if v is not None and not folio and _in_sequence(folios, pno, v):
                    taken.add(i)
                    folio = True
                elif v is None and (key := _head_key(page[i].text)) in repeated and \
                        not (apart[key] and i + 1 < len(page) and not page[i + 1].after_blank) and \
                        i not in titles[pno]:
                    taken.add(i)
                else:
                    break
        # (a page whose running head carries its folio has its folio: a bare number below is its text's)
        if not folio and not (varied and own[pno]) and \
                (i := _folio_below_title(page, _numbers_near(page), taken, folios, pno)) is not None:
            taken.add(i)
        out.append(taken)
    return out


def _numbers_near(page: list[Line]) -> dict[int, int]:
    """The bare numbers among a page's first lines, a title's depth below its edge (EDGE + TITLE)."""
    return {i: v for i in range(min(EDGE + TITLE, len(page))) if (v := _number(page[i].text)) is not None}


def _folio_below_title(page: list[Line], numbers: dict[int, int], taken: set[int], folios: list[set[int]],
                       pno: int) -> int | None:
    """A chapter's opening page whose folio a tool set below its title, not at the page's edge
    (pdfminer.six of LaTeX: 'The Diary', '5. May 1660', '1', the folio printed at the foot): the
    page's one bare number among its first lines, past the furniture taken and at most TITLE lines
    of title, whose value follows the pages' folios, where the page has no folio at its edges."""
    rest = [i for i in range(len(page)) if i not in taken][:TITLE + 1]
    found = [i for i in rest if i in numbers and _in_sequence(folios, pno, numbers[i])]
    return found[0] if len(found) == 1 and found[0] != rest[0] else None


def _titles(pages: list[list[Line]], repeated: set[str], numbers: list[dict[int, int]],
            own: list[dict[int, int]], folios: list[set[int]]) -> list[set[int]]:
    """For each page, its lines at the edges that repeat a running head but are the chapter's title:
    where the head stands with its folio (in its own line or the next; a number the head carries
    alike on every page is no folio: '7. July 1660') on most pages (:func:`_folioed`), the same
    words without a folio beside them on a page whose last line is its folio (a chapter's opening
    page)."""
    values: dict[str, set[int]] = {}
    for pno, p in enumerate(pages):
        for i, f in own[pno].items():
            values.setdefault(_head_key(p[i].text), set()).add(f)
    beside = [{i for i in _edges(p) if (i in own[pno] and len(values[_head_key(p[i].text)]) > 1)
               or {i - 1, i + 1} & set(numbers[pno])} for pno, p in enumerate(pages)]
    folioed = _folioed(pages, repeated, beside)
    footed = [(v := numbers[pno].get(len(p) - 1)) is not None and _in_sequence(folios, pno, v)
              for pno, p in enumerate(pages)]
    return [{i for i in _edges(p) if footed[pno] and i not in beside[pno] and _head_key(p[i].text) in folioed}
            for pno, p in enumerate(pages)]


def _folioed(pages: list[list[Line]], repeated: set[str], beside: list[set[int]]) -> set[str]:
    """The running heads that stand with their folio (``beside``: in their own line, pdftotext
    -layout's '3. March 1659–60      5', or the line next to it, pdfminer.six's) two times in three
    at least (three at least): the same words without a folio, on a chapter's opening page whose
    folio stands at its foot, are its title (where the folio stands elsewhere, set below the title,
    the head is the page's own: :func:`_folio_below_title`)."""
    seen: dict[str, list[bool]] = {k: [] for k in repeated}
    for page, with_folio in zip(pages, beside):
        for i in _edges(page):
            key = _head_key(page[i].text)
            if key in seen:
                seen[key].append(i in with_folio)
    return {k for k, v in seen.items() if sum(v) >= 3 and sum(v) * 3 >= 2 * len(v)}


def _set_apart(pages: list[list[Line]], repeated: set[str]) -> dict[str, bool]:
    """For each running head, whether the tool sets it apart from the text below by a blank line on
    two pages in three at least (three at least): then the same words not set apart, on a chapter's
    first page, are the chapter's title set with its text, not furniture."""
    seen: dict[str, list[bool]] = {k: [] for k in repeated}
    for page in pages:
        for i in _edges(page):
            key = _head_key(page[i].text)
            if key in seen and i + 1 < len(page):
                seen[key].append(page[i + 1].after_blank)
    return {k: sum(v) >= 3 and sum(v) * 3 >= 2 * len(v) for k, v in seen.items()}


def _chained(numbers: list[set[int]]) -> list[set[int]]:
    """Of each page's numbers at its edges, those that run on as folios do: a book numbers its pages
    one after the other, so its folios keep one distance from the pages' places over a run of pages
    (each within NEAR pages of the next), CHAIN pages long at least, or half the pages of a shorter
    file (two at least). A note's label at a page's foot keeps it by chance on a page or two ('7' on a
    word processor's page whose notes run 5 to 7, '8' on the next: no folios at all in its print)."""
    at: dict[int, list[int]] = {}          # distance -> the pages whose edges hold a number that far on
    for pno, values in enumerate(numbers):
        for v in values:
            at.setdefault(v - pno, []).append(pno)
    need = min(CHAIN, max(2, (len(numbers) + 1) // 2))
    runs: list[tuple[int, list[int]]] = []
    for distance, pnos in at.items():
        parts = [[pnos[0]]]
        for pno in pnos[1:]:
            if pno - parts[-1][-1] <= NEAR:
                parts[-1].append(pno)
            else:
                parts.append([pno])
        runs += [(distance, run) for run in parts if len(run) >= need]
    explained = {pno for _, run in runs for pno in run}
    kept: list[set[int]] = [set() for _ in numbers]
    for distance, run in runs:
        if not _outpaced(numbers, explained, distance, run):
            for pno in run:
                kept[pno].add(pno + distance)
    return kept


def _outpaced(numbers: list[set[int]], explained: set[int], distance: int, run: list[int]) -> bool:
    """A run of numbers that a faster climb passes through: the nearest pages before and after it
    (within NEAR) that hold numbers of no run hold lower ones nearer their places before it and
    higher ones farther from them after it. Labels trailing at the pages' feet, one note or two a
    page, keep one distance from the pages for a few pages by chance ('8', '9', '10', '11' on four
    pages of a word processor's print, between '6' two pages before and '14' after); a book's folios
    run on to the file's ends or into another run (roman numbers before arabic ones)."""
    def flank(pnos: range) -> tuple[int, set[int]] | None:
        return next(((q, numbers[q]) for q in pnos if numbers[q] and q not in explained), None)
    first, last = run[0], run[-1]
    below = flank(range(first - 1, max(-1, first - 1 - NEAR), -1))
    above = flank(range(last + 1, min(len(numbers), last + 1 + NEAR)))
    return below is not None and above is not None and \
        max(below[1]) < first + distance and max(below[1]) - below[0] < distance and \
        min(above[1]) > last + distance and min(above[1]) - above[0] > distance


def _in_sequence(folios: list[set[int]], pno: int, v: int) -> bool:
    for q in range(max(0, pno - NEAR), min(len(folios), pno + NEAR + 1)):
        if q != pno and v + (q - pno) in folios[q]:
            return True
    return False
