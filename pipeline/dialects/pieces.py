"""Printed lines that a text tool set out in pieces, put back together.

PyMuPDF's plain text (``page.get_text()``) parts a justified line where its spaces are widest and
sets each piece on a line of its own. TeX widens the space after a sentence's end (and a little
after a comma or a colon) the most, so a line such as '5th. Abed late. In the morning my Lord went
on' comes out as '5th.', 'Abed late.' and 'In the morning my Lord went on': a piece ending a
sentence reads as a paragraph's last line, the paragraph is cut there, and a short piece in a note
reads as a note's end. A page's lines are put back into printed lines by the widths they add up to
(:func:`.widths.span`): a justified book's lines are full but for a paragraph's last, which ends a
sentence, so a line short of its measure that breaks off mid-sentence is no line the book printed
(a note's measure where the line below measures wider than the body: set smaller, it is longer). Of
the ways to join each line ending at punctuation to the lines after it (within the file's widest
lines' width: a note, set smaller, measures wider than the body), the one leaving the fewest such
lines, then with the fewest joins, is the printing (a short line ending a sentence stays: it may end
a paragraph). A file shows the habit when joining so would join HABIT of its lines at least; other
files are left as they are.
"""

from __future__ import annotations

import re

from ..layout.syntax import SYMBOL_CHARS
from .furniture import Line
from .widths import span

# where a line's widest space falls (not at a marker: a tool that cuts lines after each superscript,
# pdftotext -raw, sets the rest of the line below it)
PIECE_END = re.compile(r"[.?!:;,][”’\"')\]]*$")
LABEL_OPENS = re.compile(r"^\d{1,3}(?:\.\s|[A-ZÀ-Þ“‘\"(—])")     # a note's label opens a printed line: no piece
LONE_LABEL = re.compile(rf"^(?:\d+|[{SYMBOL_CHARS}]+)$")           # a label on a line of its own: no piece
MOST = 5             # pieces of one printed line, at most
FULL = 0.75          # a printed line this share of the body's width at least is full (a first line:
                     # short by its indent)
TITLE_LINES = 3      # the lines of a title, at most
LONG_WORD = re.compile(r"[^\W\d_]{5,}")       # a word a title capitalises (shape._strict_title)
WIDEST = 1.03        # pieces joined are no wider than this share of the widest lines' width
WIDE_LINES = 0.95    # the widest lines: this quantile of the file's (a note set smaller measures wider)
NOTES_WIDER = 1.25   # ... but no wider than this share of the body's width (9 pt notes under 11 pt text: 1.22)
HABIT = 0.015        # the share of a file's lines that join the line above, at least (PyMuPDF's plain
                     # text of LaTeX and LuaLaTeX prints: 1.6-4.1 %; any other text measured 1.0 % at most)


def rejoined(pages: list[list[Line]], width: float) -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """The pages with each printed line's pieces put back in one line (``width``: the body's full
    lines, :func:`.shape.body_width`), where the file shows the habit; and the lines put back
    (input line, text)."""
    # (a note's pieces join too: set smaller, it measures wider than the body, though not by more than
    # NOTES_WIDER; lines a tool ran together measure wider still)
    spans = sorted(span(ln.text) for page in pages for ln in page)
    widest = min(spans[int(len(spans) * WIDE_LINES)], NOTES_WIDER * width) if spans else width
    plans = [_plan(page, width, widest) for page in pages]
    joins = sum(len(page) - len(plan) for page, plan in zip(pages, plans))
    if joins < HABIT * sum(len(page) for page in pages):
        return pages, []
    out, found = [], []
    for page, plan in zip(pages, plans):
        lines = []
        for a, b in plan:
            first = page[a]
            if b - a == 1:
                lines.append(first)
                continue
            text = " ".join(ln.text for ln in page[a:b])
            lines.append(Line(text, first.src, after_blank=first.after_blank, indent=first.indent))
            found.append((first.src, text))
        out.append(lines)
    return out, found


def _plan(page: list[Line], width: float, widest: float = 0.0) -> list[tuple[int, int]]:
    """The page's lines as printed lines: (first, end) of each run of pieces, the fewest short lines
    broken off mid-sentence (short by the body's ``width``), then the fewest joins; no run wider than
    the widest lines (``widest``)."""
    from ..recover.sentences import ends_mid_sentence
    best: list[tuple[int, int, int]] = [(0, 0, -1)]        # (cost, joins, where the last run starts)
    for end in range(1, len(page) + 1):
        # (a short line that ends a sentence may be a paragraph's last, and one in title case above a
        # sentence's opening a heading ('Notes'): only one that breaks off mid-sentence otherwise is no
        # line the book printed; whatever run of pieces ends here ends with the same line)
        broken = None           # (asked only of a run that measures short: most lines are full)
        short = FULL * _measure_at(page, end - 1, width, widest)
        options = []
        for start in range(end - 1, max(-1, end - 1 - MOST), -1):
            if start < end - 1 and not _joins(page[start], page[start + 1]):
                break
            wide = span(" ".join(ln.text for ln in page[start:end]))
            if start < end - 1 and wide > WIDEST * max(width, widest):
                break
            if wide < short and broken is None:
                broken = ends_mid_sentence(page[end - 1].text) and not _title_above_text(page, end)
            cost = int(bool(broken) and wide < short)
            options.append((best[start][0] + cost, best[start][1] + end - 1 - start, start))
        best.append(min(options))
    plan, end = [], len(page)
    while end:
        start = best[end][2]
        plan.append((start, end))
        end = start
    return plan[::-1]


def _measure_at(page: list[Line], i: int, width: float, widest: float) -> float:
    """The measure line ``i`` is set to: the body's ``width``, or where the line below it measures
    wider (a note's, set smaller: it measures up to the ``widest`` lines), that line's width; a note's
    line broken off mid-sentence short of the notes' measure is a piece though it may fill the body's
    ('She who made the bed, being privy to his escape, that', above a note's line 1.17 times the
    body's)."""
    below = span(page[i + 1].text) if i + 1 < len(page) else 0.0
    return max(width, min(below, widest))


def _title_above_text(page: list[Line], end: int) -> bool:
    """The line before ``end`` reads as a title (strict title case) above a line opening a sentence, by
    itself or with the line or two after it, which end no sentence ('The 1932–1933 Famine and Changes
    in Stalin’s' above 'Politics': a title set on two lines)."""
    from ..recover.sentences import ends_mid_sentence
    from .shape import OPENS, _joined, _strict_title
    if not all(w[0].isupper() for w in LONG_WORD.findall(page[end - 1].text)):
        return False                # (a title's long words are capitalised, its first line's too: most lines'
                                    # are not, and the test is quick)
    for after in range(end, min(end + TITLE_LINES, len(page) + 1)):
        if after > end and not ends_mid_sentence(page[after - 2].text):
            return False            # (a title's line before its last ends no sentence)
        title = _joined([ln.text.strip() for ln in page[end - 1:after]])     # ('Con-' 'sequences')
        if after > end and not ends_mid_sentence(title):
            return False            # (a title of two lines or three ends no sentence: 'Come to' 'Gravesend.')
        if _strict_title(title) and (after == len(page) or bool(OPENS.match(page[after].text))):
            return True
    return False


def _joins(line: Line, nxt: Line) -> bool:
    """``nxt`` may be a piece of the printed line ``line`` is: ``line`` ends at punctuation (where
    the widest spaces fall: never a number alone), no blank line stands between them, and ``nxt`` is
    no number or symbol alone (a label, a folio: '‡' under a Typst note) and opens with no note's
    label ('98. —M. B.', '4The King’s…')."""
    return bool(PIECE_END.search(line.text)) and not nxt.after_blank and \
        not LONE_LABEL.match(nxt.text.strip()) and not LABEL_OPENS.match(nxt.text)
