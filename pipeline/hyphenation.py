"""Repair of words broken by hyphenation at line and page ends.

A break looks like ``indus- trial``, ``indus-⏎trial`` or ``indus-`` at a page end and ``trial`` at the
next page's start. Real compounds broken at their hyphen look the same (``five- year``,
``Surgeon- General``). Decisions, strongest evidence first:

1. the document as its own dictionary: if only the joined form occurs elsewhere in the book, join;
   if only the hyphenated form occurs, keep the hyphen;
2. a capitalised continuation (``Surgeon- General``) keeps the hyphen;
3. a frequency dictionary (``wordfreq``) scores the *joined* candidate only: a known word joins;
4. when both halves are common words and the joined form is unknown, keep the hyphen (a compound);
5. otherwise the halves are fragments of one word (often a name: ``Luel- lin``): join.

Decisions from rules 4 and 5 and rare joined words are reported as ambiguous so an editor sees them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

SOFT_HYPHEN = "\u00ad"
LETTER = r"[^\W\d_]"
WORD = re.compile(rf"{LETTER}+(?:['’-]{LETTER}+)*")
# A word-final hyphen followed by white space (a line break or the space left by extraction).
BREAK = re.compile(rf"({LETTER}(?:{LETTER}|['’])*)-([ \t]*\n[ \t]*|[ \t]+)(?=({LETTER}(?:{LETTER}|['’])*))")
# Suspended compounds keep their hyphen and space: "pre- and post-war", "two- or three-day".
SUSPENDED = {"and", "or", "nor", "to", "und", "oder", "et", "ou"}

KNOWN = 1.5        # zipf of the joined form above which it is a dictionary word
COMMON = 3.0       # zipf of a half above which it is a common word on its own
CONFIDENT = 3.0    # zipf of the joined form above which no editor needs to look


@dataclass(frozen=True)
class Decision:
    join: bool
    result: str
    evidence: str
    ambiguous: bool


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    return zipf_frequency(word.lower(), lang)


class Dehyphenator:
    """Decides every hyphen break of one book; ``dictionary`` is the book's own word counts."""

    def __init__(self, texts: list[str], lang: str = "en"):
        self.lang = lang
        counts: Counter[str] = Counter()
        for text in texts:
            # Words broken by a hyphen and white space are not evidence of themselves.
            clean = BREAK.sub(" ", text.replace(SOFT_HYPHEN, ""))
            counts.update(w.lower() for w in WORD.findall(clean))
        self.dictionary = counts

    def decide(self, left: str, right: str) -> Decision:
        """``left`` and ``right`` are the letters before the hyphen and after the break."""
        joined = left + right
        hyphenated = f"{left}-{right}"
        in_doc_joined = self.dictionary.get(joined.lower(), 0)
        in_doc_hyph = self.dictionary.get(hyphenated.lower(), 0)
        if in_doc_joined and not in_doc_hyph:
            return Decision(True, joined, f"'{joined}' occurs {in_doc_joined}× elsewhere in the book", False)
        if in_doc_hyph and not in_doc_joined:
            return Decision(False, hyphenated, f"'{hyphenated}' occurs {in_doc_hyph}× elsewhere in the book", False)
        if right[:1].isupper():
            return Decision(False, hyphenated, "continuation is capitalised: a compound", False)
        zj = _zipf(joined, self.lang)
        zl, zr = _zipf(left, self.lang), _zipf(right, self.lang)
        if zj >= KNOWN:
            return Decision(True, joined, f"'{joined}' is a dictionary word (zipf {zj:.2f})", zj < CONFIDENT)
        if zl >= COMMON and zr >= COMMON:
            return Decision(False, hyphenated,
                            f"'{joined}' unknown (zipf {zj:.2f}) and both '{left}' ({zl:.2f}) and "
                            f"'{right}' ({zr:.2f}) are words: kept as a compound", True)
        return Decision(True, joined,
                        f"'{joined}' unknown (zipf {zj:.2f}) but '{left}' ({zl:.2f}) / '{right}' "
                        f"({zr:.2f}) are not both words: fragments of one word (a name?)", True)

    def is_suspended(self, right: str) -> bool:
        return right.lower() in SUSPENDED
