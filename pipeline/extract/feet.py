"""How far down the book's pages the body goes when its paragraph goes on over the page break: what a
page that stops higher left free (``page.room_below``).

A typesetter fills a page's body as far as its notes (or the text area's foot) leave room; it stops a
line or more short only for a reason: a paragraph that ended there and a next one that does not fit
(its space above and the two lines that keep it from standing alone), a heading kept with its text, a
line whose note would not fit, a widow's line sent over. Pages whose body breaks off mid-sentence show
how far down the body goes when it certainly goes on: the median, apart for pages with notes (the free
depth between the body's last baseline and the notes' first row) and pages without (the body's last
baseline). Read in a pass of its own, before the pages are written, with the notes found as the pages
will be (the label sequence followed from page to page).
"""

from __future__ import annotations

import statistics

from ..recover.sentences import ends_sentence, unfinished
from .page import notes_of, split_notes, strip_furniture
from .stats import Feet

LEAST_PAGES = 3      # pages breaking off mid-sentence that must show the usual depth (of each kind)


def gather(pages, stats) -> Feet:
    """The book's ``Feet``. ``pages``: (number, height, width, rows, rules) page after page;
    ``stats``: the book's ``BookStats``."""
    over_notes: list[float] = []
    floor: list[float] = []
    last_label, note_open = None, False
    for _, height, _, rows, rules in pages:
        rows, _ = strip_furniture(rows, height, stats)
        body, notes = split_notes(rows, rules, stats, last_label, note_open)
        texts, last_label, _ = notes_of(notes, last_label, stats.sup_labels)
        note_open = bool(texts) and unfinished(texts[-1])
        if not body or ends_sentence(body[-1].plain):
            continue
        if notes:
            over_notes.append(notes[0].top - body[-1].baseline)
        else:
            floor.append(body[-1].baseline)
    return Feet(_median(over_notes), _median(floor))


def _median(values: list[float]) -> float | None:
    return statistics.median_high(values) if len(values) >= LEAST_PAGES else None
