"""Step 3 of recovery: find the note markers in the body and link each to its note.

A marker is looked for in scope, nearest first: the notes of its own page, the chapter's notes
section, then — when notes are not numbered per page and the label is unique in the file — the note
with that label elsewhere in the file (a note printed a page after its marker). Markers inside
``<sup>`` are markers even when no note is found (an error: marker without note), unless their
number stands outside the sequence of the markers linked around them (a stray superscript: kept as
one, a warning); bracketed numbers, superscript digits and bare symbols without a note in scope stay
text. Each marker is replaced in the text by a placeholder (``model.marker_token``) that the Markdown
writer turns into ``[^label]``.
"""

from __future__ import annotations

from collections import Counter

from ..integrity import Ledger, words
from ..layout.syntax import MarkerCandidate, marker_candidates
from ..model import Kind, Marker, Note, RawBlock, Report, marker_token
from .segment import Page


LCS_CELLS = 2_000_000   # above this, candidates and notes are matched in order without the full table


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

    def link(self) -> list[Marker]:
        """Decide every candidate, scope by scope, then write the placeholders into the text."""
        decided: dict[tuple[int, int, int], Note | None] = {}   # (page pos, block, start) -> note
        taken: set[int] = set()                                   # ids of the notes decided
        pending: list[tuple[int, int, MarkerCandidate]] = []    # candidates no page note took
        order: list[tuple[int, int, MarkerCandidate]] = []      # every candidate, in reading order
        for pos, page in enumerate(self.pages):
            if page.section:
                # A notes section takes the markers of the chapter's pages before it.
                self._match(pending, self.notes.get(page.index, []), decided, taken)
                pending = []
                continue
            cands = [(pos, k, c) for k, blk in enumerate(page.body) if blk.kind in ("text", "heading", "list")
                     for c in marker_candidates(blk.text)]
            self._match(cands, self.notes.get(page.index, []), decided, taken)
            pending.extend(x for x in cands if (x[0], x[1], x[2].start) not in decided)
            order.extend(cands)
        strays = _out_of_sequence(order, decided, {label: note for label, note in self.unique.items()
                                                   if id(note) not in taken})
        for pos, page in enumerate(self.pages):
            for k, blk in enumerate(page.body):
                if blk.kind in ("text", "heading", "list"):
                    page.body[k] = self._write(blk, page, pos, k, decided, taken, strays)
        return self.markers

    @staticmethod
    def _match(cands: list[tuple[int, int, MarkerCandidate]], notes: list[Note],
               decided: dict[tuple[int, int, int], Note | None], taken: set[int]) -> None:
        """Pair candidates with notes in order: the longest common sequence of their labels (notes stand
        in the order of their markers, so an out-of-order look-alike such as 'm²' is left as text)."""
        free = [n for n in notes if id(n) not in taken]
        a, b = [c.label for _, _, c in cands], [n.label for n in free]
        if not a or not b:
            return
        if len(a) * len(b) > LCS_CELLS:
            # A very long scope (a notes section of thousands): in-order matching, label by label.
            j = 0
            for i, label in enumerate(a):
                for jj in range(j, min(len(b), j + 64)):
                    if b[jj] == label:
                        pos, k, c = cands[i]
                        decided[(pos, k, c.start)] = free[jj]
                        taken.add(id(free[jj]))
                        j = jj + 1
                        break
            return
        table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) - 1, -1, -1):
            for j in range(len(b) - 1, -1, -1):
                table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
        i = j = 0
        while i < len(a) and j < len(b):
            if a[i] == b[j] and table[i][j] == table[i + 1][j + 1] + 1:
                pos, k, c = cands[i]
                decided[(pos, k, c.start)] = free[j]
                taken.add(id(free[j]))
                i, j = i + 1, j + 1
            elif table[i + 1][j] >= table[i][j + 1]:
                i += 1
            else:
                j += 1

    def _write(self, blk: RawBlock, page: Page, pos: int, k: int,
               decided: dict[tuple[int, int, int], Note | None], taken: set[int],
               strays: dict[tuple[int, int, int], str]) -> RawBlock:
        text = blk.text
        out, at = [], 0
        for c in marker_candidates(text):
            key = (pos, k, c.start)
            if key in strays:
                self.report.add(Kind.SUPERSCRIPT_KEPT, blk.file, blk.line + text.count("\n", 0, c.start),
                                before=text, evidence=f"superscript {c.printed}, {strays[key]}: out of their "
                                                      f"sequence, and no note {c.label} is in its scope")
                continue
            note = decided.get(key)
            if note is None:
                note = self._fallback(c, taken)
            if note is None and not c.syntax.strong:
                continue
            if note is not None and note.referenced and not c.syntax.strong:
                continue      # a weak marker for a note already taken: text
            line = blk.line + text.count("\n", 0, c.start)
            marker = Marker(c.printed, c.syntax.name, blk.file, line, page.index, note, index=len(self.markers))
            if note is not None:
                if note.referenced:
                    self.report.add(Kind.DUPLICATE_MARKER, blk.file, line, before=text,
                                    evidence=f"marker {c.printed} appears twice")
                    # Pandoc reads the note's text at each reference: the check expects it twice.
                    self.ledger.rewrite([], words(note.text))
                note.referenced = True
            self.markers.append(marker)
            out.append(text[at:c.start])
            out.append(marker_token(marker.index))
            self._account(text, c)
            at = c.end
        if not out:
            return blk
        out.append(text[at:])
        if blk.kind == "heading":
            self.report.add(Kind.HEADING_NOTE, blk.file, blk.line, before=blk.text,
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

    def _fallback(self, c: MarkerCandidate, taken: set[int]) -> Note | None:
        """A marker no note in scope took: when labels are unique in the file, the note with its label
        (printed a page later). Bracketed numbers and bare symbols never look beyond their scope."""
        if c.syntax.strong or c.syntax.name == "superscript":
            note = self.unique.get(c.label)
            if note is not None and (c.syntax.strong or not (note.referenced or id(note) in taken)):
                return note
        return None


NEAR = 5     # a call past the last linked marker (or before the first) follows on within this many


def _out_of_sequence(order: list[tuple[int, int, MarkerCandidate]], decided: dict[tuple[int, int, int], Note | None],
                     elsewhere: dict[str, Note]) -> dict[tuple[int, int, int], str]:
    """The superscript numbers (``<sup>``) that no note in scope took and that stand outside the
    sequence of the markers linked around them ('⁵⁴' between markers 3 and 4, '¹⁹⁰' between 10 and
    11, '⁵⁴' before the first, 1, '⁶¹⁶' after the last, 60): printed superscripts, not calls of a
    missing note (a call whose note is missing fills a gap, '¹⁹⁰' between 189 and 191, or follows on
    within NEAR past the last or before the first: it stays a marker without its note, an error).
    Each with where it stands; where the sequence restarts around it, nothing is decided. A marker
    counts as linked when a note in its scope took it, or (``elsewhere``) when it is the first to
    carry the label of a note no marker in scope took (a note at the chapter's end, a page late)."""
    seen: set[str] = set()
    linked = []
    for i, (pos, k, c) in enumerate(order):
        if c.label.isdigit() and (decided.get((pos, k, c.start)) is not None or
                                  (c.label in elsewhere and c.label not in seen and c.syntax.strong)):
            linked.append((i, int(c.label)))
            seen.add(c.label)
    out: dict[tuple[int, int, int], str] = {}
    at = {i for i, _ in linked}
    j = 0
    for i, (pos, k, c) in enumerate(order):
        while j < len(linked) and linked[j][0] < i:
            j += 1
        key = (pos, k, c.start)
        if i in at or key in decided or not c.syntax.strong or not c.label.isdigit() or not linked:
            continue
        label = int(c.label)
        before = linked[j - 1][1] if j else None
        after = linked[j][1] if j < len(linked) else None
        if before is not None and after is not None and before >= after:
            continue
        # (past the last linked marker, or before the first, a call may follow on within a few)
        low = before if before is not None else after - NEAR - 1
        high = after if after is not None else before + NEAR + 1
        if not low < label < high:
            out[key] = " and ".join(f"{w} marker {n}" for w, n in (("after", before), ("before", after))
                                    if n is not None)
    return out
