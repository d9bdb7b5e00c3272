"""What the whole book says about its pages, gathered before any page is read: the body's text size,
the running heads and folios that recur, whether paragraphs are marked by indents or by space (and
how much), whether the lines are justified, how the notes' labels and the line-end hyphens are set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..hyphenation import breaks_no_word
from ..layout.syntax import NUMBER, ROMAN, SYMBOL
from ..recover.sentences import ends_sentence
from .lines import Row

# the note labels the normaliser reads ('1', '1.', '1)', 'iv')
LABEL = re.compile(rf"^({NUMBER}|{SYMBOL}|{ROMAN})[.)]?$")
MARGIN = 0.12          # the share of the page's height at top and bottom where furniture stands
NOTE_SIZE = 0.92       # notes are set at most this share of the body size
INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010](?=[^\W\d_])")
END_HYPHEN = re.compile(r"[^\W\d_]([-\u2010])\**$")
EDGE_ROWS = 2          # rows looked at on each edge of a page
HEAD_MARGIN = 0.16     # a recurring row this near the page's edge is a running head
SET_APART = 1.5      # a row more than this many leadings below the one before is set apart
SPACE_LEAST = 1.15   # the least baseline gap, in leadings, that can be space between paragraphs
SPACE_BIN = 0.05     # gaps within this many leadings of each other are the same space


def furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


@dataclass(frozen=True)
class Feet:
    """How far down the pages the body goes where its paragraph goes on over the page break (``feet``)."""
    over_notes: float | None = None    # the usual free depth between the body's last baseline and the notes
    floor: float | None = None         # the usual last baseline of a page without notes


@dataclass
class BookStats:
    """What the whole book says about its pages: the body's text size, the margin rows that recur."""
    body_size: float = 10.0
    recurring: set[str] = field(default_factory=set)
    indented: bool = False       # the book marks paragraphs by indenting their first line
    # The typesetter's own line-end hyphens are U+2010 and the text's hyphens U+002D (WeasyPrint,
    # browsers): a line-end hyphen then says which it is (``line_ends``).
    breaks_marked: bool = False
    sup_labels: bool = False     # the notes' labels are set as superscripts (LaTeX, troff -ms)
    spaced: bool = False         # the book sets space between its paragraphs
    apart: float = SET_APART     # a row this many leadings below the one before starts a paragraph
    raised: float = 0.0          # how much further down (in leadings) a row with a superscript stands
    ragged: bool = False         # the book's lines are not justified (most end short of the measure)
    # The book breaks no word at a line's end (hyphenation off: a word processor's default): every
    # line-end hyphen is the text's own (``line_ends`` then writes the word whole).
    own_hyphens: bool = False
    feet: Feet = field(default_factory=Feet)     # (read after the rest, by ``feet.gather``)

    @property
    def hyphens_told(self) -> bool:
        """A line-end hyphen of the text's own can be told from a typesetter's break (``breaks_marked``,
        or none is one: ``own_hyphens``): a word broken at one is written whole."""
        return self.breaks_marked or self.own_hyphens

    @classmethod
    def gather(cls, pages) -> "BookStats":
        """``pages()`` gives (height, rows) page after page, each time it is called (read twice: the
        pages stream from scratch files, never all in memory)."""
        sizes: Counter = Counter()
        edges: dict[tuple[str, str], list[tuple[int, int | None]]] = {}
        hyphens: Counter = Counter()
        upper: Counter = Counter()
        breaks: list[tuple[str, str]] = []        # the words around each line-end hyphen
        sample: list[str] = []                    # the book's first words (its language)
        for index, (height, rows) in enumerate(pages()):
            for row, below in zip(rows, rows[1:] + [None]):
                sizes[row.size] += len(row.plain)
                if height * MARGIN < row.top < height / 2:
                    upper[row.size] += len(row.plain)
                _count_hyphens(row.plain, hyphens)
                if below is not None and (pair := BROKEN.search(row.plain + "\n" + below.plain)):
                    breaks.append(pair.groups())
                if len(sample) < SAMPLE:
                    sample += re.findall(r"[^\W\d_]+", row.plain)
            for row, where in _edge_rows(rows):
                if _in_margin(row, where, height, HEAD_MARGIN):
                    number = re.search(r"\d+", row.plain)
                    edges.setdefault((where, furniture_key(row.plain)), []).append(
                        (index, int(number.group()) if number else None))
        # The body's size: the most text in the pages' upper halves (notes, at the foot, can be more of
        # a heavily annotated book's text), else in the whole page.
        body = (upper or sizes).most_common(1)[0][0] if sizes else 10.0
        # Paragraph indents: body rows standing 0.8 to 4 ems right of their page's left edge, the rows
        # around them further left; note rows opening with a number, raised (a superscript label) or not.
        indents = rows_total = pages_total = flush = 0
        spaces: list[float] = []
        raises: list[float] = []
        labels: Counter = Counter()
        for _, rows in pages():
            text = [r for r in rows if abs(r.size - body) < 0.3]
            pages_total += 1
            if len(text) > 2:
                leading = _leading(text, body)
                right = max(r.x1 for r in text)
                spaces += _paragraph_spaces(text, leading, right, body)
                raises += _raise(text, leading)
                # justified lines end at the measure (within a few points: a line's last glyph may
                # overhang it, a final space or hyphen be counted in or out)
                flush += sum(1 for r in text if r.x1 > right - 0.3 * body)
            if text:
                left = min(r.x0 for r in text)
                # a first line: indented, the lines before and after it further left (not a list's or a
                # quotation's rows, indented all alike)
                indents += sum(1 for before, r, after in zip(text, text[1:], text[2:])
                               if 0.8 * body < r.x0 - left < 4 * body and after.x0 < r.x0 - 0.8 * body
                               and before.x0 < r.x0 - 0.8 * body)
                rows_total += len(text)
            for r in rows:
                if r.size <= NOTE_SIZE * body and LABEL.match(r.words[0].text):
                    labels[r.words[0].sup] += 1
        return cls(body, {f"{where}:{key}" for (where, key), seen in edges.items() if _recurs(seen)},
                   indents >= 3 and indents >= 0.02 * rows_total,
                   hyphens["end \u2010"] >= 1 and not hyphens["inner \u2010"] and hyphens["inner -"] >= 1,
                   labels[True] >= 3 and labels[True] >= 3 * labels[False],
                   *_paragraph_space(spaces, pages_total), _median_raise(raises),
                   rows_total >= 20 and flush < 0.5 * rows_total, breaks_no_word(breaks, sample))


BROKEN = re.compile(r"([^\W\d_]+)[-\u2010]\**\n\**([^\W\d_]+)")     # the words around a line-end hyphen
SAMPLE = 2000        # the book's first words, for the dictionary to tell whether it knows their language


def _count_hyphens(text: str, counts: Counter) -> None:
    """Hyphens between letters inside a row and at a row's end after a letter, by character."""
    for m in INNER_HYPHEN.finditer(text):
        counts[f"inner {m.group(0)}"] += 1
    if m := END_HYPHEN.search(text):
        counts[f"end {m.group(1)}"] += 1


def _recurs(seen: list[tuple[int, int | None]]) -> bool:
    """Whether rows of one shape, seen on these pages (page index, the row's first number), are a
    running head or foot: three pages at least, and a number in them keeps to the pages (a folio, one
    more a page) or stays the same (a chapter's number) from one page where it is seen to the next,
    twice in three times: note lines that end on a page's foot alike ('1660.', '1652.') are no
    furniture."""
    if len(seen) < 3:
        return False
    numbers = [(i, n) for i, n in seen if n is not None]
    steps = list(zip(numbers, numbers[1:]))
    if not steps:
        return True
    kept = sum(1 for (i, n), (j, m) in steps if m == n or m - n == j - i)
    return kept >= 2 / 3 * len(steps)


def _edge_rows(rows: list[Row]) -> list[tuple[Row, str]]:
    top = [(r, "top") for r in rows[:EDGE_ROWS]]
    bottom = [(r, "bottom") for r in rows[-EDGE_ROWS:]] if len(rows) > EDGE_ROWS else []
    return top + bottom


def _in_margin(row: Row, where: str, height: float, share: float) -> bool:
    return row.top < height * share if where == "top" else row.top > height * (1 - share)


def _paragraph_spaces(text: list[Row], leading: float, right: float, size: float) -> list[float]:
    """The baseline gaps on a page, in leadings, that may be space between paragraphs: more than
    SPACE_LEAST and less than 4 leadings, below a row that ends a sentence or above one that runs to
    the measure (a paragraph's last line or first, not a running head or a heading's own space), but
    not below the page's first row where it ends no sentence (a running head at the text's size,
    'The Diary' over LaTeX's pages: its gap, on every page, had outnumbered the paragraphs' own)."""
    return [(b.baseline - a.baseline) / leading for k, (a, b) in enumerate(zip(text, text[1:]))
            if SPACE_LEAST * leading < b.baseline - a.baseline < 4 * leading and not _raised(b)
            and (ends_sentence(a.plain) or (b.x1 > right - 2.5 * size and k))]


def _raised(row: Row) -> bool:
    """The row holds a superscript: a browser or word processor sets its line further down."""
    return any(w.sup for w in row.words)


def _raise(text: list[Row], leading: float) -> list[float]:
    """How much further down than the leading, in leadings, a row with a superscript stands below a row
    that breaks off mid-sentence (certainly the same paragraph)."""
    return [(b.baseline - a.baseline) / leading - 1 for a, b in zip(text, text[1:])
            if _raised(b) and not ends_sentence(a.plain) and b.baseline - a.baseline < 4 * leading]


def _median_raise(raises: list[float]) -> float:
    """The book's raise for rows with a superscript (:func:`_raise`): the median, when three show it."""
    return max(0.0, sorted(raises)[len(raises) // 2]) if len(raises) >= 3 else 0.0


def _paragraph_space(spaces: list[float], pages: int) -> tuple[bool, float]:
    """Whether the book sets space between its paragraphs, and the gap that starts a paragraph, in
    leadings: the commonest gap of ``spaces`` (:func:`_paragraph_spaces`), when it recurs at least once
    every four pages (three times at least). A row starts a paragraph SET_APART leadings below the row
    before; where the book's space is less than a tenth more than that (a third of a line's space
    shows as a gap of 1.33 leadings: Typst's and CSS's paragraph spacing), half-way from the leading
    to that gap. (Halving a wider space would take a row that a tall glyph or an inline picture set
    lower for a paragraph's first.)"""
    bins = Counter(round(g / SPACE_BIN) for g in spaces)
    if not bins:
        return False, SET_APART
    mode = max(bins, key=lambda k: (bins[k - 1] + bins[k] + bins[k + 1], -k))
    near = sorted(g for g in spaces if abs(g / SPACE_BIN - mode) <= 1.5)
    if len(near) < max(3, pages / 4):
        return False, SET_APART
    space = near[len(near) // 2]
    return True, SET_APART if space > 1.1 * SET_APART else (1 + space) / 2


def _leading(rows: list[Row], size: float) -> float:
    """The rows' line spacing: the baseline gap between a paragraph's lines. That is the commonest gap
    on a page of prose; on a page of short items with space between them (a list of notes, most of
    them one line) the space is: the smallest gap that recurs (in a tenth of the gaps, twice at least)
    is the leading."""
    gaps = sorted(b.baseline - a.baseline for a, b in zip(rows, rows[1:]) if b.baseline - a.baseline > 0.5 * size)
    if not gaps:
        return 1.4 * size
    median = gaps[len(gaps) // 2]
    least = max(2, len(gaps) // 10)
    return next((g for g in gaps if g < median and
                 sum(1 for h in gaps if abs(h - g) < 0.1 * size) >= least), median)
