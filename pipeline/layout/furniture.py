"""Page furniture: running heads and folios, recognised from repetition and position.

A printed page carries lines that are not the book's text: a running head (``178 A HISTORY OF THE
SOVIET UNION``, ``CHAP. II. OF MONEY 125``, ``THE WEALTH OF NATIONS``) and a folio (a bare ``193``
at the foot). Extraction tools leave them in the text as lines of their own. Evidence that a line is
furniture, never its wording:

- **shape**: a short line on its own (a one-line block, or the first/last line of a page cut by a
  form feed): a number alone, or a number and a short title that does not end a sentence;
- **repetition**: the same title recurs (a running head) with page numbers that increase through the
  book, or an identical unnumbered title recurs at least three times;
- **sequence**: a bare number is a folio when a neighbouring furniture line or folio carries the page
  number before or after it, at a plausible distance in text (one printed page holds a few thousand
  characters), or when it stands right next to a form feed.

Detection runs over the whole book, so a running head seen once in a short chapter is still
recognised by its repetition in others. Each furniture line becomes a ``furniture`` block: a page
boundary, removed from the text and counted in the report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import RawBlock

ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_DECOR = r"[\s\-–—\[\](){}|·•]*"
BARE_FOLIO = re.compile(rf"^{_DECOR}(?:(?:page|p\.)\s*)?(?P<n>\d{{1,4}}|[ivxlcdm]{{1,7}}){_DECOR}$", re.I)
# A folio set in the head: before or after the title, in brackets or not, a separator of any
# punctuation between them ('24 THE VOYAGE', '[24] The Voyage', 'The Voyage ~ 24', 'CHAP. II | 25').
NUM_FIRST = re.compile(r"^[\[(]?(?P<n>\d{1,4})[\])]?\s+(?:[^\w\s]{1,3}\s+)?(?P<t>\S.{0,90}?)$")
NUM_LAST = re.compile(r"^(?P<t>\S.{0,90}?)\s+(?:[^\w\s]{1,3}\s+)?[\[(]?(?P<n>\d{1,4})[\])]?$")
MAX_LINE = 100
SENTENCE_END = tuple(".,;:!?")
# Characters of text that one printed page step may span (one page up to a few, with notes).
MIN_PAGE_CHARS, MAX_PAGE_CHARS = 60, 9000
MAX_STEP = 6


@dataclass
class Candidate:
    file: int          # index of the file in the book
    block: int         # index of the block in its file
    index: int         # index of the line in its block
    text: str
    offset: int        # characters of the file before the line
    beside_form_feed: bool
    number: int | None = None   # bare folio
    heads: list[tuple[int, str]] = field(default_factory=list)  # (page number or -1, title key)
    folio: str | None = None
    confirmed: str = ""         # why it is furniture


def _key(title: str) -> str:
    return re.sub(r"\s+", " ", title.casefold()).strip(" .:-–—|·•")


def _title_ok(title: str) -> bool:
    letters = sum(c.isalpha() for c in title)
    return letters >= 2 and not title.rstrip().endswith(SENTENCE_END) and "<sup>" not in title


def _parse(c: Candidate) -> None:
    text = c.text.strip()
    if len(text) > MAX_LINE:
        return
    m = BARE_FOLIO.match(text)
    if m:
        n = m.group("n")
        if n.isdigit():
            c.number = int(n)
        elif ROMAN.match(n.lower()) and n.islower():
            c.number = _roman(n)
        return
    for rx in (NUM_FIRST, NUM_LAST):
        m = rx.match(text)
        if m and _title_ok(m.group("t")):
            c.heads.append((int(m.group("n")), _key(m.group("t"))))
    if _title_ok(text) and not text[:1].isdigit():
        c.heads.append((-1, _key(text)))


def _roman(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def _plausible(a: Candidate, na: int, b: Candidate, nb: int) -> bool:
    """Page numbers ``na`` at ``a`` and ``nb`` at ``b`` (later in the book) fit one sequence."""
    step = nb - na
    if not 1 <= step <= MAX_STEP * (1 if a.file == b.file else 100):
        return False
    if a.file != b.file:
        return True
    per_page = (b.offset - a.offset) / step
    if step == 1:
        # A folio at one page's foot and the next page's head stand side by side.
        return per_page <= 2 * MAX_PAGE_CHARS
    return MIN_PAGE_CHARS <= per_page <= MAX_PAGE_CHARS


def _candidates(files: list[list[RawBlock]], notes_set: list[bool]) -> list[Candidate]:
    """Lines that may be furniture: a one-line block; every line of a short block made only of such
    lines (``23`` above ``24 THE WEALTH OF NATIONS``); the first or last line of a page cut by a form feed.
    In a file whose note areas a front end set (``notes_set``), none of a note area's lines."""
    out: list[Candidate] = []
    for fi, blocks in enumerate(files):
        offset = 0
        in_notes = False
        for bi, blk in enumerate(blocks):
            ff_before = bi > 0 and blocks[bi - 1].kind == "pagebreak"
            ff_after = bi + 1 < len(blocks) and blocks[bi + 1].kind == "pagebreak"
            in_notes = (in_notes or (notes_set[fi] and blk.kind == "separator")) and blk.kind != "pagebreak"
            if blk.kind == "text" and not in_notes:
                lines = [Candidate(fi, bi, k, line, offset + sum(len(x) + 1 for x in blk.lines[:k]),
                                   (ff_before and k == 0) or (ff_after and k == len(blk.lines) - 1))
                         for k, line in enumerate(blk.lines)]
                for c in lines:
                    _parse(c)
                if len(lines) <= 3 and all(c.number is not None or c.heads for c in lines):
                    out.extend(lines)
                else:
                    if ff_before:
                        out.append(lines[0])
                    if ff_after and len(lines) > 1:
                        out.append(lines[-1])
            offset += len(blk.text) + 2
    return [c for c in out if c.number is not None or c.heads]


def detect(files: list[list[RawBlock]], notes_set: list[bool] | None = None) -> list[Candidate]:
    """The furniture lines of a book (files in reading order), confirmed by repetition and sequence."""
    cands = _candidates(files, notes_set or [False] * len(files))
    # 1. Running heads: a title key recurring with increasing page numbers, or unnumbered >= 3 times.
    groups: dict[str, list[tuple[Candidate, int]]] = defaultdict(list)
    for c in cands:
        for n, key in c.heads:
            groups[key].append((c, n))
    for key, members in groups.items():
        numbered = [(c, n) for c, n in members if n >= 0]
        plain = [c for c, n in members if n < 0]
        chain = _longest_climb(numbered)
        if len(chain) >= 2:
            for c, n in chain:
                if not c.confirmed:
                    c.confirmed, c.folio = f"running head '{key}' recurs {len(chain)}× with page numbers", str(n)
        if len(plain) >= 3 and all(b.offset - a.offset >= MIN_PAGE_CHARS or a.file != b.file
                                   for a, b in zip(plain, plain[1:])):
            for c in plain:
                if not c.confirmed:
                    c.confirmed = f"running head '{key}' recurs {len(plain)}×"
    # 2. Folios: page numbers in sequence with a neighbouring folio, or beside a form feed; a running
    # head seen once is confirmed by the folios around it.
    for _ in range(3):
        numbered = sorted(((c, n) for c in cands for n in _numbers(c)), key=lambda cn: (cn[0].file, cn[0].offset))
        for i, (c, n) in enumerate(numbered):
            if c.confirmed:
                continue
            prev = numbered[i - 1] if i else None
            nxt = numbered[i + 1] if i + 1 < len(numbered) else None
            fits = [(p, pn) for p, pn in (x for x in (prev, nxt) if x is not None)
                    if p is not c and (c.number is not None or p.confirmed)]
            if any(_plausible(p, pn, c, n) if p.offset <= c.offset else _plausible(c, n, p, pn) for p, pn in fits):
                c.confirmed, c.folio = "page number in sequence with the neighbouring page numbers", str(n)
            elif c.beside_form_feed and c.number is not None and not _goes_on_into(files, c):
                c.confirmed, c.folio = "page number beside a form feed", str(n)
    return [c for c in cands if c.confirmed]


def _goes_on_into(files: list[list[RawBlock]], c: Candidate) -> bool:
    """The line above ``c`` in its block breaks off going on into it (a comma, a semicolon, a hyphen or
    a lower-case word ends it): '—Lysons’ *Hist. of Bucks*,' above 'p. 587', a note's reference, no
    folio, though it stands beside a form feed."""
    if c.index == 0:
        return False
    above = files[c.file][c.block].lines[c.index - 1].rstrip().rstrip("*_")
    return above[-1:] in (",", ";", "-") or above[-1:].islower()


def _longest_climb(members: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """The longest run of a title's occurrences (in book order) whose page numbers climb plausibly: a
    stray line with the same title and a number out of sequence is left out, not the whole title."""
    if len(members) < 2:
        return []
    best = [1] * len(members)
    prev = [-1] * len(members)
    for j in range(len(members)):
        for i in range(max(0, j - 50), j):
            if best[i] + 1 > best[j] and _climbs(*members[i], *members[j]):
                best[j], prev[j] = best[i] + 1, i
    j = max(range(len(members)), key=lambda k: best[k])
    chain = []
    while j >= 0:
        chain.append(members[j])
        j = prev[j]
    return chain[::-1]


def _climbs(a: Candidate, na: int, b: Candidate, nb: int) -> bool:
    """Two lines of one running head: the page number climbs at a plausible rate (heads skip pages:
    verso and recto heads alternate, chapter openings have none)."""
    step = nb - na
    if step < 1:
        return False
    if a.file != b.file:
        return True
    return MIN_PAGE_CHARS <= (b.offset - a.offset) / step <= MAX_PAGE_CHARS


def _numbers(c: Candidate) -> list[int]:
    """The page numbers a line may carry (a confirmed line: its folio)."""
    if c.confirmed:
        return [int(c.folio)] if c.folio else []
    return ([c.number] if c.number is not None else []) + [n for n, _ in c.heads if n >= 0]


def remove(files: list[list[RawBlock]], found: list[Candidate]) -> list[list[RawBlock]]:
    """The files' blocks with each furniture line replaced by a ``furniture`` boundary block."""
    by_block: dict[tuple[int, int], dict[int, Candidate]] = defaultdict(dict)
    for c in found:
        by_block[(c.file, c.block)][c.index] = c
    out: list[list[RawBlock]] = []
    for fi, blocks in enumerate(files):
        new: list[RawBlock] = []
        for bi, blk in enumerate(blocks):
            cs = by_block.get((fi, bi))
            if not cs:
                new.append(blk)
                continue
            run: list[str] = []
            start = blk.line
            for k, line in enumerate(blk.lines):
                if k in cs:
                    if run:
                        new.append(RawBlock(blk.kind, run, blk.file, start))
                        run = []
                    new.append(RawBlock("furniture", [line], blk.file, blk.line + k, folio=cs[k].folio))
                    start = blk.line + k + 1
                else:
                    run.append(line)
            if run:
                new.append(RawBlock(blk.kind, run, blk.file, start))
        out.append(new)
    return out
