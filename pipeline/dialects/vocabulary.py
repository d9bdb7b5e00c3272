"""Which words are the notes': the book's own evidence for text that nothing in its setting tells apart.

Where a word processor sets its notes at the body's size and measure, and a tool gives them as plain
lines, the rest of a note broken off at a page's foot stands under the body's last line with nothing
but its words to show it is a note's. The notes found elsewhere in the file and its body say which
words are whose: a diary's body writes `I`, `my`, `home`; its editor's notes `born`, `son`, `Died`, a
year; a history's body argues, its notes cite (`pp.`, `Vol.`, `in:`). Each word counts by how much more
often it stands in the notes than in the body (natural log-odds, add-one smoothed; figures are one
word), a line by the sum of its words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD_OR_FIGURE = re.compile(r"[^\W\d_]+|\d+")
TURN = 6.0      # log-odds the lines taken for a note's must show for the notes over the body, at least


def words(text: str) -> list[str]:
    """``text``'s words, case-folded, each figure as ``0``."""
    return ["0" if w[0].isdigit() else w.casefold() for w in WORD_OR_FIGURE.findall(text)]


@dataclass(frozen=True)
class Vocabulary:
    """How much more often each word of a file stands in its notes than in its body."""
    odds: dict[str, float]
    unseen: float           # a word neither holds

    @classmethod
    def of(cls, notes: Iterable[str], body: Iterable[str]) -> Vocabulary:
        """From the lines of the notes found so far and of the body."""
        in_notes = Counter(w for text in notes for w in words(text))
        in_body = Counter(w for text in body for w in words(text))
        seen = set(in_notes) | set(in_body)
        size = len(seen) + 1
        total_notes, total_body = sum(in_notes.values()) + size, sum(in_body.values()) + size
        odds = {w: math.log((in_notes[w] + 1) / total_notes) - math.log((in_body[w] + 1) / total_body)
                for w in seen}
        return cls(odds, math.log(total_body / total_notes))

    def line(self, text: str) -> float:
        """How much more likely ``text``'s words are a note's than the body's (log-odds: above 0, a note's)."""
        return sum(self.odds.get(w, self.unseen) for w in words(text))

    def turn(self, lines: list[str], starts: Iterable[int], end: int | None = None,
             margin: float = TURN, per_line: float = 0.0) -> int | None:
        """Of ``starts`` (indexes into ``lines``), the one from which down to ``end`` (the lines' end)
        the words are the notes' by ``margin`` at least, each line counting ``per_line`` less, the
        most so (the highest of equals); None where none is."""
        end = len(lines) if end is None else end
        starts = sorted(starts)
        odds = {k: self.line(lines[k]) - per_line for k in range(starts[0], end)} if starts else {}
        score = {k: sum(odds[j] for j in range(k, end)) for k in starts}
        best = max(starts, key=lambda k: (score[k], -k), default=None)
        return best if best is not None and score[best] >= margin else None
