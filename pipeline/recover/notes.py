"""Step 2 of recovery: the notes of each page, with continuations joined to the note they continue."""

from __future__ import annotations

from ..integrity import words
from ..model import PAGE_BREAK, Kind, Note, Report
from .breaks import Breaks
from .segment import Page


def assemble(pages: list[Page], breaks: Breaks, report: Report) -> dict[int, list[Note]]:
    """Notes per page index, in the order they stand. A continuation joins the last note before it
    (on an earlier page, or earlier in a notes section); its line breaks and broken words are repaired."""
    by_page: dict[int, list[Note]] = {}
    last: Note | None = None
    for page in pages:
        notes = by_page.setdefault(page.index, [])
        if page.section_title is not None:
            breaks.ledger.remove(page.section_title.text)     # the notes title: not body text
        for d in page.notes:
            _account_label(d, breaks)
            text = breaks.repair(d.text, d.file, d.line)
            if d.label is None:
                if last is None:
                    continue
                last.text = breaks.join(last.text, text, d.file, d.line, page_break=False).replace(PAGE_BREAK, "")
                if not page.section:
                    report.add(Kind.NOTE_CONTINUATION, d.file, d.line, before=d.text,
                               after=f"note {last.printed}: …" + last.text[-80:],
                               evidence=f"unnumbered text at the top of a note block continues note "
                                        f"{last.printed} from the previous page")
                continue
            last = Note(d.label, text, d.file, d.line, printed=d.printed, page=page.index, folio=page.folio)
            notes.append(last)
    return by_page


def _account_label(d, breaks: Breaks) -> None:
    """The no-loss ledger: a note's label is not text ('76 ', '[76] ', or '¹' set close: '¹Stalin')."""
    if not d.raw_label:
        return
    first = d.text.split(None, 1)[0] if d.text.strip() else ""
    before, after = words(d.raw_label + first), words(first)
    if before != after:
        breaks.ledger.rewrite(before, after)
