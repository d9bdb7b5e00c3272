"""The normalising stages put together: raw chapter files in, recovered chapters + report out.

read (``pages``) → page furniture out (book-wide) → layout detected per file (``layout``) → recovery
per file (``recover``) → labels and checks (book-wide) → Markdown (``markdown``) → no-loss check
(``integrity``, per file).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import dialects, integrity
from .corrections.config import Corrections
from .corrections.decisions import Decisions
from .corrections.edits import apply_edits
from .errors import PipelineError
from .hyphenation import Dehyphenator, book_words
from .integrity import Ledger
from .layout import detect
from .markdown import book_markdown, chapter_units
from .model import Chapter, Heading, Kind, Paragraph, Report
from .pages import INVISIBLE_WHY, invisible, noncharacters, read_text, split_blocks, unreadable
from .recover import Recoverer, remove_furniture
from .recover.cache import RecoveryCache
from .recover.breaks import dashes_closed
from .recover.typography import typeset_quotes


UNIT_CHARS = 100_000   # Markdown per self-contained piece of the no-loss check


@dataclass
class Normalised:
    chapters: list[Chapter]
    report: Report
    lost: dict = field(default_factory=dict)
    added: dict = field(default_factory=dict)

    def markdown(self, page_marks: bool = False) -> str:
        return book_markdown(self.chapters, page_marks)


class NoLossError(PipelineError):
    """The no-loss check failed; ``result`` still holds the Markdown and the report to inspect."""

    def __init__(self, message: str, file: str | None, line: int | None, result: Normalised):
        super().__init__(message, file, line)
        self.result = result


def normalise(paths: list[str | Path], lang: str = "en", check: bool = True,
              typography: str = "as-typed", corrections: Corrections | None = None,
              cache: Path | None = None, names: list[str] | None = None, dialect: str = "auto") -> Normalised:
    """Normalise chapter files (in reading order) of one book.

    Raises PipelineError for unreadable input, and NoLossError when the no-loss check finds a lost or
    invented word (naming the file, the line and the words). Marker/note problems are errors in the
    returned report (the caller decides to stop). ``typography="smart"`` sets typographic quotes and
    apostrophes for the language (the default keeps the text's characters as typed). ``corrections``
    (an editor's ``corrections.yaml``) rule on decisions and correct the text; a correction that does
    not match raises PipelineError, a ruling whose decision is gone is reported as stale. ``cache``:
    a folder where each file's recovery and word counts (``recover.cache``) and what pandoc read from
    each piece of Markdown for the no-loss check are kept for the next run. ``names``: what reports call
    the files (by default, their paths as given). ``dialect``: the tool whose text the files are
    (:mod:`pipeline.dialects`; ``auto`` detects it per file from evidence).
    """
    if not paths:
        raise PipelineError("no input files given")
    import langcodes
    if not langcodes.tag_is_valid(lang):
        raise PipelineError(f"unknown language '{lang}': give a BCP 47 tag such as en, en-GB or cs (--lang, "
                            f"or book.yaml's language)")
    names = list(names) if names else [str(p) for p in paths]
    corrections = corrections or Corrections()
    report = Report(decisions=Decisions(dict(corrections.rulings)))
    texts, maps, converted_furniture = _read(paths, names, report, dialect, lang)
    first_entry = len(report.entries)
    try:
        return _normalise(texts, names, report, lang, check, typography, corrections, cache, converted_furniture,
                          [m is not None for m in maps])
    finally:
        _remap(report, first_entry, dict(zip(names, maps)))


def _normalise(texts: list[str], names: list[str], report: Report, lang: str, check: bool, typography: str,
               corrections: Corrections, cache: Path | None, converted_furniture: list[int],
               converted: list[bool]) -> Normalised:
    files = [split_blocks(text, name) for text, name in zip(texts, names)]
    for name, blocks in zip(names, files):
        feeds = [b for b in blocks if b.kind == "pagebreak"]
        if feeds:
            report.add(Kind.FORM_FEED, name, feeds[0].line, evidence=f"{len(feeds)} form feed(s) read as page breaks")
    ledgers = [Ledger() for _ in texts]
    files, furniture = remove_furniture(files, names, report, ledgers, converted)
    furniture = [a + b for a, b in zip(furniture, converted_furniture)]
    store = RecoveryCache(cache, lang) if cache else None
    counted = [store.word_counts(text, _word_counts) if store else _word_counts(text) for text in texts]
    per_file, chapters = _recover(texts, names, files, furniture, ledgers, [book for book, _ in counted], lang,
                                  store, report)
    quotes = typeset_quotes(chapters, lang, report) if typography == "smart" else {}
    _apply_corrections(chapters, corrections, report, dict(zip(names, ledgers)))
    for ch in chapters:
        report.layouts.append({"chapter": _plain(ch.title), "notes": len(ch.notes), "markers": len(ch.markers),
                               **ch.layout})
    result = Normalised(chapters, report)
    report.stats = _stats(chapters, names, furniture, quotes)
    if check:
        _check(result, names, texts, ledgers, per_file, integrity.WordCache(cache / "noloss") if cache else None,
               [raw for _, raw in counted])
    return result


def _read(paths: list, names: list[str], report: Report, dialect: str, lang: str) -> tuple[list[str], list, list[int]]:
    """Each file's text in the seed's shape (:mod:`pipeline.dialects`), Unicode noncharacters removed
    (reported: they are not text); for each file, the input line of each line of its text when it was
    converted (else None), and the furniture lines the conversion removed."""
    texts, maps, removed = [], [], []
    for name, p in zip(names, paths):
        text, lines = noncharacters(read_text(p))
        for line, col, char in invisible(text)[:20]:
            report.add(Kind.INVISIBLE_CHARACTER, name, line,
                       evidence=f"U+{ord(char):04X} ({unicodedata.name(char, 'control')}) at column {col}: "
                                f"{INVISIBLE_WHY.get(char, 'invisible in every reader')}; kept")
        for line, col, _ in unreadable(text)[:20]:
            report.add(Kind.UNREADABLE_CHARACTER, name, line,
                       evidence=f"U+FFFD at column {col}: the tool that wrote the text could not read the glyph "
                                f"the book prints there (a NUL there, as pypdf writes, is read so); kept (write the "
                                f"character in the editor's corrections)")
        if lines:
            report.add(Kind.NONCHARACTER_REMOVED, name, lines[0],
                       evidence=f"Unicode noncharacters (U+FDD0–U+FDEF) are not text; removed on line(s) "
                                f"{', '.join(map(str, lines[:10]))}")
        kind, evidence, converted = dialects.convert(text, name, dialect, lang)
        if converted is None:
            maps.append(None)
            removed.append(0)
        else:
            report.add(Kind.INPUT_DIALECT, name, 1, evidence=f"read as {kind.name}: {evidence}; {converted.summary}")
            if converted.furniture:
                report.add(Kind.FURNITURE_REMOVED, name, 1, before=" | ".join(converted.furniture[:6]),
                           evidence=f"{len(converted.furniture)} running head and folio line(s) at the pages' "
                                    f"edges removed")
            for entry in converted.entries:
                report.add(entry["kind"], name, entry["line"], before=entry.get("before", ""),
                           evidence=entry.get("evidence", ""))
            text = converted.text
            maps.append(converted.lines)
            removed.append(len(converted.furniture))
        texts.append(text)
    return texts, maps, removed


def _remap(report: Report, first: int, maps: dict[str, list[int] | None]) -> None:
    """Report lines of converted files as lines of the files the user has."""
    for e in report.entries[first:]:
        lines = maps.get(e.file)
        if lines and 0 < e.line <= len(lines):
            e.line = lines[e.line - 1]


def _recover(texts: list[str], names: list[str], files: list, furniture: list[int], ledgers: list[Ledger],
             book_counts: list, lang: str, store: RecoveryCache | None,
             report: Report) -> tuple[list[list[Chapter]], list[Chapter]]:
    """Each file's chapters, and all of them in order, recovered with the book as the dictionary
    (hyphenation) and labelled book-wide (note numbering); a file whose text did not change is taken
    from the ``store``."""
    dehyph = Dehyphenator(texts, lang, book_counts, store.decisions() if store else None)
    recoverer = Recoverer(dehyph, report, dashes_closed(texts))
    per_file: list[list[Chapter]] = []
    numbering: dict[str, str] = {}
    for name, blocks, count, ledger in zip(names, files, furniture, ledgers):
        if store:
            recovered, numbering[name] = store.recover(recover_file, recoverer, blocks, name, count, ledger)
        else:
            recovered, numbering[name] = recover_file(recoverer, blocks, name, count, ledger)
        per_file.append(recovered)
    if store:
        store.keep_decisions(dehyph.memo, dehyph.used)
        store.prune()
    chapters = [ch for recovered in per_file for ch in recovered]
    recoverer.finish(chapters, numbering)
    return per_file, chapters


def _apply_corrections(chapters: list[Chapter], corrections: Corrections, report: Report,
                       ledgers: dict[str, Ledger]) -> None:
    """The editor's corrections applied; a ruling on a decision that is no longer there reported stale."""
    apply_edits(chapters, corrections, report, ledgers)
    for did in report.decisions.stale():
        report.add(Kind.DECISION_STALE, corrections.where, corrections.lines.get(did, 0),
                   before=corrections.excerpts.get(did, ""),
                   evidence=f"{did} ({corrections.rulings[did]}): no decision with this id in the text any more "
                            f"(its text changed); not applied — review it again or remove it").decision = did


def _stats(chapters: list[Chapter], names: list[str], furniture: list[int], quotes: dict) -> dict:
    return {
        "files": names,
        "chapters": len(chapters),
        "headings": sum(1 for c in chapters for b in c.blocks if isinstance(b, Heading)),
        "paragraphs": sum(1 for c in chapters for b in c.blocks if isinstance(b, Paragraph)),
        "notes": sum(len(c.notes) for c in chapters),
        "page_ends": sum(c.page_ends for c in chapters),
        "furniture_removed": sum(furniture),
        "typography": dict(quotes),
    }


def recover_file(recoverer: Recoverer, blocks: list, name: str, furniture: int, ledger: Ledger) -> tuple[list[Chapter], str]:
    """One file's layout detected and its chapters recovered; also its notes' numbering."""
    layout = detect(blocks, name, furniture)
    return recoverer.recover(blocks, layout, name, ledger), layout.numbering


def _word_counts(text: str) -> tuple:
    """A file's words as the book's dictionary counts them, and as the no-loss check does."""
    return book_words(text), integrity.raw_words(text)


def _check(result: Normalised, names: list[str], texts: list[str], ledgers: list[Ledger],
           per_file: list[list[Chapter]], cache: integrity.WordCache | None, raws: list) -> None:
    report = result.report
    outs = integrity.output_words_of_units(
        [(i, unit) for i, chs in enumerate(per_file) for c in chs for unit in chapter_units(c, UNIT_CHARS)],
        len(per_file), cache)
    total_in = total_out = 0
    failures: list[tuple[str, int, str]] = []
    for name, text, ledger, out, raw in zip(names, texts, ledgers, outs, raws):
        inp = integrity.input_words(text, ledger, raw)
        lost, added = integrity.compare(inp, out)
        total_in += sum(v for v in inp.values() if v > 0)
        total_out += sum(out.values())
        for kind, words in ((Kind.WORDS_LOST, lost), (Kind.WORDS_ADDED, added)):
            if not words:
                continue
            result.lost.update(lost) if kind == Kind.WORDS_LOST else result.added.update(added)
            line = min((integrity.locate(text, w) or 10 ** 9) for w in words)
            line = 0 if line == 10 ** 9 else line
            what = "lost" if kind == Kind.WORDS_LOST else "added"
            report.add(kind, name, line, before=_top(words), evidence=f"{sum(words.values())} word(s) {what}: "
                                                                      f"{_top(words)}")
            failures.append((name, line, f"{sum(words.values())} word(s) {what}: {_top(words)}"))
    report.stats.update(words_in=total_in, words_out=total_out,
                        words_lost=sum(result.lost.values()), words_added=sum(result.added.values()))
    if failures:
        name, line, _ = failures[0]
        raise NoLossError("no-loss check failed: " + "; ".join(
            (f"{n}:{ln}: " if ln else f"{n}: ") + msg for n, ln, msg in failures), None, None, result)


def _plain(title: str) -> str:
    from .model import MARKER_TOKEN
    return MARKER_TOKEN.sub("", title).strip()


def _top(counter: dict, n: int = 12) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"'{w}'×{c}" if c > 1 else f"'{w}'" for w, c in items) + (" …" if len(counter) > n else "")
