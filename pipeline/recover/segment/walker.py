"""What says a block is a note (``Evidence``), and the walk over a file's blocks shared by the placements."""

from __future__ import annotations

import re
from collections import Counter

from ...layout import block_label
from ...layout.syntax import SYMBOL_ORDER, Label, marker_candidates, note_label, successor
from ...model import Kind, RawBlock, Report
from ..sentences import ends_mid_sentence, unfinished
from .model import NoteDraft, Page

LIST_ITEM = re.compile(r"^\s*[-*•](?:[ \t]+|$)")


class Evidence:
    """What says a labelled block is a note: markers awaiting their notes, and the numbering."""

    def __init__(self, numbering: str):
        self.numbering = numbering
        self.pending: Counter[str] = Counter()   # marker labels seen, notes not yet found
        self.last: str | None = None             # last note label accepted

    @property
    def per_page(self) -> bool:
        return self.numbering in ("page", "symbols")

    def new_page(self) -> None:
        if self.per_page:
            self.pending.clear()
            self.last = None

    def new_chapter(self) -> None:
        self.pending.clear()
        if self.numbering != "continuous":
            self.last = None

    def see(self, text: str) -> None:
        self.pending.update(c.label for c in marker_candidates(text))

    def expected(self) -> str | None:
        if self.last is None:
            if self.per_page:
                return SYMBOL_ORDER[0] if self.numbering == "symbols" else "1"
            return None
        return successor(self.last)

    def awaited(self, label: str) -> bool:
        return self.pending[label] > 0

    def accepts(self, label: str) -> bool:
        if self.awaited(label) or label == self.expected():
            return True
        # Nothing known yet (a book's first note, its marker missing): accept a number.
        return self.last is None and not self.pending and not self.per_page and label.isdigit()

    def took(self, label: str) -> None:
        if self.pending[label] > 0:
            self.pending[label] -= 1
        if self.last is None or not label.isdigit() or not self.last.isdigit() or int(label) > int(self.last):
            self.last = label


def is_bullet_list(blk: RawBlock) -> bool:
    """A list block whose items are bullets (``- 128 …``), not notes labelled with a symbol (``* …``)."""
    return blk.kind == "list" and note_label(blk.lines[0]) is None


class Walker:
    """Shared by the placements: the page list, and reading one block as notes."""

    def __init__(self, ev: Evidence, report: Report):
        self.ev = ev
        self.report = report
        self.pages: list[Page] = [Page(1)]
        self.last_note: NoteDraft | None = None     # the last note read (continuations join it)
        self.last_body: RawBlock | None = None

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.ev.new_page()

    def boundary(self, blk: RawBlock, opens_page) -> None:
        """A furniture line or form feed: the page ends when ``opens_page(page)`` says so."""
        if opens_page(self.page):
            if self.page.folio is None and blk.folio and not self.page.notes:
                self.page.folio = blk.folio     # a folio at the page's foot
            self.new_page()
        elif blk.folio and self.page.folio is None:
            self.page.folio = blk.folio         # a running head at the page's top

    def body(self, blk: RawBlock) -> None:
        self.page.body.append(blk)
        if blk.kind != "heading":
            self.last_body = blk
        self.ev.see(blk.text)

    def note(self, lab: Label, text: str, blk: RawBlock, line: int) -> NoteDraft:
        d = NoteDraft(lab.label, lab.printed, text[lab.end:], blk.file, line, text[:lab.end])
        expected = self.ev.expected()
        if expected and expected.isdigit() and lab.label.isdigit() and lab.label not in (expected, self.ev.last):
            self.report.add(Kind.NOTE_OUT_OF_ORDER, blk.file, line, before=text,
                            evidence=f"expected note {expected}, found {lab.printed}")
        self.page.notes.append(d)
        self.ev.took(lab.label)
        self.last_note = d
        return d

    def continuation(self, text: str, blk: RawBlock, line: int) -> NoteDraft:
        d = NoteDraft(None, "", text, blk.file, line)
        self.page.notes.append(d)
        return d

    def split_one_per_line(self, blk: RawBlock, queue: list[RawBlock]) -> RawBlock:
        """Notes set one per line with no blank line between: split before a line that starts the next
        note (its number follows, or a marker awaits it)."""
        if blk.kind not in ("text", "list") or len(blk.lines) < 2 or is_bullet_list(blk):
            return blk
        first = note_label(blk.lines[0])
        nxt = successor(first.label) if first else self.ev.expected()
        for j in range(1, len(blk.lines)):
            lab = note_label(blk.lines[j])
            if lab and (lab.label == nxt or self.ev.awaited(lab.label)) and not blk.lines[j - 1].endswith(("-", "\u00ad")):
                queue.append(RawBlock("text", blk.lines[j:], blk.file, blk.line + j))
                return RawBlock("text", blk.lines[:j], blk.file, blk.line)
        return blk

    def list_items(self, blk: RawBlock) -> list[tuple[str, int]]:
        items: list[tuple[str, int]] = []
        for i, line in enumerate(blk.lines):
            if LIST_ITEM.match(line):
                items.append((line, blk.line + i))
            elif items:
                items[-1] = (items[-1][0] + "\n" + line, items[-1][1])
            else:
                items.append((line, blk.line + i))
        return items

    def note_list(self, blk: RawBlock, without_separator: bool) -> None:
        """A note block written as a list (``- 128 …``): each item a note or a continuation."""
        self.report.add(Kind.NOTE_BLOCK_RESHAPED, blk.file, blk.line, before=blk.text,
                        evidence="a list of numbered notes without a '---' separator" if without_separator
                        else "notes written as a list")
        for item, line in self.list_items(blk):
            m = LIST_ITEM.match(item)
            bullet, text = (item[:m.end()], item[m.end():].strip()) if m else ("", item.strip())
            lab = note_label(text) if text else None
            if lab and self.ev.accepts(lab.label):
                d = self.note(lab, text, blk, line)
                d.raw_label = bullet + d.raw_label
            elif text and (self.last_note is not None):
                self.continuation(text, blk, line)
            elif text:
                self.body(RawBlock("text", [text], blk.file, line))
            else:
                self.report.add(Kind.EMPTY_LIST_ITEM, blk.file, line, before=item,
                                evidence="empty bullet in a note list dropped")

    def is_note_list(self, blk: RawBlock) -> bool:
        lab = block_label(blk) if is_bullet_list(blk) else None
        return bool(lab) and self.ev.accepts(lab.label)


def continues_note(candidate: RawBlock, before: RawBlock | None, last_note: str) -> bool:
    """Whether an unnumbered block just before a page's notes continues the previous page's last note
    rather than ending the page's body. That body goes on (on the next page) from the block that breaks
    off mid-sentence; when both or neither do, a last note left unfinished decides."""
    if before is not None and before.kind == "text":
        mid_candidate, mid_before = ends_mid_sentence(candidate.text), ends_mid_sentence(before.text)
        if mid_candidate != mid_before:
            return mid_before
    return unfinished(last_note)
