"""How notes are labelled and referenced: the tables of note-label and marker syntaxes.

Each syntax is an entry in a table (like pandoc's list of readers), not a branch in the code: a new
extraction tool's way of writing a marker is one more row.

- A **note label** opens a note: ``76 Text``, ``76. Text``, ``[76] Text``, ``¹ Text``, ``* Text``,
  ``<sup>76</sup> Text``.
- A **marker** refers to a note from the text: ``<sup>76</sup>``, ``¹²``, ``[12]``, ``*``, ``††``.
  ``strong`` markers (inside ``<sup>``) are markers whatever follows; the others are markers only
  when a note with their label stands in scope (same page, or the chapter's notes section), else
  they are text.

Labels are compared in a normal form: numbers without leading zeros, superscript digits as digits,
symbols as printed (``**`` is the second ``*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SYMBOL_CHARS = "*†‡§‖¶"
# A symbol label: one symbol, doubled or tripled ("*", "**", "†††").
SYMBOL = r"(?:\*{1,4}|†{1,4}|‡{1,4}|§{1,4}|‖{1,4}|¶{1,4})"
NUMBER = r"\d{1,5}"     # note numbers up to 99999
# A label this far past the one before still goes on with its sequence: one or two lost on the way
# (garbled by a tool, a source's note missing) or set later (extract allows a few more, NEXT_FEW: it
# reads the labels' sizes and places too).
AHEAD = 3
# A note numbered in lower-case roman figures (a word processor's endnotes by default: i, ii, iii …),
# up to cccxcix; read as its number ('iv' -> '4')
ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?![a-z])"
ROMAN_VALUES = {"c": 100, "l": 50, "x": 10, "v": 5, "i": 1}
# The conventional order of symbol notes on a page (Chicago / Oxford): *, †, ‡, §, ‖, ¶, then doubled.
SYMBOL_ORDER = [s * n for n in range(1, 5) for s in SYMBOL_CHARS]
# TeX's \fnsymbol and Typst's "*" numbering set ¶ before ‖: a book's labels may follow either order.
TEX_SYMBOL_ORDER = [s * n for n in range(1, 5) for s in "*†‡§¶‖"]


def normal(label: str) -> str:
    """The normal form of a printed label: '076' -> '76', '¹²' -> '12', 'iv' -> '4', '†' -> '†'."""
    label = label.strip()
    if label and label[0] in SUPERSCRIPTS:
        label = "".join(str(SUPERSCRIPTS.index(c)) for c in label)
    if label and re.fullmatch(ROMAN, label):
        values = [ROMAN_VALUES[c] for c in label]
        return str(sum(-v if v < w else v for v, w in zip(values, values[1:] + [0])))
    return str(int(label)) if label.isdigit() else label


def is_symbol(label: str) -> bool:
    return bool(label) and label[0] in SYMBOL_CHARS


def successor(label: str | None) -> str | None:
    """The label that follows ``label`` in its sequence (numbers, or the conventional symbol order)."""
    if label is None:
        return None
    if label.isdigit():
        return str(int(label) + 1)
    if label in SYMBOL_ORDER:
        i = SYMBOL_ORDER.index(label)
        return SYMBOL_ORDER[i + 1] if i + 1 < len(SYMBOL_ORDER) else None
    return None


def successors(label: str | None) -> tuple[str, ...]:
    """The labels that may follow ``label``: its successor, and for a symbol the next in TeX's order
    too ('§' -> '‖' or '¶', '¶' -> '**' or '‖')."""
    nxt = successor(label)
    if label not in TEX_SYMBOL_ORDER or TEX_SYMBOL_ORDER.index(label) + 1 == len(TEX_SYMBOL_ORDER):
        return (nxt,) if nxt else ()
    tex = TEX_SYMBOL_ORDER[TEX_SYMBOL_ORDER.index(label) + 1]
    return tuple(dict.fromkeys(x for x in (nxt, tex) if x))


@dataclass(frozen=True)
class LabelSyntax:
    name: str
    pattern: re.Pattern  # matches at a block's start; group "label", match end = start of the note text


_AFTER = r"(?=\S)"
NOTE_LABELS: list[LabelSyntax] = [
    LabelSyntax("sup", re.compile(rf"^[ \t]*<sup>\s*(?P<label>{NUMBER}|{SYMBOL})\s*</sup>[.)]?[ \t]*{_AFTER}")),
    LabelSyntax("bracket", re.compile(rf"^[ \t]*\[(?P<label>{NUMBER}|{SYMBOL})\][.)]?[ \t]*{_AFTER}")),
    LabelSyntax("parenthesis", re.compile(rf"^[ \t]*\((?P<label>{NUMBER})\)[ \t]+{_AFTER}")),
    LabelSyntax("superscript", re.compile(rf"^[ \t]*(?P<label>[{SUPERSCRIPTS}]{{1,4}})(?![{SUPERSCRIPTS}])[.)]?[ \t]*"
                                          rf"{_AFTER}")),
    # '76 Text', '76. Text', '76) Text', '76.Text' (not '12.5 million': a digit after the period).
    LabelSyntax("number", re.compile(rf"^[ \t]*(?P<label>{NUMBER})(?:[.)](?!\d)|(?=[ \t]))[ \t]*{_AFTER}")),
    LabelSyntax("symbol", re.compile(rf"^[ \t]*(?P<label>{SYMBOL})[.)]?[ \t]+{_AFTER}")),   # '* Text', '†) Text'
    # 'iv Text': a space and a capital or a quote after it ('vi and' is text; 'iii) The', 'iv. The' are
    # a paragraph's enumerators)
    LabelSyntax("roman", re.compile(rf"^[ \t]*(?P<label>{ROMAN})[ \t]+(?=[A-ZÀ-Þ“‘\"(\[—–])")),
]


@dataclass(frozen=True)
class Label:
    label: str      # normal form
    printed: str    # as printed
    syntax: str
    end: int        # where the note's text starts


def note_label(text: str) -> Label | None:
    """The note label opening ``text``, if any."""
    for syntax in NOTE_LABELS:
        m = syntax.pattern.match(text)
        if m:
            return Label(normal(m.group("label")), m.group("label"), syntax.name, m.end())
    return None


@dataclass(frozen=True)
class MarkerSyntax:
    name: str
    pattern: re.Pattern  # group "label"
    strong: bool         # a marker even when no note is found (then reported as unresolved)
    trigger: str         # characters one of which the text must hold (a quick test before the pattern)


_PUNCT_AFTER = r"(?=[\s.,;:!?)\]’”'\"—–…]|$)"
MARKERS: list[MarkerSyntax] = [
    MarkerSyntax("sup", re.compile(rf"<sup>\s*(?P<label>{NUMBER}|{SYMBOL}|{ROMAN})\s*</sup>"), True, "<"),
    MarkerSyntax("bracket", re.compile(rf"\[(?P<label>{NUMBER}|{SYMBOL})\](?![(\[{{:])"), False, "["),
    MarkerSyntax("superscript", re.compile(rf"(?<=[^\s{SUPERSCRIPTS}])(?P<label>[{SUPERSCRIPTS}]{{1,4}})"
                                           rf"(?![{SUPERSCRIPTS}])"), False, SUPERSCRIPTS),
    MarkerSyntax("symbol", re.compile(rf"(?<=\S)(?P<label>{SYMBOL}){_PUNCT_AFTER}"), False, SYMBOL_CHARS),
]
MARKER_NAMES = [m.name for m in MARKERS]


@dataclass(frozen=True)
class MarkerCandidate:
    start: int
    end: int
    label: str     # normal form
    printed: str
    syntax: MarkerSyntax


def marker_candidates(text: str) -> list[MarkerCandidate]:
    """Every place in ``text`` that may be a note marker, in text order, without overlaps.

    Asterisks that open or close ``*emphasis*`` are not candidates.
    """
    emphasis = emphasis_asterisks(text) if "*" in text else set()
    taken: list[tuple[int, int]] = []
    found: list[MarkerCandidate] = []
    for syntax in MARKERS:
        if not any(c in text for c in syntax.trigger):
            continue
        for m in syntax.pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            label = m.group("label")
            if syntax.name == "symbol" and "*" in label:
                # Asterisks that close *emphasis* are not the marker: '*Rollo**' is emphasis, then '*'.
                while s < e and s in emphasis:
                    s += 1
                if s == e or any(i in emphasis for i in range(s, e)):
                    continue
                label = text[s:e]
            taken.append((s, e))
            found.append(MarkerCandidate(s, e, normal(label), label, syntax))
    found.sort(key=lambda c: c.start)
    return found


_STARS = re.compile(r"\*+")


def emphasis_asterisks(text: str) -> set[int]:
    """Positions of asterisks that delimit ``*emphasis*`` or ``**strong**``. A closing run pairs with the
    nearest opener it can (as CommonMark's delimiter runs); asterisks left over after it stay free
    (``*Rollo**``: emphasis, then a ``*`` marker)."""
    openers: list[tuple[int, int]] = []  # (start, length)
    used: set[int] = set()
    for m in _STARS.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        can_open = not after.isspace() and (before.isspace() or not before.isalnum())
        can_close = not before.isspace()
        if can_close and openers:
            length = e - s
            k = next((k for k in range(len(openers) - 1, -1, -1) if openers[k][1] == length), None)
            if k is None:
                k = next((k for k in range(len(openers) - 1, -1, -1) if openers[k][1] < length), None)
            if k is not None:
                os_, ol = openers[k]
                used.update(range(os_, os_ + ol))
                used.update(range(s, s + ol))
                del openers[k:]
                continue
        if can_open:
            openers.append((s, e - s))
    return used


# A short title for the running heads after a heading, as pandoc writes a heading's attribute:
# ``## 4. The Stalin’s “Second” Revolution {short="The Second Revolution"}`` (straight or curly quotes).
SHORT_TITLE = re.compile(r"\s*\{\s*short\s*=\s*[\"“”'‘’](?P<short>[^\"“”{}]*?)[\"“”'‘’]\s*\}\s*$")


def short_title(line: str) -> tuple[str, str]:
    """A heading's line without its ``{short="…"}`` attribute, and the short title ("" when none)."""
    m = SHORT_TITLE.search(line)
    return (line[:m.start()], m.group("short").strip()) if m else (line, "")
