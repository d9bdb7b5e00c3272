"""The no-loss check: every word of the input must survive in the output, and none be invented.

The input side is the raw text with the recoverer's logged changes applied (a ``Ledger``: page
artefacts removed — separators, heading marks, list bullets, note labels, markers, running heads and
folios — and hyphenation repairs). The output side is what *pandoc* parses from the written Markdown
(an independent reader, so a Markdown mistake that swallows text is caught too). Both are compared as
multisets of words, chapter file by chapter file, so that a failure names the file, the line where
the word stands and the words.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from . import pandoc
from .hyphenation import SOFT_HYPHEN
from .model import UNRESOLVED_CLASS
from .pandoc_ast import plain_text

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
SEP_LINE = re.compile(r"^\s*-{3,}\s*$", re.M)
# Separates the chapters of one Markdown text read in a single pandoc run.
CHAPTER_SENTINEL = "\ufdef" "CHAPTER" "\ufdef"


# The only markup the manuscript may use besides emphasis: superscripts and subscripts. Any other tag or
# entity is text, escaped by the Markdown writer so that it prints as written.
SUP_SUB = re.compile(r"<(su[bp])>([^<\s]{1,20})</\1>")


def words(text: str) -> list[str]:
    """The words of raw text as the check counts them."""
    text = text.replace(SOFT_HYPHEN, "")
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


def input_words(raw_text: str, ledger: Ledger) -> Counter:
    counts: Counter[str] = Counter(words(SEP_LINE.sub(" ", raw_text)))
    counts.subtract(ledger.removed)
    counts.update(ledger.added)
    return counts


def output_words(markdown: str) -> Counter:
    return output_words_by_chapter([markdown])[0]


def output_words_by_chapter(markdowns: list[str]) -> list[Counter]:
    """Words pandoc reads from each Markdown text (one pandoc run per core for all of them)."""
    texts = []
    for md in markdowns:
        # Pandoc drops a definition nobody refers to; count its words all the same (the
        # note-without-marker error reports it), by referring to it from a paragraph added here.
        defined = re.findall(r"^\[\^([^\]\s]+)\]:", md, re.M)
        referenced = set(re.findall(r"\[\^([^\]\s]+)\](?!:)", md))
        orphans = [label for label in defined if label not in referenced]
        if orphans:
            md += "\n\n" + " ".join(f"[^{label}]" for label in orphans) + "\n"
        texts.append(md)
    out: list[Counter] = []
    for ast in (json.loads(out) for out in pandoc.convert_many(_batches(texts), "markdown-smart", "json",
                                                                 what="the Markdown for the no-loss check")):
        per: list[list[str]] = [[]]
        for block in ast["blocks"]:
            if block.get("t") == "Para" and block["c"] == [{"t": "Str", "c": CHAPTER_SENTINEL}]:
                per.append([])
            else:
                # Block and formatting boundaries separate words, as the markup characters do in the input.
                # A marker without a note shows its label: a marker, not words.
                per[-1].append(plain_text(block, notes=True, boundaries=True, skip_class=UNRESOLVED_CLASS))
        for chunks in per:
            out.append(Counter(WORD.findall("".join(chunks))))
    return out


def _batches(texts: list[str]) -> list[str]:
    """The texts in up to one batch per core, in order, chapters separated by a sentinel paragraph."""
    n = pandoc.workers(len(texts))
    total = sum(len(t) for t in texts) or 1
    batches: list[list[str]] = [[]]
    size = 0
    for t in texts:
        if batches[-1] and size >= total * len(batches) / n:
            batches.append([])
        batches[-1].append(t)
        size += len(t)
    return [f"\n\n{CHAPTER_SENTINEL}\n\n".join(b) for b in batches]


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
