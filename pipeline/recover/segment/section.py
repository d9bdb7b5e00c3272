"""A chapter's notes gathered under a heading (``Notes``), numbered ``1.`` or ``1``, across pages."""

from __future__ import annotations

from collections import Counter

from ...layout.syntax import note_label
from ...model import Kind, RawBlock, Report
from .model import Page
from .walker import Evidence, Walker


class NotesSection:
    """A chapter's notes gathered under a heading (``Notes``), numbered ``1.`` or ``1``, across pages."""

    name = "section"

    def page(self, title: RawBlock, blocks: list[RawBlock], chapter_markers: Counter, ev: Evidence,
             report: Report, index: int) -> tuple[Page, list[RawBlock]]:
        """The section's page, and any leading unnumbered text (kept as body)."""
        page = Page(index, section=True, section_title=title)
        w = Walker(ev, report)
        w.pages = [page]
        ev.pending = Counter(chapter_markers)
        ev.last = None
        leading: list[RawBlock] = []
        queue = list(reversed(blocks))
        while queue:
            blk = queue.pop()
            if blk.is_boundary or blk.kind == "separator":
                continue
            blk = w.split_one_per_line(blk, queue)
            if blk.kind == "list" and w.is_note_list(blk):
                w.note_list(blk, without_separator=False)
                continue
            lab = note_label(blk.text) if blk.kind in ("text", "list") else None
            if lab and (ev.accepts(lab.label) or lab.label == ev.expected()):
                w.note(lab, blk.text, blk, blk.line)
            elif w.last_note is not None:
                w.continuation(blk.text, blk, blk.line)
            else:
                report.add(Kind.ORPHAN_NOTE_TEXT, blk.file, blk.line, before=blk.text,
                           evidence="unnumbered text under the notes title before the first note: kept as body")
                leading.append(blk)
        report.add(Kind.NOTES_SECTION, title.file, title.line, before=title.text,
                   evidence=f"'{title.text.lstrip('# ')}' and the {sum(1 for d in page.notes if d.label)} "
                            f"numbered notes after it are the chapter's notes, not body text")
        return page, leading
