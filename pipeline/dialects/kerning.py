"""Words a tool cut apart at a kerned pair of letters.

pypdf and pdfminer.six write a PDF's text from where its glyphs stand. A typesetter moves some pairs of
letters closer than their widths ('W' and 'a', 'T' and 'o', 'a' and 'v': kerning), and where the move
passes what a tool takes for a space, it writes one: 'w as', 'T o', 'ha ve', 'to wn' (pypdf of a groff
book: four words in a hundred; pdfminer.six of the same book, whose justified lines' wider spaces hide
most of them: three in a thousand). Such pieces make a common word together of which one at least is no
word on its own ('b ut': 'but' against 'ut'; a lone letter is a word only where the language writes it
alone as often as one word in a thousand, 'a' and 'I' in English: word lists count letters as words). In
a book's own text they are all but unknown: two at most in each of 495 texts of seven typesetters read
by five tools, a lone letter before a full stop ('vol. i p. 113') counting as none.

Where a file shows the habit (HABIT of its words at least, SEEN in all, counted on pairs with a piece of
SHORT letters at most: most are), each run of pieces on a line is read as the words it most likely
makes: the best sum of the words' log frequencies, by a word list ('a v ery' is 'a very', not 'av
ery'), where pieces make one word only

1. into a word MARGIN more common than the rarer piece, or two pieces no words ('Y elverton');
2. into a word the file prints whole elsewhere, one piece no common word ('Pep ys': 'Pepys');
3. at letters the file cuts (KERNED of the pairs above cut there), into a word about as common as the
   rarer piece ('talk ed'), or two pieces into any word where the later is no word ('Glascock e',
   'Puck eridge'; 'Garrew at' stays);

and three pieces or more hold one common word at most ('e very day' is not 'everyday'). 'in sight'
stays two words ('insight' is rarer than 'sight', and no file cuts 'n' from 's'). A space the tool set
inside punctuation at such a pair is taken out too: before a closing quote ('can. " Which') and
before a hyphen, a compound's ('Rear -Admiral') or one ending the line ('ser -').
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..hyphenation import COMMON, KNOWN     # (zipf of a known word, of a common one)

SURE = 3.0           # zipf of a joined word that counts as the habit's evidence
MARGIN = 2.0         # a joined word is this much more common (zipf) than its rarer piece at least
LETTER = 6.0         # zipf a lone letter must reach to be a word of the language ('a', 'I')
HABIT = 0.001        # the share of a file's words that must be pieces of one word to show the habit
SEEN = 5             # ... and how many such pairs at least
KERNED = 3           # a pair of letters the file cuts at in this many of those pairs is one it cuts
SLACK = 1.0          # at such letters, a joined word may be this much rarer (zipf) than its rarer piece
SHORT = 2            # the letters of a short piece, at most
LONGEST = 4          # pieces of one word, at most
LOG_SCALE = 9.0      # zipf is log10 of a word's frequency per 10^9 words: zipf - 9 its log probability
TOP = 7.5            # no word is more common than this (zipf)

# a word's first piece: letters, a word's opening punctuation before them; a later piece: letters, a
# compound's rest, a possessive, closing punctuation or a note's marker after them
HEAD = re.compile(r"^([(\[“‘\"'«]*(?:[^\W\d_]+-)*)([^\W\d_]+)$")
TAIL = re.compile(r"^([^\W\d_]+)((?:-[^\W\d_]+)*(?:[’']s)?[,.;:!?)\]’”\"'»]*\d{0,3})$")
ABBREVIATION = re.compile(r"^[^\W\d_]\.")      # a lone letter before a full stop: 'p. 113'
WORD = re.compile(r"[^\W\d_]+")
HYPHEN_OPENS = re.compile(r"^-[^\W\d_]")       # a compound's hyphen set apart from its first part
CLOSING_QUOTE = re.compile(r"^[\"”’»]+$")
SENTENCE_END = re.compile(r"[.,;:!?]$")


@dataclass
class Rejoined:
    """A file's habit of cutting words at kerned pairs, and what was put back."""
    lang: str
    pairs: int                                  # the pairs of pieces that showed the habit
    kerned: frozenset[tuple[str, str]]          # the pairs of letters it cut KERNED times at least
    whole: frozenset[str]                       # the words the file prints whole (lower case)
    count: int = 0
    seen: Counter = field(default_factory=Counter)

    def text(self, text: str) -> str:
        """``text`` (a whole file) with its words' pieces put back together, line by line."""
        lines = text.split("\n")
        return "\n".join(self.line(ln, nxt) for ln, nxt in zip(lines, [*lines[1:], ""]))

    def line(self, text: str, after: str = "") -> str:
        """``text`` (one printed line) with its words' pieces put back together: where its last token is
        a word broken by a hyphen, read with the rest that opens the line ``after`` it ('f a-' and
        'ther' is 'father', 'a re-' and 'lease' is no 'arelease')."""
        tokens = _punctuation_glued(text.split(" "), self)
        read = list(tokens)          # (the tokens as they are weighed)
        if tokens[-1].endswith("-") and (rest := WORD.match(after.lstrip())):
            read[-1] = tokens[-1][:-1] + rest.group()
        out: list[str] = []
        i = 0
        while i < len(tokens):
            k = i       # (a run: each token may go on a word the one before starts)
            while k + 1 < len(read) and _first_piece(read[k]) and _later_piece(read[k + 1]):
                k += 1
            if k > i:
                out.extend("".join(tokens[a:b]) for a, b in self._words(read[i:k + 1], i))
            else:
                out.append(tokens[i])
            i = k + 1
        return " ".join(out)

    def _words(self, run: list[str], first: int = 0) -> list[tuple[int, int]]:
        """A run of tokens, each space between them a possible cut, as its likeliest words: where each
        word's tokens start and end (counted from ``first``)."""
        n = len(run)
        best: list[tuple[float, list[tuple[int, int]]] | None] = [(0.0, [])] + [None] * n
        for end in range(1, n + 1):
            for start in range(max(0, end - LONGEST), end):
                if best[start] is None:
                    continue
                if end - start == 1:
                    z = _score(_first_piece(run[start]) or _later_piece(run[start]), self.lang)
                else:
                    z = self._joined(run[start:end])
                    if z is None:
                        continue
                total = best[start][0] + z - LOG_SCALE
                if best[end] is None or total > best[end][0]:
                    best[end] = (total, best[start][1] + [(first + start, first + end)])
        words = best[n][1]
        joined = ["".join(run[a - first:b - first]) for a, b in words if b - a > 1]
        self.count += len(joined)
        self.seen.update(joined)
        return words

    def _joined(self, tokens: list[str]) -> float | None:
        """How common the word is that ``tokens`` make (zipf), where they may make one (the module's
        rules 1-3); None where they may not."""
        from ..hyphenation import _zipf
        pieces = _pieces(tokens, self.lang)
        if pieces is None:
            return None
        scores = [_score(p, self.lang) for p in pieces]
        z = _listed(pieces, scores, self.lang)
        if z is not None:
            return z
        word = "".join(pieces)
        z = _zipf(word, self.lang)
        if word.lower() in self.whole and min(scores) < COMMON:
            return max(z, KNOWN)
        if not all((a[-1], b[0]) in self.kerned for a, b in zip(pieces, pieces[1:])):
            return None
        if z >= KNOWN and z >= min(scores) - SLACK:
            return z
        return z if len(pieces) == 2 and scores[1] < KNOWN else None


def habit(text: str, lang: str) -> Rejoined | None:
    """How ``text`` (a whole file) cuts words at kerned pairs: None where it shows no such habit. The
    habit is counted on pairs with a piece of SHORT letters at most ('w as', 'ha ve', 'ag ainst': most
    of them), which spares looking up every word of a book that has none; where it shows, every pair
    counts to find the letters it cuts at."""
    pairs = [(a, b) for line in text.split("\n") for a, b in _pairs(line)
             if _short_piece(a, lang) or _short_piece(b, lang)]
    short = sum(1 for a, b in pairs if min(map(len, _pieces((a, b), lang) or ("", ""))) <= SHORT and
                (joined((a, b), lang) or 0.0) >= SURE)
    if short < SEEN or short < HABIT * len(text.split()):
        return None
    cuts = Counter((_first_piece(a)[-1], _later_piece(b)[0]) for line in text.split("\n")
                   for a, b in _pairs(line) if (joined((a, b), lang) or 0.0) >= SURE)
    whole = frozenset(w.lower() for w in WORD.findall(text))
    return Rejoined(lang, sum(cuts.values()), frozenset(cut for cut, n in cuts.items() if n >= KERNED), whole)


def _pairs(line: str):
    tokens = line.split()
    return zip(tokens, tokens[1:])


def joined(tokens: tuple[str, ...] | list[str], lang: str) -> float | None:
    """How common the word is that ``tokens`` make (zipf), where a word list alone shows that they
    make one (the module's rule 1); None where it does not."""
    pieces = _pieces(tokens, lang)
    return None if pieces is None else _listed(pieces, [_score(p, lang) for p in pieces], lang)


def _listed(pieces: tuple[str, ...], scores: list[float], lang: str) -> float | None:
    """Rule 1 for ``pieces`` that may join, each weighed (``scores``, :func:`_score`)."""
    from ..hyphenation import _zipf
    if min(scores) + MARGIN > TOP:
        return None                 # (common words all: no word is that much more common)
    z = _zipf("".join(pieces), lang)
    return z if z >= KNOWN and (z - min(scores) >= MARGIN or max(scores) < KNOWN) else None


def _pieces(tokens: tuple[str, ...] | list[str], lang: str) -> tuple[str, ...] | None:
    """The letters of tokens that may make one word: a first piece, later pieces (the inner ones
    letters only), a lone letter before a full stop not after another ('vol. i p. 113'), and of
    three pieces or more, one a common word at most ('e very day' is not 'everyday'); None where they
    may not."""
    pieces = (_first_piece(tokens[0]), *map(_later_piece, tokens[1:]))
    if not all(pieces) or not all(t.isalpha() for t in tokens[1:-1]) or \
            len(pieces[0]) == 1 and ABBREVIATION.match(tokens[-1]):
        return None
    if len(pieces) > 2 and sum(_score(p, lang) >= COMMON for p in pieces) > 1:
        return None
    return pieces


@lru_cache(maxsize=65536)
def _short_piece(token: str, lang: str) -> bool:
    """``token`` may be a piece of SHORT letters at most that is no common word (TOP less MARGIN)."""
    letters = _first_piece(token) or _later_piece(token)
    return 0 < len(letters) <= SHORT and _score(letters, lang) + MARGIN <= TOP


def _first_piece(token: str) -> str:
    """The letters of ``token`` where it may be a word's first piece (in lower case, or capitalised)."""
    m = HEAD.match(token)
    letters = m.group(2) if m else ""
    return letters if letters.islower() or letters[1:].islower() or len(letters) == 1 else ""


def _later_piece(token: str) -> str:
    """The letters opening ``token`` where it may be a word's later piece (in lower case)."""
    m = TAIL.match(token)
    return m.group(1) if m and m.group(1).islower() else ""


def _score(piece: str, lang: str) -> float:
    """How common ``piece`` is as a word on its own (zipf; 0 for a letter the language never writes
    alone)."""
    from ..hyphenation import _zipf
    z = _zipf(piece, lang) if piece else 0.0
    return 0.0 if len(piece) == 1 and z < LETTER else z


def _punctuation_glued(tokens: list[str], found: Rejoined) -> list[str]:
    """``tokens`` with a closing quote set apart after a sentence's punctuation, and a hyphen set apart
    from the word before it (a compound's, 'Rear -Admiral', or one ending the line, 'ser -'), glued
    back on."""
    out: list[str] = []
    for k, t in enumerate(tokens):
        if out and (CLOSING_QUOTE.match(t) and SENTENCE_END.search(out[-1]) or
                    out[-1][-1:].isalpha() and (t == "-" and k == len(tokens) - 1 or HYPHEN_OPENS.match(t))):
            out[-1] += t
            found.count += 1
            found.seen[out[-1]] += 1
        else:
            out.append(t)
    return out
