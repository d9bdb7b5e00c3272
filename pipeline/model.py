"""The small data model passed between the pipeline's stages.

raw file --pages--> ``RawBlock`` list --layout--> ``Layout`` --recover--> ``Page`` list --> ``Chapter``
--markdown--> text. Every repair and warning goes into one ``Report`` that travels with the chapters;
its kinds and their default severities are catalogued in ``kinds.Kind``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .corrections.decisions import Decisions, Ruling, is_open
from .kinds import Kind, Severity

# Internal marks inside recovered text. They are Unicode *noncharacters* (U+FDD0–U+FDEF), reserved by
# the standard for a program's internal use: they never occur in text (the reader removes any that
# do, with a warning), are not word characters and never reach a reader.
PAGE_BREAK = "\ufdd0"          # where a printed page ended
MARK_OPEN = "\ufdd1"           # a note marker: MARK_OPEN, its index as NONCHAR_DIGITS, MARK_CLOSE
MARK_CLOSE = "\ufdd2"
NOTEREF_OPEN = "\ufdd3"        # the renderer's note reference: NOTEREF_OPEN, label, NOTEREF_CLOSE
NOTEREF_CLOSE = "\ufdd4"
SPLIT_OPEN = "\ufdd5"          # the renderer's cut between body, title and notes in one pandoc output
SPLIT_CLOSE = "\ufdd6"
PAGE_NO_OPEN = "\ufdd7"        # the renderer's page number, counted within its chapter until the book's
PAGE_NO_CLOSE = "\ufdd8"       # numbering is known: PAGE_NO_OPEN, k, PAGE_NO_CLOSE
UNRESOLVED_CLASS = "marker-without-note"   # the Markdown span a marker without a note is written as
NONCHAR_DIGITS = "".join(chr(0xFDE0 + i) for i in range(16))
NONCHARACTERS = "".join(chr(c) for c in range(0xFDD0, 0xFDF0))


MARKER_TOKEN = re.compile(MARK_OPEN + "[" + NONCHAR_DIGITS + "]+" + MARK_CLOSE)


def marker_token(index: int) -> str:
    """The placeholder standing for marker ``index`` of a chapter inside paragraph text."""
    return MARK_OPEN + "".join(NONCHAR_DIGITS[int(d, 16)] for d in f"{index:x}") + MARK_CLOSE


def marker_index(token_body: str) -> int:
    return int("".join(f"{NONCHAR_DIGITS.index(c):x}" for c in token_body), 16)


@dataclass
class RawBlock:
    """A run of non-blank lines in a raw file (a paragraph, a heading, a separator, a list), or a page
    boundary: ``pagebreak`` (a form feed) or ``furniture`` (a running head or folio, removed)."""

    kind: str  # "text" | "heading" | "separator" | "list" | "pagebreak" | "furniture"
    lines: list[str]
    file: str
    line: int  # 1-based line number of the first line
    folio: str | None = None  # printed page number read from furniture

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def is_boundary(self) -> bool:
        return self.kind in ("pagebreak", "furniture")


@dataclass
class Heading:
    level: int
    text: str  # may contain marker placeholders (a note on the heading)
    file: str
    line: int
    short: str = ""   # a short title for running heads: ``{short="…"}`` after the heading in the seed


@dataclass
class Paragraph:
    text: str  # may contain PAGE_BREAK characters and marker placeholders
    file: str
    line: int


@dataclass
class Note:
    label: str      # the label written to the Markdown (the printed one unless notes are renumbered)
    text: str
    file: str
    line: int
    printed: str = ""   # the label as printed in the source ("76", "*", "†")
    page: int = 0       # page of the chapter file (1-based) the note stands on
    folio: str | None = None
    referenced: bool = False


@dataclass
class Marker:
    """A note reference in the text: where it stood and the note it points to."""

    printed: str
    style: str          # key of a marker syntax (pipeline.layout.syntax.MARKERS)
    file: str
    line: int
    page: int
    note: Note | None = None
    label: str = ""     # final label (also given to unresolved markers)
    index: int = 0      # number of its placeholder in the text (``marker_token``)


@dataclass
class Chapter:
    source: str
    blocks: list[Heading | Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    layout: dict = field(default_factory=dict)

    @property
    def page_ends(self) -> int:
        """Printed page ends found inside the chapter (its last page ends with the chapter)."""
        return sum(b.text.count(PAGE_BREAK) for b in self.blocks if isinstance(b, Paragraph))

    @property
    def title(self) -> str:
        for b in self.blocks:
            if isinstance(b, Heading):
                return b.text
        return ""




@dataclass
class Entry:
    """One line of the report: a repair the normaliser made, or a warning/error it raises."""

    kind: str
    file: str
    line: int
    before: str = ""
    after: str = ""
    evidence: str = ""
    severity: str = "repair"  # "repair" | "ambiguous" | "warning" | "error"
    decision: str = ""        # an overturnable decision's stable id (pipeline.corrections.decisions)
    choice: str = ""          # the reading taken there
    editor: str = ""          # "confirmed" | "overturned" when corrections.yaml ruled on it


@dataclass
class Report:
    entries: list[Entry] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    layouts: list[dict] = field(default_factory=list)   # one per chapter: what its pages look like
    labels: list[dict] = field(default_factory=list)    # printed label -> written label, when renumbered
    decisions: Decisions = field(default_factory=Decisions)   # the editor's rulings, consulted by ``decide``

    def decide(self, family: str, key: str, machine: str) -> Ruling:
        """The reading to take at an overturnable decision (the rule's own, unless an editor ruled)."""
        return self.decisions.rule(family, key, machine)

    def add(self, kind: Kind, file: str, line: int, before: str = "", after: str = "",
            evidence: str = "", severity: Severity | None = None, ruling: Ruling | None = None) -> Entry:
        """Report ``kind`` (its catalogue's severity unless ``severity`` is given) at ``file:line``. A kind
        given by its name must be one of the catalogue's: an unknown one is a programming error, never
        counted as a repair."""
        if not isinstance(kind, Kind):
            try:
                kind = Kind(kind)
            except ValueError:
                raise ValueError(f"report kind {kind!r} is not in model.Kind") from None
        severity = Severity(severity) if severity is not None else kind.severity
        if ruling is not None and ruling.editor:
            # An editor's ruling settles an ambiguous decision.
            severity = Severity.REPAIR if severity == Severity.AMBIGUOUS else severity
            evidence += ruling.note()
        e = Entry(kind.value, file, line, excerpt(before), excerpt(after), excerpt(evidence, 400), severity.value,
                  *((ruling.id, ruling.choice, ruling.editor) if ruling is not None else ()))
        self.entries.append(e)
        return e

    def of(self, severity: str) -> list[Entry]:
        return [e for e in self.entries if e.severity == severity]

    @property
    def errors(self) -> list[Entry]:
        return self.of("error")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            key = f"{e.severity}:{e.kind}"
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    def review_counts(self) -> dict[str, int]:
        """Decisions left for an editor (ambiguous, not ruled on), confirmed and overturned ones, and
        rulings no longer found in the text."""
        ruled = [e for e in self.entries if e.decision]
        return {"open": sum(1 for e in ruled if is_open(e.decision, e.severity)),
                "confirmed": sum(1 for e in ruled if e.editor == "confirmed"),
                "overturned": sum(1 for e in ruled if e.editor == "overturned"),
                "stale": sum(1 for e in self.entries if e.kind == Kind.DECISION_STALE)}

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        """A report as ``to_json`` wrote it (its counts and review figures are computed again)."""
        return cls([Entry(**e) for e in data.get("entries", [])], dict(data.get("stats", {})),
                   list(data.get("layouts", [])), list(data.get("labels", [])))

    def to_json(self) -> dict:
        return {
            "stats": self.stats,
            "counts": self.counts(),
            "layouts": self.layouts,
            "labels": self.labels,
            "review": self.review_counts(),
            "entries": [asdict(e) for e in self.entries],
        }


def excerpt(text: str, width: int = 160) -> str:
    """A one-line excerpt for the report (page ends shown as ⟨page⟩, line breaks as ⏎)."""
    text = text.replace(PAGE_BREAK, "⟨page⟩").replace("\n", "⏎")
    text = MARKER_TOKEN.sub("⟨note⟩", text)
    if len(text) <= width:
        return text
    half = width // 2 - 2
    return text[:half] + " … " + text[-half:]
