"""Notes at the page foot: body, ``---``, the page's notes (or, without ``---``, the numbered blocks
that run to the page's end)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from ...corrections.decisions import context_key
from ...model import Kind, RawBlock, Report
from ...layout.syntax import note_label
from ..sentences import ends_mid_sentence
from .model import Page
from .walker import Evidence, Walker, continues_note


class FootNotes:
    """Body, ``---``, notes."""

    name = "foot"

    def pages(self, blocks: list[RawBlock], ev: Evidence, report: Report) -> list[Page]:
        w = Walker(ev, report)
        state, in_region = "body", 0
        queue = list(reversed(blocks))
        while queue:
            blk = queue.pop()
            if blk.is_boundary:
                if w.page.has_content:
                    state, in_region = "body", 0
                w.boundary(blk, lambda p: p.has_content)
                continue
            if blk.kind == "separator":
                if state == "body" or in_region:
                    state, in_region = "notes", 0
                continue
            if blk.kind == "heading":
                if state == "notes":
                    w.new_page()
                    state = "body"
                w.body(blk)
                continue
            if state == "notes":
                blk = w.split_one_per_line(blk, queue)
                if blk.kind == "list" and w.is_note_list(blk):
                    w.note_list(blk, without_separator=False)
                    in_region += 1
                    continue
                if self._note_block(w, blk, in_region):
                    in_region += 1
                    continue
                w.new_page()
                state = "body"
            elif blk.kind == "list" and w.is_note_list(blk):
                w.note_list(blk, without_separator=True)
                state, in_region = "notes", 1
                continue
            elif self._follows_without_separator(w, blk, queue) or self._continues_without_separator(w, blk, queue):
                state, in_region = "notes", 0
                queue.append(blk)
                continue
            w.body(blk)
        return w.pages

    @staticmethod
    def _note_block(w: Walker, blk: RawBlock, in_region: int) -> bool:
        text = blk.text
        lab = note_label(text) if blk.kind in ("text", "list") else None
        ev = w.ev
        if lab:
            is_note = ev.accepts(lab.label) or (in_region and w.last_note is not None
                                                 and w.last_note.label == lab.label)
            if is_note and not ev.awaited(lab.label) and w.last_body is not None \
                    and ends_mid_sentence(w.last_body.text) and text[lab.end:][:1].islower():
                # No marker awaits this number, the page before broke off mid-sentence and the text
                # goes on in lower case: it is that sentence going on ("2 million people…").
                ruling = w.report.decide("note-number", context_key(w.last_body.text, text), "body")
                is_note = ruling.choice == "note"
                w.report.add(Kind.NUMBER_READ_AS_NOTE if is_note else Kind.NUMBER_START_KEPT_AS_BODY, blk.file,
                             blk.line, before=text,
                             evidence=f"'{lab.printed}' could be note {lab.label}, but no marker awaits it "
                                      f"and it continues the sentence cut at the page end", ruling=ruling)
            if is_note:
                w.note(lab, text, blk, blk.line)
                return True
        if in_region == 0 and w.last_note is not None and blk.kind in ("text", "list"):
            w.continuation(text, blk, blk.line)
            return True
        if in_region == 0 and blk.kind == "text":
            w.report.add(Kind.ORPHAN_NOTE_TEXT, blk.file, blk.line, before=text,
                         evidence="unnumbered text after '---' with no earlier note: kept as body text")
        return False

    @staticmethod
    def _continues_without_separator(w: Walker, blk: RawBlock, queue: list[RawBlock]) -> bool:
        """Without '---': an unnumbered block followed by the page's notes up to its end, continuing the
        previous page's last note."""
        return (blk.kind == "text" and w.last_note is not None and bool(queue) and note_label(blk.text) is None
                and _notes_to_page_end(w, reversed(queue))
                and continues_note(blk, w.last_body, w.last_note.text))

    @staticmethod
    def _follows_without_separator(w: Walker, blk: RawBlock, queue: list[RawBlock]) -> bool:
        """Notes printed at the page foot without '---': a marker on the page awaits the label, and
        either it is the next one (or the first), or every block from here to the page's end (a running
        head, folio or form feed) is a note whose marker awaits it."""
        lab = note_label(blk.text) if blk.kind in ("text", "list") else None
        if not lab or not w.ev.awaited(lab.label):
            return False
        if w.ev.expected() in (None, lab.label):
            evidence = f"note {lab.printed} follows its marker's page without '---'"
        elif _notes_to_page_end(w, chain([blk], reversed(queue))):
            evidence = f"the numbered blocks from note {lab.printed} to the page's end are notes on its markers"
        else:
            return False
        w.report.add(Kind.NOTE_BLOCK_RESHAPED, blk.file, blk.line, before=blk.text, evidence=evidence)
        return True


def _notes_to_page_end(w: Walker, blocks: Iterable[RawBlock]) -> bool:
    """Whether the blocks (in reading order) up to a page boundary are all notes awaited on the page."""
    labels: list[str] = []
    for b in blocks:
        if b.is_boundary:
            break
        if b.kind in ("heading", "separator"):
            return False
        lab = note_label(b.text) if b.kind in ("text", "list") else None
        if lab is None or not w.ev.awaited(lab.label) or lab.label in labels:
            return False
        labels.append(lab.label)
    return bool(labels)      # (the chapter's end is a page's end too)
