"""Step 1 of recovery: cut a chapter file's blocks into printed pages, each with its body and notes.

Where the notes stand is an entry of ``PLACEMENTS`` (chosen by :mod:`pipeline.layout`):

- ``foot``: body, ``---``, the page's notes (the seed's layout). A numbered block after ``---`` is a
  note when a marker on the page awaits its label or it is the next number expected; unnumbered text
  at the top of a note block continues the previous page's last note; anything else means the next
  page's body has begun. Without ``---``, the numbered blocks that run to a page's end (a running
  head, a folio, a form feed) with their markers awaiting them are the page's notes; a note list
  (``- 128 …``) or a note following its marker's page is read as notes too.
- ``top``: the page's notes, ``---``, its body. The notes are the numbered blocks just before ``---``
  whose labels the markers of the following body await (or that follow the numbering); an unnumbered
  block just before them continues the previous page's unfinished last note.
- a **notes section** (``Notes`` heading, then numbered notes, across page breaks) ends a chapter in
  any layout; it becomes a page of its own marked ``section``.

Page boundaries also come from furniture lines and form feeds. The result is a list of ``Page``
objects whose ``notes`` are ``NoteDraft`` items: a label and text, or (label ``None``) text that
continues the previous note.
"""

from __future__ import annotations

from collections import Counter

from ...layout import Layout, block_label
from ...layout.syntax import marker_candidates
from ...model import RawBlock, Report
from .foot import FootNotes
from .model import NoteDraft, Page
from .section import NotesSection
from .top import TopNotes
from .walker import Evidence

PLACEMENTS = {"foot": FootNotes(), "top": TopNotes(), "none": FootNotes()}


def pages(blocks: list[RawBlock], layout: Layout, ev: Evidence, report: Report) -> list[Page]:
    """Cut a file's blocks into pages (notes sections included, as pages marked ``section``)."""
    placement = PLACEMENTS[layout.placement]
    out: list[Page] = []

    def add(new: list[Page]) -> None:
        for p in new:
            if p.has_content or p.section:
                p.index = len(out) + 1
                out.append(p)

    for start, end in chapter_spans(blocks, layout):
        ev.new_chapter()
        i = run_start = start
        while i < end:
            role = layout.headings.get(i)
            if not (role and role.role == "notes"):
                i += 1
                continue
            add(placement.pages(blocks[run_start:i], ev, report))
            j = i + 1
            while j < end and not (j in layout.headings and layout.headings[j].role == "notes"):
                j += 1
            markers = Counter(c.label for b in blocks[start:i] if b.kind in ("text", "heading")
                              for c in marker_candidates(b.text))
            page, leading = NotesSection().page(blocks[i], blocks[i + 1:j], markers, ev, report, len(out) + 1)
            add([page])
            if leading:
                add([Page(0, body=leading)])
            i = run_start = j
        add(placement.pages(blocks[run_start:end], ev, report))
    return out


def chapter_spans(blocks: list[RawBlock], layout: Layout) -> list[tuple[int, int]]:
    """Block ranges of the chapters of one file. A chapter starts at its heading, or, when notes are
    printed before the body, at the notes and ``---`` standing just before the heading on its page."""
    cuts = [0]
    for i, role in sorted(layout.headings.items()):
        if role.role != "chapter" or i == 0 or i == min(k for k, r in layout.headings.items() if r.role == "chapter"):
            continue
        cut = i
        if layout.placement == "top":
            j = i - 1
            while j >= 0 and blocks[j].is_boundary:
                j -= 1
            if j >= 0 and blocks[j].kind == "separator":
                k = j - 1
                while k >= 0 and (blocks[k].is_boundary or (blocks[k].kind in ("text", "list") and block_label(blocks[k]))):
                    k -= 1
                cut = k + 1
        cuts.append(max(cut, cuts[-1]))
    cuts.append(len(blocks))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


__all__ = ["Evidence", "NoteDraft", "Page", "PLACEMENTS", "chapter_spans", "pages"]
