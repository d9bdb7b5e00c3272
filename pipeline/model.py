"""The small data model passed between the pipeline's stages.

raw file --pages--> ``RawBlock`` list --layout--> ``Layout`` --recover--> ``Page`` list --> ``Chapter``
--markdown--> text. Every repair and warning goes into one ``Report`` that travels with the chapters;
its kinds and their default severities are catalogued in ``KINDS``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .corrections.decisions import Decisions, Ruling, is_open

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


# The catalogue of report kinds: default severity and what the kind means (shown to editors).
KINDS: dict[str, tuple[str, str]] = {
    # pages and layout
    "layout": ("repair", "the page layout detected for a chapter file"),
    "furniture-removed": ("repair", "running heads and folios removed (page furniture)"),
    "noncharacter-removed": ("warning", "Unicode noncharacters are not text; removed"),
    "form-feed": ("repair", "form feeds read as page breaks"),
    "input-dialect": ("repair", "the tool whose text a file is (pdftotext, PyMuPDF, the seed's shape) and how "
                                "it was read into pages"),
    # notes
    "note-continuation": ("repair", "unnumbered text in a note block continues the previous page's note"),
    "note-block-reshaped": ("repair", "a note block in another shape was read as notes"),
    "notes-section": ("repair", "a notes section at the chapter's end was read as the chapter's notes"),
    "notes-renumbered": ("repair", "printed note labels repeat in the book: notes numbered in reading order"),
    "empty-list-item": ("repair", "empty bullet in a note list dropped"),
    "number-start-kept-as-body": ("ambiguous", "a number opening a block could be a note, kept as body"),
    "number-read-as-note": ("repair", "a number opening a block read as a note (an editor's ruling)"),
    "orphan-note-text": ("warning", "unnumbered text in a note block with no earlier note: kept as body"),
    "marker-without-note": ("error", "a note marker whose note is missing"),
    "note-without-marker": ("error", "a note that no marker refers to"),
    "duplicate-note": ("error", "a note label defined twice where it must be unique"),
    "duplicate-marker": ("error", "a marker used twice"),
    "note-out-of-order": ("warning", "a note number out of sequence"),
    "notes-unresolved": ("error", "no notes found although numbers glued to words count 1, 2, 3 … (unlinked markers)"),
    "paragraphs-unresolved": ("error", "a long chapter read as one or two paragraphs: its breaks were not found"),
    # paragraphs and words
    "paragraph-join": ("repair", "two pieces of one paragraph cut by a page break joined"),
    "paragraph-split-kept": ("ambiguous", "a page break between complete sentences kept as a paragraph break"),
    "dehyphenate": ("repair", "a word broken by hyphenation joined"),
    "hyphen-kept": ("repair", "a hyphen at a break kept (a compound)"),
    "spacing-repaired": ("repair", "a tool's spaces around emphasis or between spaced dots repaired"),
    "hyphen-restored": ("repair", "lines a tool ran together at a hyphen cut again there, the hyphen put back"),
    "soft-hyphen": ("repair", "soft hyphens removed"),
    "back-link-removed": ("repair", "an endnote's back-link arrow (↩) that a tool gave as text taken out"),
    "link-removed": ("warning", "a link whose target is not http(s) or mailto: its text kept, the link dropped"),
    "image-removed": ("warning", "an image: not part of the manuscript model, its description kept"),
    "invisible-character": ("warning", "an invisible or bidirectional control character, with its place"),
    "mixed-script": ("warning", "a word mixing scripts (look-alike letters?)"),
    "raw-html-escaped": ("warning", "HTML markup in the manuscript is shown as text, never as markup"),
    "markup-escaped": ("warning", "Markdown syntax in the manuscript is shown as written, never as markup"),
    "typographic-quotes": ("repair", "straight quotes and apostrophes set as the language's typographic ones"),
    # headings
    "heading-level": ("repair", "heading level set: 1 for a chapter, 2 for a section"),
    "chapter-split": ("repair", "a heading shaped like the chapter heading starts a new chapter"),
    "heading-kept-as-section": ("ambiguous", "a heading shaped like the chapter heading, kept as a section"),
    "heading-note": ("repair", "a marker in a heading became a note on the heading"),
    "cover-checked": ("warning", "the cover image is smaller or of other proportions than stores ask, or was converted"),
    "cover-generated": ("repair", "no cover in book.yaml: a typographic cover was made"),
    "short-title": ("repair", "a heading's {short=\"…\"} is its chapter's title in the running heads"),
    "text-before-heading": ("warning", "text precedes the chapter heading"),
    "no-chapter-heading": ("warning", "a chapter without a heading"),
    # print
    "page-references-unsettled": ("warning", "notes' page references still moved in the last layout pass"),
    "pdf-ua-not-claimed": ("warning", "the PDF's tags fail a PDF/UA-1 check: it does not claim PDF/UA-1"),
    # the editor's corrections (corrections.yaml)
    "decision-stale": ("warning", "an editor's ruling whose decision is no longer found in the text: not applied"),
    "edit-applied": ("repair", "an editor's text correction applied"),
    # checks
    "words-lost": ("error", "the no-loss check found words of the input missing from the output"),
    "words-added": ("error", "the no-loss check found words in the output that the input does not have"),
}


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

    def add(self, kind: str, file: str, line: int, before: str = "", after: str = "",
            evidence: str = "", severity: str | None = None, ruling: Ruling | None = None) -> Entry:
        if kind not in KINDS:      # (every kind is catalogued: an unknown one is a mistake, not a repair)
            raise ValueError(f"report kind {kind!r} is not in model.KINDS")
        if severity is None:
            severity = KINDS[kind][0]
        if ruling is not None and ruling.editor:
            # An editor's ruling settles an ambiguous decision.
            severity = "repair" if severity == "ambiguous" else severity
            evidence += ruling.note()
        e = Entry(kind, file, line, excerpt(before), excerpt(after), excerpt(evidence, 400), severity,
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
                "stale": sum(1 for e in self.entries if e.kind == "decision-stale")}

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
