"""The normalising stages put together: raw chapter files in, recovered chapters + report out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import integrity
from .errors import PipelineError
from .hyphenation import Dehyphenator
from .markdown import book_markdown
from .model import Chapter, Report
from .pages import read_text, split_blocks
from .recover import Numbering, Recoverer


@dataclass
class Normalised:
    chapters: list[Chapter]
    report: Report
    lost: dict = field(default_factory=dict)
    added: dict = field(default_factory=dict)

    def markdown(self, page_marks: bool = False) -> str:
        return book_markdown(self.chapters, page_marks)


def normalise(paths: list[str | Path], lang: str = "en", check: bool = True) -> Normalised:
    """Normalise chapter files (in reading order) of one book.

    Raises PipelineError for unreadable input and when the no-loss check finds a lost or invented
    word. Marker/note problems are errors in the returned report (the caller decides to stop).
    """
    if not paths:
        raise PipelineError("no input files given")
    texts = [read_text(p) for p in paths]
    report = Report()
    recoverer = Recoverer(Dehyphenator(texts, lang), report, Numbering())
    chapters = [recoverer.recover(split_blocks(text, str(p)), str(p)) for p, text in zip(paths, texts)]
    result = Normalised(chapters, report)
    notes = sum(len(c.notes) for c in chapters)
    report.stats = {
        "files": [str(p) for p in paths],
        "chapters": len(chapters),
        "headings": sum(1 for c in chapters for b in c.blocks if b.__class__.__name__ == "Heading"),
        "paragraphs": sum(1 for c in chapters for b in c.blocks if b.__class__.__name__ == "Paragraph"),
        "notes": notes,
        "page_ends": sum(c.page_ends for c in chapters),
    }
    if check:
        inp = integrity.input_words(texts, recoverer.artefact_tokens, recoverer.hyphen_repairs)
        out = integrity.output_words(result.markdown())
        lost, added = integrity.compare(inp, out)
        result.lost, result.added = dict(lost), dict(added)
        report.stats["words_in"] = sum(v for v in inp.values() if v > 0)
        report.stats["words_out"] = sum(out.values())
        report.stats["words_lost"] = sum(lost.values())
        report.stats["words_added"] = sum(added.values())
        if lost or added:
            raise PipelineError(
                "no-loss check failed: "
                + (f"{sum(lost.values())} word(s) lost: {_top(lost)}; " if lost else "")
                + (f"{sum(added.values())} word(s) added: {_top(added)}" if added else ""),
                ", ".join(str(p) for p in paths))
    return result


def _top(counter: dict, n: int = 12) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"'{w}'×{c}" if c > 1 else f"'{w}'" for w, c in items) + (" …" if len(counter) > n else "")
