"""Step 3 of recovery: find the note markers in the body and link each to its note.

A marker is looked for in scope, nearest first: the notes of its own page, the chapter's notes
section, then — when notes are not numbered per page and the label is unique in the file — the note
with that label elsewhere in the file (a note printed a page after its marker). Markers inside
``<sup>`` are markers even when no note is found (an error: marker without note); bracketed numbers,
superscript digits and bare symbols without a note in scope stay text. Each marker is replaced in the
text by a placeholder (``model.marker_token``) that the Markdown writer turns into ``[^label]``.
"""

from __future__ import annotations

from collections import Counter

from ..integrity import Ledger, words
from ..layout.syntax import MarkerCandidate, marker_candidates
from ..model import Marker, Note, RawBlock, Report, marker_token
from .segment import Page


class Linker:
    def __init__(self, pages: list[Page], notes: dict[int, list[Note]], report: Report, ledger: Ledger,
                 numbering: str):
        self.pages = pages
        self.notes = notes
        self.report = report
        self.ledger = ledger
        self.markers: list[Marker] = []
        all_notes = [n for p in pages for n in notes.get(p.index, [])]
        counts = Counter(n.label for n in all_notes)
        # Labels meant to be unique in the file (not numbered per page): a note may stand a page later.
        self.unique = {n.label: n for n in all_notes if counts[n.label] == 1} \
            if numbering not in ("page", "symbols") else {}
        self.section_pages = [p.index for p in pages if p.section]

    def link(self) -> list[Marker]:
        for pos, page in enumerate(self.pages):
            if page.section:
                continue
            for k, blk in enumerate(page.body):
                if blk.kind in ("text", "heading", "list"):
                    page.body[k] = self._link_block(blk, page, pos)
        return self.markers

    def _link_block(self, blk: RawBlock, page: Page, pos: int) -> RawBlock:
        text = blk.text
        out, at = [], 0
        for c in marker_candidates(text):
            note = self._find(c, page, pos)
            if note is None and not c.syntax.strong:
                continue
            if note is not None and note.referenced and not c.syntax.strong:
                continue      # a weak marker for a note already taken: text
            line = blk.line + text.count("\n", 0, c.start)
            marker = Marker(c.printed, c.syntax.name, blk.file, line, page.index, note, index=len(self.markers))
            if note is not None:
                if note.referenced:
                    self.report.add("duplicate-marker", blk.file, line, before=text,
                                    evidence=f"marker {c.printed} appears twice")
                    # Pandoc reads the note's text at each reference: the check expects it twice.
                    self.ledger.rewrite([], words(note.text))
                note.referenced = True
            self.markers.append(marker)
            out.append(text[at:c.start])
            out.append(marker_token(len(self.markers) - 1))
            self._account(text, c)
            at = c.end
        if not out:
            return blk
        out.append(text[at:])
        if blk.kind == "heading":
            self.report.add("heading-note", blk.file, blk.line, before=blk.text,
                            evidence="a marker in a heading: the note is attached to the heading (contents and "
                                     "running heads show the heading without it)")
        return RawBlock(blk.kind, "".join(out).split("\n"), blk.file, blk.line, blk.folio)

    def _account(self, text: str, c: MarkerCandidate) -> None:
        """The no-loss ledger: the words of the marker's chunk before and after its removal."""
        s = c.start
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        e = c.end
        while e < len(text) and not text[e].isspace():
            e += 1
        before = words(text[s:e])
        after = words(text[s:c.start] + " " + text[c.end:e])
        if before != after:
            self.ledger.rewrite(before, after)

    def _find(self, c: MarkerCandidate, page: Page, pos: int) -> Note | None:
        """The note a marker candidate refers to, nearest in scope first."""
        def free(notes: list[Note]) -> Note | None:
            same = [n for n in notes if n.label == c.label]
            return next((n for n in same if not n.referenced), same[0] if same else None)

        note = free(self.notes.get(page.index, []))
        if note is None:
            for idx in self.section_pages:
                if idx > page.index:
                    note = free(self.notes.get(idx, []))
                    break
        if note is None and c.syntax.strong:
            # A page's note may be printed a page later; labels unique in the file say which.
            note = self.unique.get(c.label)
        if note is None and c.syntax.name == "superscript":
            note = self.unique.get(c.label)
        return note
