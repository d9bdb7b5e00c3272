"""Notes before the page's body: the page's notes, ``---``, its body."""

from __future__ import annotations

from collections import Counter

from ...layout import block_label
from ...layout.syntax import SYMBOL_ORDER, marker_candidates, successor
from ...model import Kind, RawBlock, Report
from .model import Page
from .walker import Evidence, Walker, continues_note, is_bullet_list


class TopNotes:
    """Notes, ``---``, body."""

    name = "top"

    def pages(self, blocks: list[RawBlock], ev: Evidence, report: Report) -> list[Page]:
        start = ev.last
        roles = self._roles(blocks, ev, report)
        ev.last = start
        w = Walker(ev, report)
        for i, blk in enumerate(blocks):
            role = roles.get(i, "body")
            if blk.is_boundary:
                w.boundary(blk, lambda p: bool(p.body))
            elif blk.kind == "separator":
                continue
            elif role in ("note", "continuation", "list"):
                if w.page.body:
                    w.new_page()
                if role == "list":
                    w.note_list(blk, without_separator=False)
                elif role == "note":
                    w.note(block_label(blk), blk.text, blk, blk.line)
                else:
                    w.continuation(blk.text, blk, blk.line)
                    report.add(Kind.NOTE_CONTINUATION, blk.file, blk.line, before=blk.text,
                               evidence="unnumbered text before a page's notes continues the previous "
                                        "page's unfinished last note")
            else:
                w.body(blk)
        return w.pages

    def _roles(self, blocks: list[RawBlock], ev: Evidence, report: Report) -> dict[int, str]:
        """Which blocks are notes: walk back from each separator over the labelled blocks before it."""
        seps = [i for i, b in enumerate(blocks) if b.kind == "separator"]
        roles: dict[int, str] = {}
        start = 0
        last_note_text: str | None = None
        for k, s in enumerate(seps):
            end = seps[k + 1] if k + 1 < len(seps) else len(blocks)
            following = Counter(c.label for b in blocks[s + 1:end] if b.kind in ("text", "heading")
                                for c in marker_candidates(b.text))
            run: list[int] = []
            j = s - 1
            while j >= start:
                b = blocks[j]
                if b.is_boundary:
                    j -= 1
                    continue
                if b.kind in ("text", "list") and block_label(b):
                    run.append(j)
                    j -= 1
                    continue
                break
            run.reverse()
            run = self._accepted(run, blocks, following, ev)
            if run:
                first = run[0]
                c = first - 1
                # A page boundary (running head, form feed) just before the notes: the block before it
                # ends the previous page; a continuation would stand after the boundary.
                if c >= start and blocks[c].is_boundary:
                    c = start - 1
                body_before = [b for b in blocks[start:max(c, start)] if b.kind in ("text", "heading")]
                if (c >= start and blocks[c].kind == "text" and not block_label(blocks[c])
                        and last_note_text is not None and body_before
                        and continues_note(blocks[c], body_before[-1], last_note_text)):
                    roles[c] = "continuation"
                for i in run:
                    roles[i] = "list" if is_bullet_list(blocks[i]) else "note"
                last_note_text = blocks[run[-1]].text
                ev.last = block_label(blocks[run[-1]]).label
            start = s + 1
            if ev.per_page:
                ev.last = None
        return roles

    @staticmethod
    def _accepted(run: list[int], blocks: list[RawBlock], following: Counter, ev: Evidence) -> list[int]:
        """The longest tail of ``run`` read as notes: each label awaited by a marker of the following
        body, or next in sequence after the one before it."""
        labels = [block_label(blocks[i]).label for i in run]
        keep = len(run)
        for n in range(len(run) - 1, -1, -1):
            prev = labels[n - 1] if n else None
            expected = successor(prev) if prev else (ev.expected() if not ev.per_page else
                                                     (SYMBOL_ORDER[0] if ev.numbering == "symbols" else "1"))
            if following[labels[n]] > 0 or labels[n] == expected or (
                    n + 1 < len(run) and keep == n + 1 and successor(labels[n]) == labels[n + 1]):
                keep = n
            else:
                break
        return run[keep:]
