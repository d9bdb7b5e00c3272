"""Repair of words broken by hyphenation at line and page ends.

A break looks like ``indus- trial``, ``indus-⏎trial`` or ``indus-`` at a page end and ``trial`` at the
next page's start. Real compounds broken at their hyphen look the same (``five- year``,
``Surgeon- General``, ``self-⏎governing``). Decisions, strongest evidence first:

1. the document as its own dictionary: if only the joined form occurs elsewhere in the book, join;
   if only the hyphenated form occurs, keep the hyphen;
2. a break at one of a compound's own hyphens (``brother-in-⏎law``, ``four-⏎and-twenty``) and number
   compounds (``twenty-⏎one``) keep the hyphen; a compound's parts are words, so when the piece after
   a break in a compound's last part is none (``Vice-Chan-⏎cellorship``) the last part is joined;
3. a capitalised continuation (``Surgeon- General``, ``non-⏎European``) keeps the hyphen; a capitalised
   word unknown to the dictionary is a name broken at a syllable (``Wren-⏎bury``, ``Sal-⏎way``) unless
   it joins two common words (``King-⏎street``);
4. prefixes that take a hyphen (``self-``, ``ex-``, ``quasi-``, …) before a word keep it unless the
   joined form is a known word (``expending``; for ``self-``: a common one, ``selfish``);
5. a frequency dictionary (``wordfreq``) scores the *joined* candidate only: a known word joins; when
   both halves are common words on their own (``well``/``known``) a rare joined form joins only when
   the two words often make closed compounds (``post``+``house``, as in ``outpost``… ``warehouse``:
   counted in the frequency list) or the language's hyphenation patterns (``pyphen``; English: British
   patterns) would break it there (``be-think``, not ``wellknown``);
6. when both halves are common words and the joined form is not, keep the hyphen (a compound), unless
   the joined form is about as common as its rarer half (``Ora-⏎tor``: syllables that are words);
7. otherwise the halves are fragments of one word (often a name: ``Luel- lin``): join.

A hyphen is never followed by a space inside a word; only a suspended compound (``pre- and
post-war``) keeps one. Decisions from rules 5–7 on rare words are reported as ambiguous so an editor
sees them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

# wordfreq and pyphen are loaded when a decision first needs them (a build whose decisions are all
# remembered, ``Dehyphenator.memo``, never loads them).

SOFT_HYPHEN = "\u00ad"
# A soft hyphen and the line break after it: the word goes on (one at a text's end, with nothing after
# it, waits for the next page's text: recover.breaks.Breaks.join).
SOFT_BREAK = re.compile(SOFT_HYPHEN + r"[ \t]*\n?[ \t]*(?=\S)")
LETTER = r"[^\W\d_]"
WORD = re.compile(rf"{LETTER}+(?:['’-]{LETTER}+)*")
# A word-final hyphen followed by white space (a line break or the space left by extraction).
# (Matches start at a word's start only: the look-behind keeps the scan linear in the text's length.)
# A word (letters, inner apostrophes: "o'clock"), a hyphen, white space, and the word going on.
WORD_PART = rf"{LETTER}(?:(?:{LETTER}|['’])*{LETTER})?"
BREAK = re.compile(rf"(?<![^\W\d_'’])({WORD_PART})-([ \t]*\n[ \t]*|[ \t]+)(?=({WORD_PART}))")
# Suspended compounds keep their hyphen and space: "pre- and post-war", "two- or three-day".
SUSPENDED = {"and", "or", "nor", "to", "und", "oder", "et", "ou"}
SUSPENDED_TAIL = re.compile(rf"\s+(?:{LETTER}+\s+)?{LETTER}+-{LETTER}")
NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
}
# Prefixes that take a hyphen before a word (English); kept unless the joined form is a common word.
HYPHEN_PREFIXES = {"self", "ex", "quasi", "vice", "non", "all", "half", "semi", "pseudo", "neo"}
# ... of which these keep it before anything but a common closed word (selfish): self-made, self-governing.
ALWAYS_HYPHENATED = {"self", "quasi"}

KNOWN = 1.5        # zipf of the joined form above which it is a dictionary word
COMMON = 3.0       # zipf of a half above which it is a common word on its own
CONFIDENT = 3.0    # zipf of the joined form above which no editor needs to look
BREAKABLE_KNOWN = 1.0  # zipf of a joined form the hyphenation patterns break at the line end
NAME_COMPOUND = 4.5  # zipf of the word after a capitalised one above which the pair is a compound
NAME_COMPOUND_LEFT = 4.0  # ... when the capitalised word is this common too
RARE_WORD = 2.5    # zipf above which a half of five letters or more is a word of its own
# A joined form less than this below its rarer half's zipf is a word whose syllables happen to be
# words (Ora-⏎tor: 2.90 against 3.12 and 3.57), not a compound of two words (long-⏎term: 2.75 against 5.0)
SYLLABLE_WORDS = 0.5


@dataclass(frozen=True)
class Decision:
    join: bool
    result: str
    evidence: str
    ambiguous: bool


# the endings of a word's commonest inflected forms, by language: a book's evidence for a form broken at a
# line's end may be another form of the word
INFLECTIONS = {"en": ("s", "es", "’s", "'s")}
POSSESSIVE = re.compile(r"(?<=\w)[’'](?:s|S)?$")


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    """How common ``word`` is (wordfreq's zipf) in ``lang`` (its primary subtag: wordfreq's lists are by
    language, 'en-GB' is 'en'); a possessive counts as its word ('seaman’s'). 0 for every word of a
    language wordfreq has no list for (no word is then known: the rules that need one do not act)."""
    from wordfreq import zipf_frequency
    listed = _wordlist(lang)
    return zipf_frequency(POSSESSIVE.sub("", word).lower(), listed) if listed else 0.0


def primary(lang: str) -> str:
    """A language tag's primary subtag ('en-GB', 'en_GB' -> 'en'): what word lists and quote styles are
    kept by."""
    return lang.replace("_", "-").split("-")[0]


@lru_cache(maxsize=16)
def _wordlist(lang: str) -> str | None:
    """The language wordfreq is asked for ``lang`` (its primary subtag), None when it has no list."""
    from wordfreq import zipf_frequency
    try:
        zipf_frequency("a", primary(lang))
    except LookupError:
        return None
    return primary(lang)


def _word(part: str, zipf: float) -> bool:
    """A half that is a word on its own: common, or long and known (``tongued``); short rare pieces
    (``lum``, ``ation``) are syllables."""
    return zipf >= COMMON or (len(part) >= 5 and zipf >= RARE_WORD)


def finishes(left: str, right: str, lang: str) -> float:
    """How common the word is that ``right`` finishes, ``left`` broken off before it at a line's end
    ('re-' and 'leased': 'released', 5.05); 0 where the joined form is no dictionary word, or is two words
    of their own run together that the word list knows from the web's typos only ('in-' and 'the':
    'inthe', 2.58, under CONFIDENT: rule 5 above)."""
    zj = _zipf(left + right, lang)
    if zj >= CONFIDENT:
        return zj
    if zj < KNOWN:
        return 0.0
    both_words = _word(left, _zipf(left, lang)) and _word(right, _zipf(right, lang))
    return 0.0 if both_words else zj


OWN_HYPHENS = 5      # line-end hyphens a text must show, none inside a word, to break no word
IN_LANGUAGE = 0.7    # the share of a text's words that are common words of its language, at least


def breaks_no_word(breaks: list[tuple[str, str]], sample: list[str], lang: str = "en") -> bool:
    """Whether a printed text breaks no word at a line's end (hyphenation off: a word processor's
    default, a browser's), so that every line-end hyphen is the text's own: of OWN_HYPHENS line-end
    hyphens at least (``breaks``: the letters before each and the word after it), none joins pieces
    that are not both words into a common one ('construc-⏎tion', 'Decem-⏎ber': the typesetter's
    breaks, most of a hyphenating book's); each one a compound's ('five-⏎year', 'broad-⏎based',
    'counter-⏎revolutionary', which the dictionary cannot tell from a break). Only where the text is
    in the dictionary's language (IN_LANGUAGE of the ``sample`` words common words of ``lang``): in
    another no break would be certain."""
    if len(breaks) < OWN_HYPHENS or sum(_zipf(w, lang) >= COMMON for w in sample) < IN_LANGUAGE * len(sample):
        return False
    return not any(_zipf(a + b, lang) >= CONFIDENT and not (_word(a, _zipf(a, lang)) and _word(b, _zipf(b, lang)))
                   for a, b in breaks)


def _noun_ed(part: str, lang: str) -> bool:
    """A half made of a common word and '-ed' ('skulled', 'natured', 'hearted'): the second part of a
    compound adjective ('thick-skulled', 'good-natured'), however rare the form itself."""
    return len(part) >= 6 and part.endswith("ed") and part.isalpha() and \
        max(_zipf(part[:-2], lang), _zipf(part[:-1], lang)) >= COMMON


@lru_cache(maxsize=8)
def _compounding(lang: str) -> tuple[Counter, Counter]:
    """How many common closed compounds (``warehouse``, ``seamen``) each word begins and ends, from the
    frequency list: evidence that a word broken between two words is written closed."""
    from wordfreq import top_n_list

    heads: Counter[str] = Counter()
    tails: Counter[str] = Counter()
    try:
        top = top_n_list(lang, 60000)
    except LookupError:
        return heads, tails
    common = {w for w in top[:25000] if w.isalpha() and len(w) >= 3}
    for w in top:
        if w.isalpha():
            for i in range(3, len(w) - 2):
                if w[:i] in common and w[i:] in common:
                    heads[w[:i]] += 1
                    tails[w[i:]] += 1
    return heads, tails


@lru_cache(maxsize=16)
def _patterns(lang: str):
    """The language's hyphenation patterns (pyphen), or None."""
    import pyphen

    variant = pyphen.language_fallback(lang.replace("-", "_"))
    return pyphen.Pyphen(lang=variant) if variant else None


@lru_cache(maxsize=65536)
def _positions(lang: str, word: str) -> list[int]:
    patterns = _patterns(lang)
    return patterns.positions(word) if patterns is not None else []


def book_words(text: str) -> Counter:
    """One text's words (lower case) as evidence for the book's dictionary. Words broken by a hyphen and
    white space are not evidence of themselves; a soft hyphen is a typesetter's break: the word it
    divides is one occurrence."""
    clean = BREAK.sub(" ", SOFT_BREAK.sub("", text))
    words = WORD.findall(clean)
    # A word with a capital inside ('McDonald') is counted as written too: a capitalised piece after a
    # break ('Coffee-⏎House') joins only into a word the book writes with that capital.
    # (a word whose letters after the first are all lower case has none: most words, passed over at C speed)
    return Counter(w.lower() for w in words) + Counter(w for w in words if not w[1:].islower() and _inner_capital(w))


def _inner_capital(word: str) -> bool:
    """A capital after a lower-case letter: 'McDonald', 'CoffeeHouse'."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


class BookCounts(Mapping):
    """The book's word counts: the sum of its texts' ``book_words``, added up for the words looked up
    (the few hyphen decisions of a build need no merged table of the whole book)."""

    def __init__(self, parts: list[Counter]):
        self.parts = parts

    def __getitem__(self, word: str) -> int:
        n = sum(part.get(word, 0) for part in self.parts)
        if not n:
            raise KeyError(word)
        return n

    def __iter__(self):
        return iter(dict.fromkeys(w for part in self.parts for w in part))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Dehyphenator:
    """Decides every hyphen break of one book; ``dictionary`` is the book's own word counts."""

    def __init__(self, texts: list[str], lang: str = "en", counts: list[Counter] | None = None,
                 memo: dict | None = None):
        """``counts``: each text's ``book_words`` when already counted (else counted here). ``memo``:
        decisions remembered from an earlier build of the book, each with the book's counts it read
        (see ``decide``); new decisions are added to it."""
        self.lang = primary(lang)
        self.patterns_lang = lang
        self.dictionary = BookCounts(counts if counts is not None else [book_words(t) for t in texts])
        self.memo = memo
        self.used: set[tuple] = set()     # the memo's entries this book asked for
        self._logs: list[dict[str, int]] = []     # open ``reading`` blocks

    def decide(self, left: str, right: str, left_token: str | None = None,
               right_token: str | None = None) -> Decision:
        """``left`` and ``right`` are the letters before the hyphen and after the break;
        ``left_token``/``right_token`` the whole words around it (``brother-in`` / ``law``).

        A decision depends on its four words, the language's word lists and the book's counts of the
        words it looks up: with a ``memo``, one taken before is taken again when those counts are the
        same (and the counts are read again here, for whoever records what a file's recovery read)."""
        args = (left, right, left_token, right_token)
        if self.memo is not None:
            self.used.add(args)
            hit = self.memo.get(args)
            if hit is not None and all(self._count(w) == n for w, n in hit[1].items()):
                return hit[0]
        with self.reading() as reads:
            decision = self._decide(left, right, left_token, right_token)
        if self.memo is not None:
            self.memo[args] = (decision, reads)
        return decision

    @contextmanager
    def reading(self) -> Iterator[dict[str, int]]:
        """The book's counts read inside the block (word -> count): a decision's, for the memo; a
        file's recovery, for ``recover.cache``."""
        log: dict[str, int] = {}
        self._logs.append(log)
        try:
            yield log
        finally:
            self._logs.pop()      # the blocks nest: this one is the last opened

    def _decide(self, left: str, right: str, left_token: str | None, right_token: str | None) -> Decision:
        left_token, right_token = left_token or left, right_token or right
        joined = left + right
        hyphenated = f"{left}-{right}"
        if _inner_capital(left[-1:] + right[:1]):
            # 'Coffee-⏎House' joins only into a word the book writes with the capital ('McDonald'):
            # 'coffeehouse' elsewhere says the writer closed the compound where they did not capitalise
            in_doc_joined, seen_joined = self._count(left_token + right_token) or self._count(joined), joined
        else:
            in_doc_joined, seen_joined = self._in_doc(left_token + right_token, joined)
        in_doc_hyph, seen_hyph = self._in_doc(f"{left_token}-{right_token}", hyphenated)
        if in_doc_joined and not in_doc_hyph:
            return Decision(True, joined, f"'{seen_joined}' occurs {in_doc_joined}× elsewhere in the book", False)
        if in_doc_hyph and not in_doc_joined:
            return Decision(False, hyphenated, f"'{seen_hyph}' occurs {in_doc_hyph}× elsewhere in the book", False)
        zj = _zipf(joined, self.lang)
        if "-" in left_token and "-" not in right_token and zj >= KNOWN and not right[:1].isupper():
            # Vice-Chan-⏎cellorship, counter-revolution-⏎ary, nine-and-twenti-⏎eth: a compound's parts are
            # words, so a piece before or after the break that is none says the break is inside the last
            # part, not at a hyphen.
            piece = left_token.rsplit("-", 1)[-1]
            none = next((p for p in (right, piece) if not _word(p, _zipf(p, self.lang))), None)
            if none:
                return Decision(True, joined, f"'{joined}' is a dictionary word (zipf {zj:.2f}) and '{none}' "
                                              f"is not one: broken inside '{left_token}-{right_token}'s last part",
                                zj < CONFIDENT)
        if "-" in left_token or ("-" in right_token and zj < CONFIDENT):
            # (Unless the piece before the next hyphen makes a common word: 'Mar-⏎tin’s-infra-Ludgate'.)
            return Decision(False, hyphenated, f"'{left_token}-{right_token}' is a hyphenated compound broken at "
                                               f"one of its hyphens", False)
        parts = right_token.lower().split("-")
        if left.lower() in NUMBER_WORDS and (parts[0] in NUMBER_WORDS or (
                parts[0] in SUSPENDED and len(parts) > 1 and parts[1] in NUMBER_WORDS)):
            return Decision(False, hyphenated, "a number compound", False)
        if right[:1].isupper():
            return Decision(False, hyphenated, "continuation is capitalised: a compound", False)
        if left[:1].isupper() and zj < KNOWN:
            # A capitalised word the dictionary does not know is most often a name broken at a syllable
            # (Wren-⏎bury, Sal-⏎way); a compound joins two common words (King-⏎street, Queen-⏎mother).
            zl, zr = _zipf(left, self.lang), _zipf(right, self.lang)
            if zl >= NAME_COMPOUND_LEFT and zr >= NAME_COMPOUND:
                return Decision(False, hyphenated, f"the common words '{left}' (zipf {zl:.2f}) and '{right}' "
                                                   f"({zr:.2f}): a compound", True)
            return Decision(True, joined, f"'{joined}' is capitalised and unknown: a name broken at a syllable",
                            True)
        if left.lower() in HYPHEN_PREFIXES and left_token == left and _zipf(right, self.lang) >= COMMON \
                and zj < (CONFIDENT if left.lower() in ALWAYS_HYPHENATED else KNOWN):
            return Decision(False, hyphenated, f"'{left}-' is a prefix that takes a hyphen and '{joined}' is "
                                               f"not a common word (zipf {zj:.2f})", zj >= KNOWN)
        zl, zr = _zipf(left, self.lang), _zipf(right, self.lang)
        both_words = _word(left, zl) and (_word(right, zr) or _noun_ed(right, self.lang))
        if zj >= CONFIDENT or (zj >= KNOWN and not both_words):
            return Decision(True, joined, f"'{joined}' is a dictionary word (zipf {zj:.2f})", zj < CONFIDENT)
        if both_words and zj >= KNOWN and zj > min(zl, zr) - SYLLABLE_WORDS:
            return Decision(True, joined, f"'{joined}' (zipf {zj:.2f}) is about as common as '{left}' ({zl:.2f}) "
                                          f"and '{right}' ({zr:.2f}): a word whose syllables happen to be words",
                            True)
        if both_words and (closing := _compounding(self.lang))[0][left.lower()] >= 3 and \
                closing[1][right.lower()] >= 10:
            return Decision(True, joined, f"'{left}' and '{right}' are words that often make closed compounds "
                                          f"({closing[0][left.lower()]} and {closing[1][right.lower()]} common "
                                          f"words begin or end so): '{joined}'", True)
        if both_words and zj >= BREAKABLE_KNOWN and self.breakable(joined, len(left)):
            return Decision(True, joined, f"'{joined}' is a dictionary word (zipf {zj:.2f}) and the hyphenation "
                                          f"patterns break it after '{left}'", True)
        if both_words:
            return Decision(False, hyphenated,
                            f"'{joined}' is not a common word (zipf {zj:.2f}) and both '{left}' ({zl:.2f}) and "
                            f"'{right}' ({zr:.2f}) are words: kept as a compound", True)
        return Decision(True, joined,
                        f"'{joined}' unknown (zipf {zj:.2f}) but '{left}' ({zl:.2f}) / '{right}' "
                        f"({zr:.2f}) are not both words: fragments of one word (a name?)", True)

    def breakable(self, word: str, at: int) -> bool:
        """Whether the language's hyphenation patterns (pyphen) let a typesetter break ``word`` at ``at``."""
        return at in _positions(self.patterns_lang, word.lower())

    def _in_doc(self, whole: str, part: str) -> tuple[int, str]:
        """How often the book writes the word (``whole``: with the tokens around the break; ``part``: the
        letters around it), else one of its inflected forms ('wine-houses' for 'wine-⏎house'), and the
        form it writes (``part`` when none)."""
        forms = list(dict.fromkeys((whole.lower(), part.lower())))
        inflected = [f + ending for f in forms for ending in INFLECTIONS.get(self.lang, ())]
        for form in forms + inflected:
            if n := self._count(form):
                return n, form
        return 0, part

    def _count(self, word: str) -> int:
        n = self.dictionary.get(word, 0)
        for log in self._logs:
            log[word] = n
        return n

    def is_suspended(self, right: str, following: str = "") -> bool:
        """``pre- and post-war``: a conjunction after the break, then a hyphenated word."""
        return right.lower() in SUSPENDED and bool(SUSPENDED_TAIL.match(following))
