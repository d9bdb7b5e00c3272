"""Step 6 of recovery (book-wide): the label each note is written with.

Printed numbers are kept when they are unique in the book (the seed: 76–129). When labels repeat —
notes numbered per page or per chapter, or marked with symbols — the notes are numbered in reading
order (markers first, then unreferenced notes) and the mapping from each printed label (with its file,
line and page) to the new label is recorded in the report. A label printed twice where it must be
unique (on one page, or in one chapter) is an error; the second
note keeps its text under a label of its own.
"""

from __future__ import annotations

from collections import Counter

from ..model import Chapter, Kind, Note, Report


def assign(chapters: list[Chapter], layouts: dict[str, str], report: Report) -> None:
    """``layouts`` maps a chapter file to its numbering scheme."""
    notes = [(c, n) for c, ch in enumerate(chapters) for n in ch.notes]
    _report_duplicates(notes, layouts, report)
    printed = Counter(n.label for _, n in notes)
    if all(label.isdigit() for label in printed) and not _repeats_across_scopes(notes, layouts):
        seen: Counter[str] = Counter()
        for _, n in notes:
            seen[n.label] += 1
            if seen[n.label] > 1:
                n.label = f"{n.label}-{seen[n.label]}"
        for ch in chapters:
            for m in ch.markers:
                m.label = m.note.label if m.note is not None else m.printed
        return
    _renumber(chapters, report)


def _scope(chapter: int, n: Note, layouts: dict[str, str]) -> tuple:
    """Where a printed label must be unique: its page (notes numbered per page) or its chapter."""
    return (chapter, n.page) if layouts.get(n.file) in ("page", "symbols") else (chapter,)


def _report_duplicates(notes: list[tuple[int, Note]], layouts: dict[str, str], report: Report) -> None:
    seen: set[tuple] = set()
    for c, n in notes:
        key = (*_scope(c, n, layouts), n.label)
        if key in seen:
            report.add(Kind.DUPLICATE_NOTE, n.file, n.line, before=n.text,
                       evidence=f"note {n.printed} is defined twice"
                                + (" on one page" if len(key) == 3 else " in one chapter"))
        seen.add(key)


def _repeats_across_scopes(notes: list[tuple[int, Note]], layouts: dict[str, str]) -> bool:
    scopes: dict[str, set[tuple]] = {}
    for c, n in notes:
        scopes.setdefault(n.label, set()).add(_scope(c, n, layouts))
    return any(len(s) > 1 for s in scopes.values())


def _renumber(chapters: list[Chapter], report: Report) -> None:
    number = 0
    for ch in chapters:
        done: set[int] = set()
        renumbered = 0
        for m in ch.markers:
            if m.note is None:
                number += 1
                m.label = str(number)
                continue
            if id(m.note) not in done:
                number += 1
                _relabel(m.note, str(number), report)
                done.add(id(m.note))
                renumbered += 1
            m.label = m.note.label
        for n in ch.notes:
            if id(n) not in done:
                number += 1
                _relabel(n, str(number), report)
                done.add(id(n))
                renumbered += 1
        ch.notes.sort(key=lambda n: int(n.label))
        if renumbered:
            first, last = ch.notes[0].label, ch.notes[-1].label
            report.add(Kind.NOTES_RENUMBERED, ch.source, ch.notes[0].line,
                       evidence="printed note labels repeat in the book (numbered per page, per chapter or "
                                "with symbols): " + (f"{renumbered} notes numbered {first}–{last}" if renumbered > 1
                                                      else f"1 note numbered {first}") + " in reading order; "
                                "the report's 'labels' table maps each printed label to its new one")


def _relabel(n: Note, label: str, report: Report) -> None:
    report.labels.append({"file": n.file, "line": n.line, "page": n.page, "folio": n.folio,
                          "printed": n.printed, "label": label})
    n.label = label
