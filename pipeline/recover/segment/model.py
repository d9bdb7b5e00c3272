"""The pages segmentation produces: each printed page's body blocks and note drafts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import RawBlock


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
