"""The normaliser's overturnable decisions, each with a stable id, and the editor's rulings on them.

A decision is one choice between two readings the text allows. Its id is derived from its family and
the raw text around it (never a line number), so it survives edits elsewhere in the manuscript and is
the same whichever reading was taken: ``page-break-3f09a1c2``. The registry below lists the families,
the report kinds each decision is written as, and the two choices an editor can make.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..kinds import Kind


@dataclass(frozen=True)
class Family:
    name: str
    question: str
    choices: tuple[str, str]           # the two readings
    kinds: dict[str, str]              # report kind -> the reading it stands for


FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("page-break", "one paragraph across the page break, or two?", ("join", "split"),
           {Kind.PARAGRAPH_JOIN: "join", Kind.PARAGRAPH_SPLIT_KEPT: "split"}),
    Family("hyphen", "a word broken at the line end, or a compound?", ("join-word", "keep-hyphen"),
           {Kind.DEHYPHENATE: "join-word", Kind.HYPHEN_KEPT: "keep-hyphen"}),
    Family("note-number", "a number opening a block: a note, or body text?", ("note", "body"),
           {Kind.NUMBER_READ_AS_NOTE: "note", Kind.NUMBER_START_KEPT_AS_BODY: "body"}),
    Family("heading", "a heading: a new chapter, or a section?", ("chapter", "section"),
           {Kind.CHAPTER_SPLIT: "chapter", Kind.HEADING_KEPT_AS_SECTION: "section"}),
)}
FAMILY_OF_KIND = {kind: fam.name for fam in FAMILIES.values() for kind in fam.kinds}
CONFIRM = "confirm"

def is_open(decision: str, severity: str) -> bool:
    """A decision left for an editor: one the rule could not settle, that no ruling settled."""
    return bool(decision) and severity == "ambiguous"


_INTERNAL = re.compile("[\ufdd0-\ufdef]+")
_SUP = re.compile(r"</?sup>")
_WORD = re.compile(r"\S+")


def context_key(*parts: str, words: int = 6) -> str:
    """The text a decision's id is made from: the last ``words`` words of the first part and the
    first ``words`` of the others, without internal marks, markers' tags or line breaks."""
    cleaned = [_WORD.findall(_SUP.sub("", _INTERNAL.sub(" ", p))) for p in parts]
    head = cleaned[0][-words:] if cleaned else []
    tails = [c[:words] for c in cleaned[1:]]
    return " | ".join(" ".join(x) for x in [head, *tails])


def decision_id(family: str, key: str) -> str:
    return f"{family}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


@dataclass
class Ruling:
    """What was decided at one place: the id, the reading taken, the machine's own reading, and
    whether an editor ``confirmed`` or ``overturned`` it ("" when no editor ruled)."""

    id: str
    family: str
    choice: str
    machine: str
    editor: str = ""

    @property
    def alternative(self) -> str:
        a, b = FAMILIES[self.family].choices
        return b if self.choice == a else a

    def note(self) -> str:
        if self.editor == "overturned":
            return f" — overturned by the editor ({self.choice}; the rule said {self.machine})"
        if self.editor == "confirmed":
            return " — confirmed by the editor"
        return ""


@dataclass
class Decisions:
    """The editor's rulings (id -> ``confirm`` or a reading), consulted at every decision; remembers
    which were used, so that the others can be reported as stale."""

    rulings: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    _seen: Counter = field(default_factory=Counter)

    def rule(self, family: str, key: str, machine: str) -> Ruling:
        """The reading to take at a decision whose surroundings are ``key`` (see ``context_key``) and
        that the normaliser's rule would decide as ``machine``. The n-th decision with the same
        surroundings in one book gets ``-n`` after its id."""
        base = decision_id(family, key)
        self._seen[base] += 1
        did = base if self._seen[base] == 1 else f"{base}-{self._seen[base]}"
        wanted = self.rulings.get(did)
        if wanted is None:
            return Ruling(did, family, machine, machine)
        self.used.add(did)
        if wanted == CONFIRM or wanted == machine:
            return Ruling(did, family, machine, machine, "confirmed")
        return Ruling(did, family, wanted, machine, "overturned")

    def snapshot(self) -> tuple[Counter, set]:
        """The counters and the rulings used so far (to go back to with ``restore``)."""
        return Counter(self._seen), set(self.used)

    def restore(self, snapshot: tuple[Counter, set]) -> None:
        self._seen, self.used = Counter(snapshot[0]), set(snapshot[1])

    def stale(self) -> list[str]:
        return [d for d in self.rulings if d not in self.used]
