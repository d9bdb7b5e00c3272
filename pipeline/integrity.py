"""The no-loss check: every word of the input must survive in the output, and none be invented.

The input side is the raw text with the recoverer's logged changes applied (a ``Ledger``: page
artefacts removed — separators, heading marks, list bullets, note labels, markers, running heads and
folios — and hyphenation repairs). The output side is what *pandoc* parses from the written Markdown
(an independent reader, so a Markdown mistake that swallows text is caught too). Both are compared as
multisets of words, chapter file by chapter file, so that a failure names the file, the line where
the word stands and the words.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import pandoc
from .files import fingerprint, write_atomic
from .hyphenation import SOFT_HYPHEN
from .model import UNRESOLVED_CLASS
from .pandoc_ast import plain_text

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
SEP_LINE = re.compile(r"^\s*-{3,}\s*$", re.M)
BATCH_CHARS = 400_000      # Markdown read by one pandoc run of the no-loss check
# Separates the pieces of one Markdown text read in a single pandoc run.
CHAPTER_SENTINEL = "\ufdef" "CHAPTER" "\ufdef"


# The only markup the manuscript may use besides emphasis: superscripts and subscripts. Any other tag or
# entity is text, escaped by the Markdown writer so that it prints as written.
SUP_SUB = re.compile(r"<(su[bp])>([^\W_]{1,20})</\1>")   # as the Markdown writer reads them (markdown.py)


# Quote shapes are typography, not words: the check compares words with apostrophes folded.
FOLD = str.maketrans({"’": "'", "‘": "'", "‚": "'", "‛": "'"})


def words(text: str) -> list[str]:
    """The words of raw text as the check counts them."""
    text = text.replace(SOFT_HYPHEN, "").translate(FOLD)
    text = SUP_SUB.sub(r" \2 ", text)
    # A word broken by a hyphen and white space counts as its two halves here.
    text = re.sub(r"(?<=[^\W\d_])-(?=\s)", " ", text)
    return WORD.findall(text)


@dataclass
class Ledger:
    """What recovery removed from or rewrote in one file's words, for the no-loss check."""

    removed: Counter = field(default_factory=Counter)
    added: Counter = field(default_factory=Counter)

    def remove(self, text: str) -> None:
        self.removed.update(words(text))

    def rewrite(self, before: list[str], after: list[str]) -> None:
        self.removed.update(before)
        self.added.update(after)


def raw_words(raw_text: str) -> Counter:
    """The words of a raw file, before the ledger's changes."""
    return Counter(words(SEP_LINE.sub(" ", raw_text)))


def input_words(raw_text: str, ledger: Ledger, raw: Counter | None = None) -> Counter:
    """The words the output must hold: the raw file's (``raw``, when already counted) with the
    ledger's changes."""
    counts: Counter[str] = Counter(raw if raw is not None else raw_words(raw_text))
    counts.subtract(ledger.removed)
    counts.update(ledger.added)
    return counts


def output_words(markdown: str) -> Counter:
    """The words pandoc reads from one Markdown text (notes referred to nowhere included)."""
    defined = re.findall(r"^\[\^([^\]\s]+)\]:", markdown, re.M)
    referenced = set(re.findall(r"\[\^([^\]\s]+)\](?!:)", markdown))
    orphans = [label for label in defined if label not in referenced]
    if orphans:
        markdown += "\n\n" + " ".join(f"[^{label}]" for label in orphans) + "\n"
    return output_words_of_units([(0, markdown)], 1)[0]


class WordCache:
    """Words pandoc read from a piece of Markdown, kept in ``folder`` by a hash of the piece, the
    counting code and the pandoc release: a piece whose Markdown did not change is not read again
    (a one-word edit re-reads one piece of one chapter)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        code = [Path(__file__), Path(__file__).with_name("pandoc_ast.py")]
        self.code = fingerprint(code, {"pandoc": pandoc.version()})
        self.used: set[Path] = set()

    def _path(self, markdown: str) -> Path:
        key = hashlib.sha256((self.code + "\0" + markdown).encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, markdown: str) -> Counter | None:
        path = self._path(markdown)
        try:
            counts = Counter(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        self.used.add(path)
        return counts

    def put(self, markdown: str, counts: Counter) -> None:
        path = self._path(markdown)
        write_atomic(path, json.dumps(dict(sorted(counts.items())), ensure_ascii=False))
        self.used.add(path)

    def prune(self) -> None:
        """Forget the pieces the last check did not use (the cache holds one book's pieces)."""
        for path in self.folder.glob("*/*.json"):
            if path not in self.used:
                path.unlink(missing_ok=True)


def output_words_of_units(units: list[tuple[int, str]], groups: int, cache: WordCache | None = None) -> list[Counter]:
    """Words pandoc reads from self-contained Markdown pieces, summed per group (a chapter file). The
    pieces are read in batches of about ``BATCH_CHARS``, a few pandoc processes at a time, each batch's
    AST counted and dropped: memory stays bounded whatever the book's size. With a ``cache``, only the
    pieces it does not hold are read."""
    out = [Counter() for _ in range(groups)]
    pending: list[tuple[int, str]] = []
    for group, md in units:
        known = cache.get(md) if cache is not None else None
        if known is None:
            pending.append((group, md))
        else:
            out[group].update(known)
    batches: list[tuple[list[int], str]] = []
    members: list[int] = []
    texts: list[str] = []
    size = 0
    for k, (_, md) in enumerate(pending):
        if texts and size + len(md) > BATCH_CHARS:
            batches.append((members, f"\n\n{CHAPTER_SENTINEL}\n\n".join(texts)))
            members, texts, size = [], [], 0
        members.append(k)
        texts.append(md)
        size += len(md)
    if texts:
        batches.append((members, f"\n\n{CHAPTER_SENTINEL}\n\n".join(texts)))
    outputs = pandoc.convert_each([text for _, text in batches], "markdown-smart", "json",
                                  what="the Markdown for the no-loss check")
    for (members, _), result in zip(batches, outputs):
        counts = _count_pieces(result)
        if len(counts) != len(members):
            # A piece's Markdown left something open that swallowed the separator: each read alone.
            alone = pandoc.convert_each([pending[k][1] for k in members], "markdown-smart", "json",
                                        what="the Markdown for the no-loss check")
            counts = [sum(_count_pieces(r), Counter()) for r in alone]
        for k, c in zip(members, counts):
            group, md = pending[k]
            out[group].update(c)
            if cache is not None:
                cache.put(md, c)
    if cache is not None:
        cache.prune()
    return out


def _count_pieces(result: str) -> list[Counter]:
    """The words of each piece of one pandoc JSON output (pieces separated by CHAPTER_SENTINEL)."""
    ast = json.loads(result)
    counts: list[Counter] = []
    chunks: list[str] = []
    for block in ast["blocks"]:
        if block.get("t") == "Para" and block["c"] == [{"t": "Str", "c": CHAPTER_SENTINEL}]:
            counts.append(Counter(WORD.findall("".join(chunks).translate(FOLD))))
            chunks = []
        else:
            # Block and formatting boundaries separate words, as the markup characters do in the
            # input; a marker without a note shows its label: a marker, not words.
            chunks.append(plain_text(block, notes=True, boundaries=True, skip_class=UNRESOLVED_CLASS))
    counts.append(Counter(WORD.findall("".join(chunks).translate(FOLD))))
    return counts


def compare(inp: Counter, out: Counter) -> tuple[Counter, Counter]:
    """(lost, added) word multisets; both empty when nothing was lost or invented."""
    lost = Counter({w: c for w, c in (inp - out).items() if c > 0})
    added = Counter({w: c for w, c in (out - inp).items() if c > 0})
    return lost, added


def locate(raw_text: str, word: str) -> int:
    """The first line of ``raw_text`` where ``word`` stands as a word (0 when it does not)."""
    for number, line in enumerate(raw_text.split("\n"), start=1):
        if word in line and word in words(line):
            return number
    return 0
