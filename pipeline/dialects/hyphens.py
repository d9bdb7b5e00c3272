"""Hyphens a tool dropped when it ran a line ending in one into the next (``antiSoviet``,
``fiveyear``, ``mid1930s``): where the word itself shows the hyphen was, it is put back.

The evidence, never the wording: the same compound written with its hyphen elsewhere in the file, or
a capital or a year right after lower-case letters that open the word (no word of running text is
written so; a name such as ``MacDonald`` opens with a capital and is left alone; one to three digits
at a word's end are a note's marker).
"""

from __future__ import annotations

import re
from collections import Counter

COMPOUND = re.compile(r"\b([^\W\d_]+)-([^\W_]+)\b")
# (digits glued to a word's end are a note's marker, 'lodgings32': a year or a decade is no marker)
JOINED = re.compile(r"^[a-zà-ÿ]{2,}(?=[A-ZÀ-Þ]|\d{4}|\d+[a-z])")
INNER = re.compile(r"(?<=[a-zà-ÿ]{2})(?=[A-ZÀ-Þ]|\d{4}|\d+[a-z])")
# a capital right after a possessive inside a word ('Dick’sShore'): no word is written so
POSSESSIVE_JOINED = re.compile(r"(?<=[a-zà-ÿ][’']s)(?=[A-ZÀ-Þ][a-zà-ÿ])")
OPENING = "‘“\"'(["
# Three of a letter in a row: no English word writes them, a compound run together at its hyphen does
# ('welllooked', 'belllike'); the first part keeps two ('well-looked', 'cross-section').
TRIPLE = re.compile(r"([a-zà-ÿ])\1(?=\1)")
ROMAN = re.compile(r"[ivxlcdm]+")       # ('xxxii' is a number)
# A tens word run into a units word ('twentyeight', 'Twentytwo'): English writes it with a hyphen only.
NUMBER = re.compile(r"^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                    r"(one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|"
                    r"seventh|eighth|ninth)$", re.I)


def english(lang: str) -> bool:
    """The book's language (a BCP 47 tag) is English: what this module knows of English words applies."""
    from ..hyphenation import primary
    return primary(lang).casefold() == "en"


TYPESET_BREAK = "\u2010"     # the hyphen a typesetter draws at a break it made (WeasyPrint, browsers)


SOFT_HYPHEN = "\u00ad"        # a break the PDF says is no text (Typst's, where a tool reads its tags)


def breaks_marked(text: str, mark: str = TYPESET_BREAK) -> bool:
    """Whether the file prints the typesetter's line-end hyphens apart from the text's own: ``mark``
    only where a line ended (before a line end or the space a tool ran the lines together with), the
    text's hyphens as U+002D. Then such a hyphen broke a word the text writes whole (as
    :class:`..extract.page.BookStats` reads a PDF). The mark is U+2010 (WeasyPrint, browsers) or U+00AD
    (pdftotext's text of a tagged Typst PDF: the text's own hyphens carry an ``/ActualText`` of ``-``)."""
    ends = len(re.findall(rf"{mark}(?=\s|$)", text))
    inside = len(re.findall(rf"{mark}(?=\S)", text))
    return ends >= 1 and not inside and bool(re.search(r"[^\W\d_]-[^\W\d_]", text))


def compounds(text: str, lang: str = "en", tools: str = "") -> dict[str, int]:
    """Hyphenated compounds of ``text``, run together and case-folded -> where their hyphen is; only
    those written with the hyphen more often than without it (a book may spell 'coffeehouse' both
    ways: then the word run together is one of its spellings), or as often when the word run together
    is no dictionary word ('swordbearer' beside 'sword-bearer': the tool's, not the book's). ``tools``:
    the part of ``text`` where the tool ran lines together at a hyphen: a word closed up there is no
    spelling of the book's ('large-scale' beside 'largescale', cut at a line end)."""
    found = COMPOUND.findall(text)
    hyphenated = Counter((a + b).casefold() for a, b in found)
    positions = {(a + b).casefold(): len(a) for a, b in found}
    closed = _closed(text, hyphenated)
    closed.subtract(_closed(tools, hyphenated))
    known = {k: positions[k] for k, n in hyphenated.items()
             if n > closed[k] or (n == closed[k] and not _known(k, lang))}
    # the first parts of compounds whose next part is capitalised ('Vice-Chancellor'), as 'vice-'
    known.update({a.casefold() + "-": len(a) for a, b in found if b[:1].isupper()})
    known.update(_capitalised_halves(text, lang))
    return known


def _closed(text: str, hyphenated: Counter) -> Counter:
    """How often ``text`` writes each of the ``hyphenated`` compounds closed up, a word standing alone
    (not a part of a compound: 'Sergeantat-Law' does not write 'sergeantat')."""
    return Counter(w.casefold() for w in re.findall(r"(?<![\w-])[^\W\d_]+(?![\w-])", text)
                   if w.casefold() in hyphenated)


def _known(word: str, lang: str) -> bool:
    """Whether the dictionary knows ``word``, even as a rare word (as rare as the hyphenation
    patterns' breaks are trusted)."""
    from ..hyphenation import BREAKABLE_KNOWN, _zipf
    return _zipf(word, lang) >= BREAKABLE_KNOWN


CAMEL = re.compile(r"(?<![\w-])([A-ZÀ-Þ][a-zà-ÿ]{3,})([A-ZÀ-Þ][a-zà-ÿ]{3,})(?![\w-])")


def _capitalised_halves(text: str, lang: str = "en") -> dict[str, int]:
    """A word of two capitalised words written once in the file, the first a common word and the second
    one the dictionary knows ('CoffeeHouse' beside the book's 'Coffeehouse', 'ViceChancellorship'):
    the hyphen of a title-case compound, dropped at a line end. A name such as 'MacDonald' has a short
    first part, and one the book writes so more than once is its spelling."""
    from ..hyphenation import COMMON, KNOWN, _zipf
    seen = Counter(m.group(0) for m in CAMEL.finditer(text))
    return {word: len(m.group(1)) for word, n in seen.items() if n == 1       # (as written: not 'Coffeehouse')
            for m in [CAMEL.fullmatch(word)]
            if m and _zipf(m.group(1), lang) >= COMMON and _zipf(m.group(2), lang) >= KNOWN}


MARKER_DIGITS = re.compile(r"(?<=\D)\d{1,3}$")      # a note's marker glued to a word's end ('lodgings32')


def without_marker(word: str) -> str:
    """``word`` without the marker's digits glued to its end (positions before them unchanged)."""
    return MARKER_DIGITS.sub("", word)


def hyphen_at(word: str, known: dict[str, int], joined_here: bool = False, lang: str = "en") -> int:
    """Where in ``word`` (punctuation around it counted) a dropped hyphen stood, or 0. ``joined_here``:
    the word is known to straddle a line end the tool ran together (then a capital inside a
    capitalised word shows it too: ``MetroWickers``). ``lang``: the book's language (English's tens
    words run into their units, 'twentyeight', show a hyphen; other languages' are written whole)."""
    core = re.sub(r"^\W+|\W+$", "", without_marker(word))
    lead = len(word) - len(word.lstrip(OPENING))
    if core in known or core.casefold() in known:
        return lead + known.get(core, known.get(core.casefold(), 0))
    if english(lang) and (m := NUMBER.match(core)):
        return lead + m.end(1)
    if english(lang) and (m := TRIPLE.search(core)) and not ROMAN.fullmatch(core) and \
            all(len(part) >= 3 and _known(part, lang) for part in (core[:m.end()], core[m.end():])):
        return lead + m.end()
    m = JOINED.match(core) or POSSESSIVE_JOINED.search(core) or (INNER.search(core) if joined_here else None)
    if m:
        return lead + m.end()
    for inner in INNER.finditer(core):
        # a capital inside a word where the file writes a compound's hyphen before a capital
        # ('ViceChancellorship', 'Vice-Chancellor' elsewhere); a name ('MacDonald') is no compound's part
        if core[:inner.end()].casefold() + "-" in known:
            return lead + inner.end()
    parts = core.split("-")
    for i, part in enumerate(parts if len(parts) > 1 else ()):
        # a compound's part run into the next, as the file writes it elsewhere ('Sergeantat-Law',
        # 'Sergeant-at-law') or with a capital after lower-case letters ('Kirkby-inMalham-Dale')
        start = lead + sum(len(x) + 1 for x in parts[:i])
        if part.casefold() in known:
            return start + known[part.casefold()]
        if i and (m := JOINED.match(part)):
            return start + m.end()
    return 0


def restore(text: str, known: dict[str, int], lang: str = "en") -> tuple[str, list[str]]:
    """``text`` with the dropped hyphens put back, and the words that had one."""
    found: list[str] = []

    def fix(m: re.Match) -> str:
        word = m.group(0)
        k = hyphen_at(word, known, lang=lang) or small_word_run_in(word, lang)
        if not k or "-" in word[k - 1:k + 1]:
            return word
        found.append(word)
        return word[:k] + "-" + word[k:]

    return re.sub(r"\S+", fix, text), found


SMALL_WORDS = "the|in|at|of|on|by|to|and|a"
SMALL = re.compile(rf"(?<=[^\W\d_]{{2}})({SMALL_WORDS})(?=-)|(?<=-)({SMALL_WORDS})(?=[a-z]{{3}})")


def small_word_run_in(word: str, lang: str = "en") -> int:
    """Where a compound's small part was run into its neighbour at a dropped line-end hyphen
    ('brotherin-law', 'after-thefact', 'Sergeantat-Law', 'byand-by'): a small joining word glued to a
    part, the rest of that part a word of its own (of two letters, a very common one), the whole part
    none (in lower case, no common one: 'inlaw' is a misspelling the web writes, zipf 1.96). (English's
    small words: none known for other languages.)"""
    from ..hyphenation import COMMON, KNOWN, _zipf
    if "-" not in word.strip("-") or not english(lang):
        return 0
    for m in SMALL.finditer(word):
        start = word.rfind("-", 0, m.start()) + 1
        end = word.find("-", m.end())
        # (a possessive left out: 'father-inlaw’s')
        part = re.sub(r"(?:[’']s)?\W*$", "", word[start:end if end >= 0 else len(word)])
        rest = part[:m.start() - start] if m.group(1) else part[m.end() - start:]
        # (a lower-case part the web writes, 'inlaw', is still no word of a book; a name, 'Kirkby', is)
        rare = COMMON if part.islower() else KNOWN
        # (a rest of two letters is a very common word: 'byand-by')
        known = _zipf(rest, lang) >= (KNOWN if len(rest) > 2 else SHORT_WORD)
        if rest.isalpha() and known and _zipf(part, lang) < rare:
            return m.start() if m.group(1) else m.end()
    return 0


def dictionary_split(word: str, lang: str = "en") -> int:
    """Where a word that a tool ran together at a line-end hyphen most likely broke, when the word shows
    nothing itself: nowhere (0) when it is a dictionary word as it stands, a rare one too, as rare as
    the hyphenation patterns' breaks are trusted ('importunity', zipf 1.43: the break was inside a
    word, rightly closed up, not at 'import|unity'), else between the two common words it is made of
    ('swordbearer'); the dehyphenator then decides the break like any other. In a hyphenated word each
    part is looked at ('Sergeantat-Law', 'Fifth-monarchymen'); a marker's digits at its end are left
    out."""
    from ..hyphenation import BREAKABLE_KNOWN, _zipf

    lead = len(word) - len(word.lstrip(OPENING))
    core = re.sub(r"\d{0,3}\W*$", "", word[lead:])
    start = 0
    for part in core.split("-"):
        if part.isalpha() and len(part) >= 5 and _zipf(part, lang) < BREAKABLE_KNOWN:
            at = _two_words(part, lang, inside=core != part)
            if at:
                return lead + start + at
        start += len(part) + 1
    return 0


SHORT_WORD = 5.0     # zipf of a two-letter word that may end a compound's part ('at', 'in', 'of')


def archaic_a(word: str, lang: str = "en") -> int:
    """1 where ``word`` is English's archaic 'a-' run into the common word after it at a dropped
    line-end hyphen ('areading', 'adrinking', 'agoing'): the whole no dictionary word, not even a rare
    one ('ayear', zipf 1.52, is the web's), the rest a common one ('awhelping': 'whelping' is 1.40);
    else 0."""
    from ..hyphenation import BREAKABLE_KNOWN, COMMON, _zipf
    core = re.sub(r"\d{0,3}\W*$", "", word)
    if not english(lang) or core[:1] not in "aA" or len(core) <= 3 or not core.isalpha():
        return 0
    return 1 if _zipf(core[1:], lang) >= COMMON and _zipf(core, lang) < BREAKABLE_KNOWN else 0


def _two_words(part: str, lang: str, inside: bool) -> int:
    """Where ``part`` divides into the two commonest words, or 0. Inside a hyphenated compound a part
    may end in a short, very common word ('Sergeant-at-Law')."""
    from ..hyphenation import _word, _zipf

    best, at = 0.0, 0
    # (English's archaic 'a-' before a verb's -ing or a noun: 'a-reading', 'a-year', run together
    # 'areading', 'ayear', is the one first part shorter than three letters)
    if archaic_a(part, lang):
        best, at = _zipf(part[1:], lang), 1
    for k in range(3, len(part) - (1 if inside else 2)):
        left, right = part[:k], part[k:]
        zl, zr = _zipf(left, lang), _zipf(right, lang)
        words = _word(left, zl) and (_word(right, zr) if len(right) > 2 else zr >= SHORT_WORD)
        if words and min(zl, zr) > best:
            best, at = min(zl, zr), k
    return at
