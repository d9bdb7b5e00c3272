"""A file's recovery kept in ``build/`` for the next build, so that a one-word edit re-recovers one file.

Recovering a file reads its own blocks (after furniture removal) and four book-wide things: the
book's word counts (the hyphen decisions' dictionary), the editor's rulings and how many decisions
with the same surroundings came before (decision ids), the label the previous file's notes ended on,
and whether the book sets em dashes close. An entry is stored under a hash of everything that is
the file's own or a plain value (its name, blocks, furniture count, the carry-in label, the dash
setting, the language, the pipeline's code and the word lists' versions), and it records what the
recovery read of the rest: every dictionary word looked up with its count, every decision asked for
with the ruling it got. It is used only when each of those reads gives the same answer in this build;
its chapters, report entries, no-loss ledger and decisions are then replayed as if the file had been
recovered again, so the output is byte-identical (tests/test_incremental.py builds both ways).

The per-file word counts (the book's dictionary, the no-loss check's input side) are kept the same
way, by a hash of the file's text, and so are the hyphen decisions (``Dehyphenator.memo``: each with
the book's counts it read), so that the file that changed is recovered without loading the word
lists when its decisions were taken before.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..files import code_files, fingerprint, write_atomic
from ..integrity import Ledger
from ..model import Chapter, Entry, RawBlock, Report

FORMAT = 1


def salt(lang: str) -> str:
    """What every entry depends on besides its file: the pipeline's code, the language, the versions of
    the word frequency lists and the hyphenation patterns."""
    versions = {}
    for package in ("wordfreq", "pyphen"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:      # pragma: no cover
            versions[package] = ""
    return fingerprint(code_files(), {"lang": lang, "format": FORMAT, **versions})


class _RulingReads:
    """The book's decisions, remembering every decision asked for and the ruling given (the book's
    counts read are logged by ``Dehyphenator.reading``)."""

    def __init__(self, decisions):
        self.decisions = decisions
        self.calls: list[tuple] = []

    def rule(self, family: str, key: str, machine: str):
        ruling = self.decisions.rule(family, key, machine)
        self.calls.append((family, key, machine, ruling))
        return ruling


@dataclass
class Recovered:
    """One file's recovery and what it read of the book."""

    chapters: list[Chapter]
    numbering: str
    last_label: str | None
    entries: list[Entry] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)
    added: Counter = field(default_factory=Counter)
    counts_read: dict[str, int] = field(default_factory=dict)
    rulings_read: list[tuple] = field(default_factory=list)


class RecoveryCache:
    """Recovered files in ``folder`` (one pickle per entry, named by its key); entries not used by the
    last build are removed by ``prune``."""

    def __init__(self, folder: Path, lang: str):
        self.folder = Path(folder)
        self.salt = salt(lang)
        self.used: set[Path] = set()
        self.hits = 0

    def _path(self, kind: str, *parts: str) -> Path:
        h = hashlib.sha256(self.salt.encode())
        for part in parts:
            h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        return self.folder / kind / f"{key}.pickle"

    def _load(self, path: Path):
        try:
            with open(path, "rb") as f:
                value = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        self.used.add(path)
        return value

    def _store(self, path: Path, value) -> None:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        self.used.add(path)

    def word_counts(self, text: str, count: Callable[[str], tuple]) -> tuple:
        """``count(text)`` (the file's word counts), kept by a hash of the text."""
        path = self._path("counts", text)
        value = self._load(path)
        if value is None:
            value = count(text)
            self._store(path, value)
        return value

    def decisions(self) -> dict:
        """The hyphen decisions remembered from the last build (``Dehyphenator.memo``)."""
        memo = self._load(self._path("decisions"))
        return memo if isinstance(memo, dict) else {}

    def keep_decisions(self, memo: dict, used: set) -> None:
        """Remember the decisions this build asked for (the others are forgotten)."""
        path = self._path("decisions")
        kept = {args: memo[args] for args in memo if args in used}
        if kept != self._load(path):
            self._store(path, kept)

    def recover(self, recover_file: Callable, recoverer, blocks: list[RawBlock], name: str, furniture: int,
                ledger: Ledger) -> tuple[list[Chapter], str]:
        """``recover_file(recoverer, blocks, name, furniture, ledger)``, or its stored result replayed."""
        path = self._path("recovered", name, str(furniture), repr(recoverer.last_label),
                          repr(recoverer.close_dashes), _blocks_key(blocks))
        entry = self._load(path)
        if isinstance(entry, Recovered) and _replay(entry, recoverer, ledger):
            self.hits += 1
            return entry.chapters, entry.numbering
        entry = _record(recover_file, recoverer, blocks, name, furniture, ledger)
        # Later stages change chapters and entries in place: the stored copy is taken now.
        self._store(path, entry)
        return entry.chapters, entry.numbering

    def prune(self) -> None:
        """Forget the entries the last build did not use (the cache holds one book)."""
        for path in self.folder.glob("*/*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)


def _blocks_key(blocks: list[RawBlock]) -> str:
    return "\x1e".join(f"{b.kind}\x1f{b.file}\x1f{b.line}\x1f{b.folio}\x1f" + "\n".join(b.lines) for b in blocks)


def _record(recover_file: Callable, recoverer, blocks, name, furniture, ledger) -> Recovered:
    report: Report = recoverer.report
    decisions = report.decisions
    rulings = _RulingReads(decisions)
    start = len(report.entries)
    own = Ledger()
    report.decisions = rulings
    try:
        with recoverer.dehyph.reading() as counts_read:
            chapters, numbering = recover_file(recoverer, blocks, name, furniture, own)
    finally:
        report.decisions = decisions
    ledger.removed.update(own.removed)
    ledger.added.update(own.added)
    return Recovered(chapters, numbering, recoverer.last_label, report.entries[start:], own.removed, own.added,
                     counts_read, rulings.calls)


def _replay(entry: Recovered, recoverer, ledger: Ledger) -> bool:
    """Apply a stored recovery if every book-wide read gives the answer it gave then."""
    counts = recoverer.dehyph.dictionary
    if any(counts.get(word, 0) != n for word, n in entry.counts_read.items()):
        return False
    decisions = recoverer.report.decisions
    before = decisions.snapshot()
    for family, key, machine, ruling in entry.rulings_read:
        if decisions.rule(family, key, machine) != ruling:
            decisions.restore(before)
            return False
    recoverer.report.entries.extend(entry.entries)
    ledger.removed.update(entry.removed)
    ledger.added.update(entry.added)
    recoverer.last_label = entry.last_label
    return True
