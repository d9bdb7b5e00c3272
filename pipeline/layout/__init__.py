"""Layout detection: read a chapter file's blocks and say what its pages look like.

Recovery (:mod:`pipeline.recover`) normalises according to this description; the report, the CLI
summary and the review page show it. Everything is decided from evidence in the text:

- **furniture**: running heads and folios (:mod:`.furniture`, book-wide);
- **markers**: which marker syntaxes occur (``<sup>76</sup>``, ``¹²``, ``[12]``, ``*``/``†``);
- **placement**: where the notes stand: after a ``---`` at the page foot (``foot``), before the page's
  body followed by ``---`` (``top``), or nowhere on the pages (``none``); and whether a notes section
  under a heading such as ``Notes`` ends a chapter (``notes_section``);
- **numbering**: ``continuous`` through the book, restarting in the ``chapter``, restarting on every
  ``page``, or ``symbols`` per page;
- **wrapped**: lines hard-wrapped at a fixed width;
- **headings**: chapter, section or notes title (:mod:`.headings`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..model import RawBlock
from . import furniture, headings
from .syntax import MARKER_NAMES, Label, is_symbol, marker_candidates, note_label

LIST_BULLET = "-*•"


def block_label(blk: RawBlock) -> Label | None:
    """The note label opening a text block, or the first item of a list block (``- 128 …``)."""
    if blk.kind in ("text", "list"):
        lab = note_label(blk.lines[0])     # also '* Note text': a symbol label, not a bullet
        if lab or blk.kind == "text":
            return lab
        for line in blk.lines:
            item = line.lstrip()
            if item[:1] in LIST_BULLET:
                lab = note_label(item[1:].lstrip())
                if lab:
                    return lab
    return None


@dataclass
class Layout:
    file: str
    placement: str = "none"            # "foot" | "top" | "none"
    notes_section: bool = False
    numbering: str = "none"            # "continuous" | "chapter" | "page" | "symbols" | "none"
    markers: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    furniture: int = 0
    wrapped: bool = False
    line_width: int = 0
    headings: dict[int, headings.HeadingRole] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)   # the first line of each printed page (found by recovery)

    def summary(self) -> str:
        notes = {"foot": "notes at the page foot", "top": "notes before the page's body",
                 "none": "no notes on the pages"}[self.placement]
        if self.notes_section:
            notes += ", notes section at the chapter's end" if self.placement != "none" else \
                " (notes section at the chapter's end)"
        marker = ", ".join(f"{k} {v}" for k, v in self.markers.items() if v) or "none"
        return (f"{notes}; numbering {self.numbering}; markers: {marker}; "
                f"{self.furniture} furniture line(s) removed; "
                + (f"hard-wrapped at ~{self.line_width} columns" if self.wrapped else "not wrapped"))

    def to_dict(self) -> dict:
        return {"file": self.file, "placement": self.placement, "notes_section": self.notes_section,
                "numbering": self.numbering, "markers": self.markers, "labels": self.labels,
                "furniture": self.furniture, "wrapped": self.wrapped, "line_width": self.line_width,
                "summary": self.summary(), "evidence": self.evidence, "pages": self.pages}


def detect(blocks: list[RawBlock], file: str, furniture_lines: int = 0) -> Layout:
    """Describe one chapter file (its furniture already replaced by boundary blocks)."""
    lay = Layout(file, furniture=furniture_lines)
    labelled = [block_label(b) if b.kind in ("text", "list") else None for b in blocks]
    lay.headings = headings.classify(blocks, lambda i: labelled[i] is not None)
    _placement(lay, blocks, labelled)
    _numbering(lay, blocks, labelled)
    _markers(lay, blocks, labelled)
    _wrapping(lay, blocks, labelled)
    return lay


def _neighbour(blocks: list[RawBlock], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(blocks) and blocks[j].is_boundary:
        j += step
    return j if 0 <= j < len(blocks) else None


def _placement(lay: Layout, blocks: list[RawBlock], labelled: list[Label | None]) -> None:
    foot = top = 0
    for i, blk in enumerate(blocks):
        if blk.kind != "separator":
            continue
        after, before = _neighbour(blocks, i, 1), _neighbour(blocks, i, -1)
        if after is not None and (labelled[after] or (
                blocks[after].kind == "text" and (nxt := _neighbour(blocks, after, 1)) is not None
                and labelled[nxt] and blocks[nxt].kind != "separator")):
            foot += 1
        if before is not None and labelled[before]:
            top += 1
    lay.notes_section = any(h.role == "notes" for h in lay.headings.values())
    if foot or top:
        lay.placement = "foot" if foot >= top else "top"
        lay.evidence.append(f"{foot} separator(s) followed by a note, {top} preceded by one")
    elif any(b.kind == "list" and labelled[i] for i, b in enumerate(blocks)) or not lay.notes_section:
        # Notes without any '---' (a note list at a page foot), or no notes at all: read as foot notes.
        lay.placement = "foot" if any(labelled) else "none"
    if lay.notes_section:
        lay.evidence.append("a notes title followed by numbered notes")


def _note_runs(lay: Layout, blocks: list[RawBlock], labelled: list[Label | None]) -> list[tuple[int, list[str]]]:
    """Label sequences of the note runs where the placement says notes stand, with their block index."""
    runs: list[tuple[int, list[str]]] = []
    starts: list[tuple[int, int]] = []  # (index, direction)
    separated = any(b.kind == "separator" for b in blocks)
    for i, blk in enumerate(blocks):
        if blk.kind == "separator":
            starts.append((i, 1 if lay.placement == "foot" else -1))
        elif i in lay.headings and lay.headings[i].role == "notes":
            starts.append((i, 1))
        elif blk.is_boundary and not separated and (i == 0 or not blocks[i - 1].is_boundary):
            # No '---' anywhere: the notes at a page's foot are the numbered blocks before its end.
            starts.append((i, -1 if lay.placement == "foot" else 1))
    if not separated and lay.placement == "foot":
        starts.append((len(blocks), -1))          # the chapter's end is a page's end too
    for i, step in starts:
        run: list[str] = []
        j = _neighbour(blocks, i, step)
        skipped = False
        while j is not None and blocks[j].kind in ("text", "list"):
            if labelled[j]:
                run.append(labelled[j].label)
            elif not skipped and not run and step == 1:
                skipped = True   # a continuation at the top of a note block
            elif step == 1 and i in lay.headings:
                pass             # a notes section: unnumbered paragraphs continue notes
            else:
                break
            j = _neighbour(blocks, j, step)
        if run:
            runs.append((i, run if step == 1 else run[::-1]))
    return runs


def _numbering(lay: Layout, blocks: list[RawBlock], labelled: list[Label | None]) -> None:
    located = _note_runs(lay, blocks, labelled)
    runs = [run for _, run in located]
    labels = [lab for run in runs for lab in run]
    lay.labels = dict(Counter(lab.syntax for lab in labelled if lab))
    if not labels:
        lay.numbering = "none"
        return
    if sum(is_symbol(x) for x in labels) * 2 >= len(labels):
        lay.numbering = "symbols"
        lay.evidence.append(f"{sum(is_symbol(x) for x in labels)} of {len(labels)} note labels are symbols")
        return
    chapters = sorted(i for i, h in lay.headings.items() if h.role == "chapter")
    numeric = [(i, [int(x) for x in run if x.isdigit()]) for i, run in located]
    numeric = [(i, r) for i, r in numeric if r]
    # A restart at a chapter heading is the chapter's numbering; elsewhere, the page's.
    restarts = sum(1 for (i, a), (j, b) in zip(numeric, numeric[1:])
                   if b[0] <= a[-1] and not any(i < c < j for c in chapters))
    ones = sum(1 for _, r in numeric if r[0] == 1)
    numeric = [r for _, r in numeric]
    if restarts and ones >= 2 and ones * 2 >= len(numeric):
        lay.numbering = "page"
        lay.evidence.append(f"note numbers restart at 1 in {ones} of {len(numeric)} note blocks")
    elif numeric and numeric[0][0] == 1:
        lay.numbering = "chapter"
        lay.evidence.append("note numbers start at 1 in this chapter")
    else:
        lay.numbering = "continuous"
        if numeric:
            lay.evidence.append(f"note numbers run on from {numeric[0][0]}")


def _markers(lay: Layout, blocks: list[RawBlock], labelled: list[Label | None]) -> None:
    counts = Counter({name: 0 for name in MARKER_NAMES})
    for blk, lab in zip(blocks, labelled):
        if blk.kind in ("text", "heading") and not lab:
            counts.update(c.syntax.name for c in marker_candidates(blk.text))
    lay.markers = {k: v for k, v in counts.items() if v}


def _wrapping(lay: Layout, blocks: list[RawBlock], labelled: list) -> None:
    # The body's width: notes (labelled blocks) are often set smaller, in longer lines.
    text_blocks = [b for b, lab in zip(blocks, labelled) if b.kind == "text" and not lab] \
        or [b for b in blocks if b.kind == "text"]
    if not text_blocks:
        return
    multi = [b for b in text_blocks if len(b.lines) > 1]
    inner = [len(line) for b in multi for line in b.lines[:-1]]
    if len(multi) * 2 >= len(text_blocks) and inner:
        width = int(statistics.quantiles(inner, n=10)[-1]) if len(inner) >= 10 else max(inner)
        if width <= 110:
            lay.wrapped, lay.line_width = True, width
            lay.evidence.append(f"{len(multi)} of {len(text_blocks)} blocks hold several lines of ≤{width} characters")


__all__ = ["Layout", "detect", "furniture", "headings", "block_label"]
