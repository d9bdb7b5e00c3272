"""Where a report entry happened: the raw lines around it and the clean paragraph it became, with the
place highlighted (found by the words around the decision, quotes and Markdown marks folded)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corrections.decisions import FAMILY_OF_KIND
from ..kinds import Kind

FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " ",
                      "\u202f": " "})
SKIP = re.compile(r"\[\^[^\]\s]+\](?!:)|\\(?=.)|[*_]|\u200b")
EXCERPT_MARKS = re.compile(r"⟨note⟩|⟨page⟩|⏎|¶")
WORDS = re.compile(r"\S+")


@dataclass
class Piece:
    text: str
    mark: bool = False


@dataclass
class Clean:
    """One clean block (paragraph, heading or note) cut into plain and highlighted pieces."""
    pieces: list[Piece]
    found: bool


# Decisions taken where a printed page ends (their excerpt is "first part ¶ second part"), and on a
# broken word.
AT_PAGE_END = ("page-break", "note-number")
MAX_WINDOW = 60


def page_window(entry: dict, starts: list[int], total: int) -> tuple[int, int]:
    """The raw lines of the printed page the entry stands on (``starts``: each page's first line); for
    a decision at a page's first line, the page before it too; a few lines around it when no page
    start is known."""
    line = entry["line"]
    k = max((i for i, s in enumerate(starts) if s <= line), default=-1)
    if k < 0:
        return max(1, line - 8), min(total, line + 6)
    first = k - 1 if (FAMILY_OF_KIND.get(entry["kind"]) in AT_PAGE_END and starts[k] == line and k > 0) else k
    lo, hi = starts[first], (starts[k + 1] - 1 if k + 1 < len(starts) else total)
    if hi - lo > MAX_WINDOW:      # a long page: the part around the entry
        lo, hi = max(lo, line - MAX_WINDOW // 2), min(hi, line + MAX_WINDOW // 2)
    return lo, hi


def raw_lines(lines: list[str], entry: dict, window: tuple[int, int] | None = None) -> list[tuple[int, list[Piece], bool]]:
    """The raw lines of ``window`` (default: a few around the entry's line): (number, pieces with the
    place highlighted, is the entry's line)."""
    line = entry["line"]
    lo, hi = window or page_window(entry, [], len(lines))
    while hi > lo and not lines[hi - 1].strip():
        hi -= 1
    text = "\n".join(lines[lo - 1:hi])
    spans = _raw_spans(text, entry, sum(len(x) + 1 for x in lines[lo - 1:line - 1]))
    out, offset = [], 0
    for n in range(lo, hi + 1):
        raw = lines[n - 1]
        pieces, at = [], 0
        for start, end in spans:
            s, e = max(start - offset, 0), min(end - offset, len(raw))
            if s >= e or s < at:
                continue
            pieces += [Piece(raw[at:s]), Piece(raw[s:e], True)]
            at = e
        pieces.append(Piece(raw[at:]))
        out.append((n, pieces, n == line))
        offset += len(raw) + 1
    return out


def _raw_spans(text: str, entry: dict, home: int) -> list[tuple[int, int]]:
    """Where the entry's words stand in the raw window (``home``: the offset of the entry's line): for
    a broken word its two halves, for a page break the words on either side, else its first words."""
    before = entry.get("before", "")
    patterns: list[str] = []
    if FAMILY_OF_KIND.get(entry["kind"]) == "hyphen":
        m = re.search(r"(\S+)-(?:[ \t]|⏎)*(\S+)", before[len(before) // 3:] if len(before) > 60 else before) \
            or re.search(r"(\S+)-(?:[ \t]|⏎)*(\S+)", before)
        if m:
            patterns.append(re.escape(m.group(1)) + r"-\s*" + re.escape(m.group(2)))
    else:
        first, _, second = before.partition(" ¶ ")
        parts = [first, second] if second else [first]
        for k, part in enumerate(parts):
            words = WORDS.findall(EXCERPT_MARKS.sub(" ", re.sub(r"^#+\s*", "", part)))
            words = words[-3:] if k == 0 and second else words[:4]
            if words:
                patterns.append(r"\s+".join(re.escape(w) for w in words))
    spans = []
    for pattern in patterns:
        hits = list(re.finditer(pattern, text))
        if hits:
            best = min(hits, key=lambda m: abs(m.start() - home))
            spans.append(best.span())
    return sorted(spans)


def blocks(markdown: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", markdown) if b.strip()]


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased with quotes folded, Markdown escapes, emphasis marks and note references
    skipped and white space collapsed; with the index in ``text`` of each character kept."""
    out, where = [], []
    i = 0
    for start, end in [m.span() for m in SKIP.finditer(text)] + [(len(text), len(text))]:
        for j in range(i, start):
            c = text[j].translate(FOLD).lower()
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(j)
        i = end
    return "".join(out), where


def probes(entry: dict) -> list[str]:
    """Texts to look for in the clean result, most telling first."""
    before, after = entry.get("before", ""), entry.get("after", "")
    kind = entry["kind"]
    if FAMILY_OF_KIND.get(kind) in AT_PAGE_END:
        first, _, second = before.partition(" ¶ ")
        if not second:
            second, first = first, ""
        head = " ".join(WORDS.findall(EXCERPT_MARKS.sub(" ", second))[:5])
        tail = " ".join(WORDS.findall(EXCERPT_MARKS.sub(" ", first))[-4:])
        return [p for p in (f"{tail} {head}" if tail else "", head) if p]
    if FAMILY_OF_KIND.get(kind) == "hyphen":
        m = re.search(r"(\S*)\s*(\S+)-(?:\s|⏎)*(\S+)\s*(\S*)", before)
        if m and after:
            w1, w4 = m.group(1), m.group(4)
            return [f"{w1} {after} {w4}".strip(), after]
        return [after] if after else []
    if kind == Kind.EDIT_APPLIED:
        return [after]
    text = after or before
    text = re.sub(r"^#+\s*", "", EXCERPT_MARKS.sub(" ", text))
    return [" ".join(WORDS.findall(text)[:8])] if text.strip() else []


def fold_blocks(markdown_blocks: list[str]) -> list[tuple[str, list[int]]]:
    """The blocks as ``locate`` searches them (once per page, not once per entry)."""
    return [_folded(b) for b in markdown_blocks]


def locate(markdown_blocks: list[str], entry: dict, folded: list[tuple[str, list[int]]] | None = None) -> list[Clean]:
    """The clean block(s) where the entry's change stands, the change highlighted (a kept paragraph
    break shows the paragraph before it too)."""
    folded = folded if folded is not None else fold_blocks(markdown_blocks)
    for probe in probes(entry):
        key, _ = _folded(probe.strip())
        key = key.strip()
        if len(key) < 3:
            continue
        for k, (text, where) in enumerate(folded):
            at = text.find(key)
            if at < 0:
                continue
            start, end = where[at], where[at + len(key) - 1] + 1
            block = markdown_blocks[k]
            out = [Clean([Piece(block[:start]), Piece(block[start:end], True), Piece(block[end:])], True)]
            if entry["kind"] == "paragraph-split-kept" and k > 0:
                out.insert(0, Clean([Piece(markdown_blocks[k - 1])], True))
            return out
    return []
