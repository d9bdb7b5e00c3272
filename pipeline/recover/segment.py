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

import re
from collections import Counter
from dataclasses import dataclass, field

from ..layout import Layout, block_label
from ..layout.syntax import SYMBOL_ORDER, Label, marker_candidates, note_label, successor
from ..model import RawBlock, Report

LIST_ITEM = re.compile(r"^\s*[-*•](?:[ \t]+|$)")


@dataclass
class NoteDraft:
    label: str | None       # normal form; None: continues the previous note
    printed: str
    text: str               # the note's text (label removed)
    file: str
    line: int
    raw_label: str = ""     # the label's characters as they stood (for the no-loss ledger)


@dataclass
class Page:
    index: int
    body: list[RawBlock] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    folio: str | None = None
    section: bool = False           # a chapter's notes section, not a printed page
    section_title: RawBlock | None = None

    @property
    def has_content(self) -> bool:
        return bool(self.body or self.notes)


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


def ends_mid_sentence(text: str) -> bool:
    from .paragraphs import ends_mid_sentence as mid
    return mid(text)


def unfinished(note_text: str) -> bool:
    """A note that breaks off without sentence punctuation (notes end in initials: '—B.', 'Ed.')."""
    from .paragraphs import TRAILING_NOISE, ends_sentence
    return not ends_sentence(TRAILING_NOISE.sub("", note_text))


class _Walker:
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
            self.report.add("note-out-of-order", blk.file, line, before=text,
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
            if lab and (lab.label == nxt or self.ev.awaited(lab.label)) and not blk.lines[j - 1].endswith("-"):
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
        self.report.add("note-block-reshaped", blk.file, blk.line, before=blk.text,
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
                self.report.add("empty-list-item", blk.file, line, before=item,
                                evidence="empty bullet in a note list dropped")

    def is_note_list(self, blk: RawBlock) -> bool:
        lab = block_label(blk) if is_bullet_list(blk) else None
        return bool(lab) and self.ev.accepts(lab.label)


class FootNotes:
    """Body, ``---``, notes."""

    name = "foot"

    def pages(self, blocks: list[RawBlock], ev: Evidence, report: Report) -> list[Page]:
        w = _Walker(ev, report)
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
    def _note_block(w: _Walker, blk: RawBlock, in_region: int) -> bool:
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
                w.report.add("number-start-kept-as-body", blk.file, blk.line, before=text,
                             evidence=f"'{lab.printed}' could be note {lab.label}, but no marker awaits it "
                                      f"and it continues the sentence cut at the page end")
                is_note = False
            if is_note:
                w.note(lab, text, blk, blk.line)
                return True
        if in_region == 0 and w.last_note is not None and blk.kind in ("text", "list"):
            w.continuation(text, blk, blk.line)
            return True
        if in_region == 0 and blk.kind == "text":
            w.report.add("orphan-note-text", blk.file, blk.line, before=text,
                         evidence="unnumbered text after '---' with no earlier note: kept as body text")
        return False

    @staticmethod
    def _continues_without_separator(w: _Walker, blk: RawBlock, queue: list[RawBlock]) -> bool:
        """Without '---': an unnumbered block followed by the page's notes up to its end, continuing the
        previous page's last note."""
        return (blk.kind == "text" and w.last_note is not None and bool(queue) and note_label(blk.text) is None
                and _notes_to_page_end(w, queue[-1], queue[:-1])
                and continues_note(blk, w.last_body, w.last_note.text))

    @staticmethod
    def _follows_without_separator(w: _Walker, blk: RawBlock, queue: list[RawBlock]) -> bool:
        """Notes printed at the page foot without '---': a marker on the page awaits the label, and
        either it is the next one (or the first), or every block from here to the page's end (a running
        head, folio or form feed) is a note whose marker awaits it."""
        lab = note_label(blk.text) if blk.kind in ("text", "list") else None
        if not lab or not w.ev.awaited(lab.label):
            return False
        if w.ev.expected() in (None, lab.label):
            evidence = f"note {lab.printed} follows its marker's page without '---'"
        elif _notes_to_page_end(w, blk, queue):
            evidence = f"the numbered blocks from note {lab.printed} to the page's end are notes on its markers"
        else:
            return False
        w.report.add("note-block-reshaped", blk.file, blk.line, before=blk.text, evidence=evidence)
        return True


def continues_note(candidate: RawBlock, before: RawBlock | None, last_note: str) -> bool:
    """Whether an unnumbered block just before a page's notes continues the previous page's last note
    rather than ending the page's body. That body goes on (on the next page) from the block that breaks
    off mid-sentence; when both or neither do, a last note left unfinished decides."""
    if before is not None and before.kind == "text":
        mid_candidate, mid_before = ends_mid_sentence(candidate.text), ends_mid_sentence(before.text)
        if mid_candidate != mid_before:
            return mid_before
    return unfinished(last_note)


def _notes_to_page_end(w: _Walker, blk: RawBlock, queue: list[RawBlock]) -> bool:
    """Whether ``blk`` and the blocks after it up to a page boundary are all notes awaited on the page."""
    labels = []
    for b in [blk, *reversed(queue)]:
        if b.is_boundary:
            break
        if b.kind in ("heading", "separator"):
            return False
        lab = note_label(b.text) if b.kind in ("text", "list") else None
        if lab is None or not w.ev.awaited(lab.label) or lab.label in labels:
            return False
        labels.append(lab.label)
    else:
        return bool(labels)      # the chapter's end is a page's end too
    return bool(labels)


class TopNotes:
    """Notes, ``---``, body."""

    name = "top"

    def pages(self, blocks: list[RawBlock], ev: Evidence, report: Report) -> list[Page]:
        start = ev.last
        roles = self._roles(blocks, ev, report)
        ev.last = start
        w = _Walker(ev, report)
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
                    report.add("note-continuation", blk.file, blk.line, before=blk.text,
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


class NotesSection:
    """A chapter's notes gathered under a heading (``Notes``), numbered ``1.`` or ``1``, across pages."""

    name = "section"

    def page(self, title: RawBlock, blocks: list[RawBlock], chapter_markers: Counter, ev: Evidence,
             report: Report, index: int) -> tuple[Page, list[RawBlock]]:
        """The section's page, and any leading unnumbered text (kept as body)."""
        page = Page(index, section=True, section_title=title)
        w = _Walker(ev, report)
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
                report.add("orphan-note-text", blk.file, blk.line, before=blk.text,
                           evidence="unnumbered text under the notes title before the first note: kept as body")
                leading.append(blk)
        report.add("notes-section", title.file, title.line, before=title.text,
                   evidence=f"'{title.text.lstrip('# ')}' and the {sum(1 for d in page.notes if d.label)} "
                            f"numbered notes after it are the chapter's notes, not body text")
        return page, leading


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
