"""The small data model passed between the pipeline's stages.

raw file --pages--> ``RawBlock`` list --recover--> ``Chapter`` --markdown--> text
Every repair and warning goes into one ``Report`` that travels with the chapters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# A private-use character marks where a printed page ended inside the recovered text.
# The Markdown writer turns it into an empty page-break span or drops it; it never reaches a reader.
PAGE_BREAK = "\ue000"


@dataclass
class RawBlock:
    """A run of non-blank lines in a raw file (a paragraph, a heading, a separator, a list)."""

    kind: str  # "text" | "heading" | "separator" | "list"
    lines: list[str]
    file: str
    line: int  # 1-based line number of the first line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Heading:
    level: int
    text: str
    file: str
    line: int


@dataclass
class Paragraph:
    text: str  # may contain PAGE_BREAK characters and <sup>N</sup> markers
    file: str
    line: int


@dataclass
class Note:
    label: str
    text: str
    file: str
    line: int


@dataclass
class Chapter:
    source: str
    blocks: list[Heading | Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

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


@dataclass
class Report:
    entries: list[Entry] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def add(self, kind: str, file: str, line: int, before: str = "", after: str = "",
            evidence: str = "", severity: str = "repair") -> Entry:
        e = Entry(kind, file, line, excerpt(before), excerpt(after), evidence, severity)
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

    def to_json(self) -> dict:
        return {
            "stats": self.stats,
            "counts": self.counts(),
            "entries": [asdict(e) for e in self.entries],
        }


def excerpt(text: str, width: int = 160) -> str:
    """A one-line excerpt for the report (page-break marks shown as ¶)."""
    text = text.replace(PAGE_BREAK, "⟨page⟩").replace("\n", "⏎")
    if len(text) <= width:
        return text
    half = width // 2 - 2
    return text[:half] + " … " + text[-half:]
