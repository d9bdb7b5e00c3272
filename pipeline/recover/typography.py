"""Typographic quotes and apostrophes, by the book's language (``typography: smart`` in book.yaml).

Straight quotes become the language's own: English “ ” ‘ ’; German and Czech „ “ ‚ ‘; French « »
with narrow no-break spaces inside. An apostrophe (``Stalin’s``, ``’20s``, ``rock ’n’ roll``) is ’
in every language. Whether a quote opens or closes is read from its neighbours — white space, opening
or closing punctuation — looking through note markers, page marks and emphasis marks. A quote whose
side cannot be told (``a"b``) is left as typed and counted.

Whatever the option, a double quotation mark printed between two letters (``and”pupils”.``: no
language sets one there) gets the space it lacks, on the side its pair shows (:func:`glued_quotes`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..hyphenation import primary
from ..model import NONCHARACTERS, Chapter, Kind, Report, Severity

# (open double, close double, open single, close single)
QUOTES = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "pl": ("„", "”", "‚", "’"),
    "fr": ("«\u202f", "\u202f»", "‹\u202f", "\u202f›"),
}
APOSTROPHE = "’"
OPENERS = "([{—–-/‘“„«‹\u00a0"
CLOSERS = ".,;:!?)]}—–-…’”»›"
TRANSPARENT = NONCHARACTERS + "*_"
# Words that open with an apostrophe (elisions), not a quote.
ELISIONS = ("tis", "twas", "twere", "em", "n", "cause", "til", "bout", "neath", "gainst", "ere", "round")


def quotes_for(language: str) -> tuple[str, str, str, str]:
    return QUOTES.get(primary(language).lower(), QUOTES["en"])


def smarten(text: str, language: str) -> tuple[str, Counter]:
    """``text`` with typographic quotes and apostrophes; the changes counted by kind."""
    counts: Counter[str] = Counter()
    if '"' not in text and "'" not in text:
        return text, counts
    dq_open, dq_close, sq_open, sq_close = quotes_for(language)
    french = language.lower().startswith("fr")
    out: list[str] = []
    single_open = double_open = skip_space = False
    n = len(text)
    for i, c in enumerate(text):
        if skip_space:
            skip_space = False
            if c == " ":
                continue          # « with its narrow no-break space instead
        if c not in "\"'":
            out.append(c)
            continue
        prev = _neighbour(text, i, -1)
        nxt = _neighbour(text, i, 1)
        opens = prev is None or prev.isspace() or prev in OPENERS
        closes = nxt is None or nxt.isspace() or nxt in CLOSERS or nxt in "\"'"
        if c == '"':
            if opens and closes:
                # White space on both sides (or the text's ends): the quotation's state decides.
                opening = not double_open
            elif opens or closes:
                opening = opens
            else:
                out.append(c)
                counts["quotes left as typed"] += 1
                continue
            double_open = opening
            counts["double quotes"] += 1
            if opening:
                out.append(dq_open)
                if french and i + 1 < n and text[i + 1] == " ":
                    skip_space = True
            else:
                if french and out and out[-1] == " ":
                    out.pop()
                out.append(dq_close)
            continue
        # single quote or apostrophe
        if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
            out.append(APOSTROPHE)                        # don't, Stalin's, rock'n'roll
            counts["apostrophes"] += 1
        elif opens and nxt is not None and (nxt.isdigit() or _elision(text, i)):
            out.append(APOSTROPHE)                        # '20s, 'tis, 'n'
            counts["apostrophes"] += 1
        elif opens and not closes:
            out.append(sq_open)
            single_open = True
            counts["single quotes"] += 1
        elif prev is not None and not prev.isspace():
            # Closing a quotation opened before, else an apostrophe ending a word (Quarles', goin').
            if single_open:
                out.append(sq_close)
                single_open = False
                counts["single quotes"] += 1
            else:
                out.append(APOSTROPHE)
                counts["apostrophes"] += 1
        else:
            out.append(c)
            counts["quotes left as typed"] += 1
    return "".join(out), counts


def _neighbour(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and text[j] in TRANSPARENT:
        j += step
    return text[j] if 0 <= j < len(text) else None


def _elision(text: str, i: int) -> bool:
    word = ""
    for c in text[i + 1:i + 8]:
        if not c.isalpha():
            break
        word += c.lower()
    return word in ELISIONS and (i + 1 + len(word) >= len(text) or not text[i + 1 + len(word)].isalpha()
                                 or word == "n")


DOUBLE = "\"“”„"
GLUED = re.compile(r"(?<=[^\W\d_])[\"“”„](?=[^\W\d_])")


def glued_quotes(text: str) -> tuple[str, int]:
    """``text`` with a space beside each double quote printed between two letters: before it when the
    next double quote closes the quotation (a letter or punctuation before it, none after), so the
    glued one opens it (``and”pupils”.`` → ``and “pupils”.``, an opening form when the pair is set
    alike); after it when the one before opened it (``“yes”and`` → ``“yes” and``). A quote neither
    side of which its pair shows stays as printed. The number mended."""
    out, at, n = [], 0, 0
    for m in GLUED.finditer(text):
        i = m.start()
        after = next((j for j in range(i + 1, len(text)) if text[j] in DOUBLE), None)
        before = next((j for j in range(i - 1, -1, -1) if text[j] in DOUBLE), None)
        if after is not None and not _alnum(text, after + 1) and not text[after - 1].isspace():
            mended = " " + ("“" if text[i] == text[after] == "”" else text[i])
        elif before is not None and not _alnum(text, before - 1) and not text[before + 1].isspace():
            mended = text[i] + " "
        else:
            continue
        out.append(text[at:i] + mended)
        at, n = i + 1, n + 1
    return "".join(out) + text[at:], n


def _alnum(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalpha() or text[i].isdigit())


def restore_quote_spaces(chapters: list[Chapter], report: Report) -> None:
    """:func:`glued_quotes` on every heading, paragraph and note, each mended place reported."""
    for ch in chapters:
        for item in [*ch.blocks, *ch.notes]:
            text, n = glued_quotes(item.text)
            if n:
                report.add(Kind.QUOTE_SPACE_RESTORED, item.file, item.line, before=item.text,
                           evidence=f"{n} double quote(s) printed between two letters given a space")
                item.text = text


def typeset_quotes(chapters: list[Chapter], language: str, report: Report) -> Counter:
    """Smarten every heading, paragraph and note; each chapter's changes counted in the report."""
    total: Counter[str] = Counter()
    for ch in chapters:
        counts: Counter[str] = Counter()
        for item in [*ch.blocks, *ch.notes]:
            item.text, c = smarten(item.text, language)
            counts.update(c)
        if counts:
            total.update(counts)
            left = counts.pop("quotes left as typed", 0)
            report.add(Kind.TYPOGRAPHIC_QUOTES, ch.source, ch.blocks[0].line if ch.blocks else 1,
                       evidence=", ".join(f"{v} {k}" for k, v in sorted(counts.items())) + f" set for '{language}'"
                                + (f"; {left} quote(s) whose side could not be told left as typed" if left else ""),
                       severity=Severity.AMBIGUOUS if left else None)
    return total
