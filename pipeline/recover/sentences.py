"""Where sentences end: evidence for joining text cut by page breaks and for telling notes apart."""

from __future__ import annotations

import itertools
import re

from ..layout.syntax import SUPERSCRIPTS, SYMBOL_CHARS
from ..model import MARK_CLOSE, MARK_OPEN, NONCHAR_DIGITS, PAGE_BREAK

MARKER_RUN = MARK_OPEN + "[" + NONCHAR_DIGITS + "]+" + MARK_CLOSE
# What may follow a sentence's end: markers (raw or placed, or digits glued to a word's closing stop
# whose note was not found: 'home.783', 'home.”12', '‘… socialism’.21'), emphasis marks, page ends.
TRAILING_NOISE = re.compile(r"(\s|<sup>[^<]{1,8}</sup>|\[\d{1,4}\]"
                            r"|(?:(?<=[^\W\d_][.!?])|(?<=[.!?][’”)])|(?<=[’”)][.!?]))\d{1,3}"
                            r"|[" + SUPERSCRIPTS + SYMBOL_CHARS + "_]|" + PAGE_BREAK + "|" + MARKER_RUN + r")+$")
SENTENCE_END = tuple(".!?:…")
CLOSERS = "\"'”’»)]"


def ends_sentence(end: str) -> bool:
    """Text ending a sentence: . ! ? … or : — also inside closing quotes or brackets, nested and spaced
    ('home.”', 'instructions!’ ”', 'fruits. …’ ”'), and a dash that breaks off a quotation ('arrested—”');
    but not a bare closing quote or bracket (the possessive "Quarles’", "(1660)") nor a semicolon."""
    end = end.rstrip()
    inner = end.rstrip(CLOSERS + " \t\u00a0\u202f")
    if inner.endswith(SENTENCE_END):
        return True
    return inner != end and inner.endswith(("\u2014", "\u2013")) and end[-1] in CLOSERS


# Abbreviations that end in a period without ending a sentence (titles, references); an initial
# ("W. Simons") too, except letters that are also roman numerals ("Charles I.", "Henry V.").
ABBREVIATIONS = {"mr", "mrs", "ms", "messrs", "dr", "st", "capt", "col", "gen", "lt", "sgt", "rev", "hon",
                 "prof", "viz", "cf", "vol", "vols", "pp", "p", "no", "nos", "ch", "chap", "fig", "vs", "mt",
                 "esq", "sr", "mme", "mlle", "mons", "ald", "bp", "abp", "ld"}
_ABBREVIATED = re.compile(r"(?:^|[\s(\[“\"‘'])(?:([^\W\d_]{1,5})|(?:[^\W\d_]\.){1,3}[^\W\d_])\.$")


def abbreviated(end: str) -> bool:
    """Text ending with an abbreviation such as 'Mrs.', 'viz.', 'e.g.' or an initial 'W.'."""
    m = _ABBREVIATED.search(end)
    if not m:
        return False
    word = m.group(1)
    if word is None:
        return True                                   # e.g. / i.e. / U.S.
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper() and word not in "IVX")


def ends_mid_sentence(text: str) -> bool:
    end = TRAILING_NOISE.sub("", text)
    return not ends_sentence(end) or abbreviated(end)


# Titles that stand before a name: a text that ends in one breaks off ('… and rector of St.')
TITLES = {"mr", "mrs", "ms", "messrs", "dr", "st", "capt", "col", "gen", "lt", "sgt", "rev", "hon", "prof", "mt"}


def unfinished(note_text: str) -> bool:
    """A note that breaks off without sentence punctuation, or on a title before a name ('rector of
    St.'); other abbreviations are not considered (notes end in initials, '—B.', 'Ed.')."""
    end = TRAILING_NOISE.sub("", note_text)
    last = re.search(r"([^\W\d_]+)\.$", end.rstrip())
    return not ends_sentence(end) or bool(last and last.group(1).lower() in TITLES)


def opening(text: str) -> str:
    """The shape of a line's opening when it holds a number or an enumerator ('3rd.' and '28th' →
    '9a', 'Jan. 1st' → 'Aa. 9a', '(b)' and '(iii)' → '(a)', '12.' → '9'); '' for any other line."""
    tokens = text.split()[:2]
    for k, token in enumerate(tokens):
        if any(c.isdigit() for c in token) or re.fullmatch(r"\(?[^\W\d_]{1,4}\)", token):
            shape = " ".join(tokens[:k] + [token.rstrip(".,;:")])
            return "".join(next(g) for _, g in itertools.groupby(
                "9" if c.isdigit() else "a" if c.islower() else "A" if c.isupper() else c for c in shape))
    return ""


OPENERS_SEEN = 10       # a word written in lower case this often inside lines, at least, ...
OPENERS_CAPITALISED = 0.02   # ... and capitalised inside a sentence at most this share of that
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_OPENING = "“‘\"'([«"         # what may stand before a sentence's first word
_AFTER_END = re.compile(r"(?:[.?!:;…]|[—–])[" + re.escape(CLOSERS) + r"]*$")


def sentence_openers(lines: list[str]) -> frozenset[str]:
    """The words (case-folded) that the text capitalises only where a sentence opens: written in lower
    case inside its lines OPENERS_SEEN times at least, capitalised after a word that ends no sentence
    at most OPENERS_CAPITALISED as often ('It', 'The', 'He', 'See' in an English text; not 'May', 'House'
    or 'Will', which it also capitalises as names, nor 'I'). The text's own evidence, in any language."""
    from collections import Counter
    capitalised, lower = Counter(), Counter()
    for line in lines:
        words = line.split()
        for before, word in zip(words, words[1:]):
            m = _WORD.match(word.lstrip(_OPENING))
            if not m:
                continue
            w = m.group()
            if w[0].islower():
                lower[w] += 1
            elif w[0].isupper() and not _AFTER_END.search(TRAILING_NOISE.sub("", before)):
                capitalised[w.casefold()] += 1
    return frozenset(w for w, n in lower.items()
                     if n >= OPENERS_SEEN and capitalised[w] <= OPENERS_CAPITALISED * n)


def opens_sentence(text: str, openers: frozenset[str]) -> bool:
    """``text`` opens with a capitalised word the text writes so only where a sentence opens."""
    m = _WORD.match(text.lstrip(" " + _OPENING))
    return bool(m) and m.group()[0].isupper() and m.group().casefold() in openers
