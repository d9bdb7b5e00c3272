"""Stage 2: recover chapters — notes, markers, paragraphs and words — from a file's blocks.

The layout (:mod:`pipeline.layout`) says what the pages look like; recovery is a sequence of named
steps, one module each:

1. :mod:`.segment` — cut the blocks into printed pages, each with its body and notes (the placement
   table: notes at the page foot, before the body, or in a notes section);
2. :mod:`.notes` — join note continuations to the note they continue;
3. :mod:`.markers` — find the markers in the body and link each to its note;
4. :mod:`.paragraphs` — unwrap lines, repair broken words (:mod:`.breaks`), rejoin paragraphs cut by
   page breaks;
5. :mod:`.chapters` — split a file into chapters and level its headings (and give a double quote
   printed between two words its space, :func:`.typography.glued_quotes`);
6. :mod:`.labels` — (book-wide) keep printed note numbers or number notes in reading order;
7. :mod:`.checks` — unresolved markers and notes, mixed-script words, HTML shown as text.

Page furniture is removed before all this, book-wide, by :func:`remove_furniture`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..hyphenation import Dehyphenator
from ..integrity import Ledger
from ..layout import Layout, furniture
from ..model import Chapter, Kind, RawBlock, Report
from . import chapters as chapters_step
from . import checks, labels, notes, paragraphs, segment, typography
from .breaks import Breaks
from .markers import Linker


class Recoverer:
    """Recovers the chapter files of one book, in reading order."""

    def __init__(self, dehyphenator: Dehyphenator, report: Report, close_dashes: bool = False,
                 observe: Callable[[str, object], None] | None = None):
        self.dehyph = dehyphenator
        self.report = report
        self.close_dashes = close_dashes      # the book sets em dashes close (breaks.dashes_closed)
        self.last_label: str | None = None   # continuous numbering runs on across files
        # each named step's result as it is made (tests by step, tests/test_steps.py): step, result
        self.observe = observe or (lambda step, result: None)

    def recover(self, blocks: list[RawBlock], layout: Layout, file: str, ledger: Ledger) -> list[Chapter]:
        breaks = Breaks(self.dehyph, self.report, ledger, self.close_dashes)
        ev = segment.Evidence(layout.numbering)
        if layout.numbering == "continuous":
            ev.last = self.last_label
        pages = segment.pages(blocks, layout, ev, self.report)
        self.observe("segment", pages)
        page_notes = notes.assemble(pages, breaks, self.report)
        self.observe("notes", page_notes)
        markers = Linker(pages, page_notes, self.report, ledger, layout.numbering).link()
        self.observe("markers", markers)
        items = paragraphs.assemble(pages, breaks, self.report, layout.line_width if layout.wrapped else 0)
        self.observe("paragraphs", (items, markers))
        chapters = chapters_step.split(items, pages, page_notes, markers, layout, file, self.report)
        typography.restore_quote_spaces(chapters, self.report)
        self.observe("chapters", chapters)
        self.last_label = ev.last
        # What was found, not what might have been: markers counted by syntax once linked.
        layout.markers = dict(Counter(m.style for m in markers))
        layout.pages = sorted({min([b.line for b in p.body] + [n.line for n in p.notes])
                               for p in pages if p.has_content and not p.section})
        self.report.add(Kind.LAYOUT, file, 1, evidence=layout.summary())
        for ch in chapters:
            ch.layout = layout.to_dict()
        return chapters

    def finish(self, chapters: list[Chapter], numbering: dict[str, str]) -> None:
        """Book-wide steps once every file is recovered: labels, then the checks."""
        labels.assign(chapters, numbering, self.report)
        self.observe("labels", chapters)
        first = len(self.report.entries)
        for ch in chapters:
            checks.unresolved(ch, self.report)
            checks.weak(ch, self.report)
            checks.scripts(ch, self.report)
            checks.markup(ch, self.report)
        self.observe("checks", self.report.entries[first:])


def remove_furniture(files: list[list[RawBlock]], names: list[str], report: Report,
                     ledgers: list[Ledger], notes_set: list[bool] | None = None) -> tuple[list[list[RawBlock]], list[int]]:
    """Running heads and folios out of every file (book-wide detection); counts per file. ``notes_set``: the
    files a front end converted, having set each page's notes after its body: no line of their note
    areas is taken for furniture (a note's line at a page's foot, '34 The gallery built for the
    officers … until', and a lone label, '40', read as a running head and folios in sequence)."""
    found = furniture.detect(files, notes_set)
    counts = [0] * len(files)
    examples: dict[int, list[str]] = {}
    for c in found:
        counts[c.file] += 1
        ledgers[c.file].remove(c.text)
        examples.setdefault(c.file, []).append(c.text.strip())
    for fi, n in enumerate(counts):
        if n:
            first = next(c for c in found if c.file == fi)
            sample = "; ".join(dict.fromkeys(examples[fi]))
            report.add(Kind.FURNITURE_REMOVED, names[fi], files[fi][first.block].line,
                       before=sample, evidence=f"{n} running head and folio line(s) removed: "
                                               f"{first.confirmed} (and similar evidence for the others)")
    return furniture.remove(files, found), counts


__all__ = ["Recoverer", "remove_furniture", "Breaks"]
