"""Words a tool ran together where the book's space between them was narrow.

A PDF typeset by TeX holds no space characters: a tool sees a space where two glyphs stand further
apart than some measure. pdfplumber's default (three points) is wider than the space of a tightly
justified line set in ten-point type, so whole lines of a LaTeX book come out run together
(`heandIwenttoMr. Crew’s,whitherMr. Thomas1 wasnewlycome`), while lines whose spaces were stretched
come out whole; spaces after a sentence, around a note's marker and next to a different font survive.
In a book's own text such runs are all but unknown: a run of eight letters or more, no listed word,
that reads as PIECES common words or more, one of them among the commonest ('Reformado' as 'Re form
ado'), was found four times at most in each of 746 texts of nine typesetters read by seven tools (0.54
in 1,000 words at most), and 118 to 598 times (13 to 45 in 1,000 words) in each LaTeX chapter's text
from pdfplumber (groff's, whose notes are set tight, 18 to 61: 2.4 to 4 in 1,000).

Where a file shows the habit (SEEN such runs at least, HABIT of its words), each token on a line that
lost its spaces (SPACED letters a token or more) is read as the words it most likely holds: the best
sum of the words' costs (a word list's frequency, :mod:`wordfreq`; a word the file prints whole on a
line that kept its spaces counts as a fairly common one); on a line that kept them, a token is set
apart only into common words, one of them among the commonest, MARGIN likelier than itself ('Hedied';
not 'Sheply', 'schoolfellow'). Besides,

- a space goes after punctuation that never touches the next word in running text (`,whither`,
  `;continued`, `woman,”etc.`, `Post,"from`), after a word's full stop before a capitalised word
  (`Dr.Calybute`; not `U.S.A.`), after a capital's before a word in small letters (`MS.were`), after
  a word's full stop or comma before a figure of four digits (`MS.6279`, `30th,1649`; a note's
  marker glued after them, `street,4`, `King’s.34`, has three at most), before an opening bracket or
  quote (`Montagu(afterwards`, `they[the`, `1652(see`), between a figure and a word (`In1642hewas`;
  a figure glued to a word's end is a note's marker and stays: `Thomas1`; `8th` is one word);
- a word never holds a capital after a small letter (`whitherMr`), unless the file prints it whole;
- a capitalised piece no word list knows is a name (`Fludyer`, not `Flu dyer`) as long as splitting
  it finds no likelier words;
- a lone letter is a word only where the language writes it alone (`a`, `I` in English) and the file
  does, a tenth as often as its commonest at least, or its small letter so (`vol. i` is no reason
  for `Proverb i`; `a` is for `A feast`); a capital ending a run may stand alone (`CharlesX`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..hyphenation import COMMON, KNOWN, POSSESSIVE, _zipf
from .kerning import LETTER, LOG_SCALE

SEEN = 5             # runs of three words or more, at least, for the habit to show
HABIT = 0.0012       # ... and this share of the file's words (texts without the habit: 0.54 in 1,000 at most)
PIECES = 3           # the words a run must hold to count as the habit's evidence
SHORT_WORD = 5.0     # zipf two letters must reach to be a word ('of', 'me'; not 'rs', 'ft': 'license rs')
FILE_WORD = 3.0      # zipf given to a word the file prints whole on a spaced line, unknown to the list
NAME = 4.0           # cost of a capitalised piece no list knows (a name), and per letter: 'Fludyer'
NAME_LETTER = 1.0    # costs less than 'Flu' + 'dyer';
NAME_LETTERS = 8     # ... and per letter beyond this, more (few names are longer: 'Pepyswasaclerk')
LONG_NAME = 2.0
AGAIN = 2            # a word printed this often on lines that kept their spaces is the file's own
FUNCTION = 6.0       # zipf of the commonest words ('in', 'he', 'a'): one in each run of the habit's evidence,
                     # and beside each space a line that kept its spaces lost
MARGIN = 2.0         # a run on a line that kept its spaces holds words only where they cost this less
LONE = 0.1           # a lone letter the file writes alone this share as often as its commonest one
UNKNOWN = 9.0        # cost of a piece in small letters no list knows, and per letter
UNKNOWN_LETTER = 2.0
LONGEST = 24         # letters of one word, at most
CUT = 0.5            # what each cut costs besides its words ('noon' is no 'no on', 'wherein' no 'where in')
SPACED = 8.0         # a line whose tokens hold fewer letters than this on average kept its spaces

# punctuation that never touches the next word in running text, and where a space goes before it
AFTER = re.compile(r"(?<=[\w.,;:!?][,;:!?)\]”])(?=[^\W\d_(“‘])|(?<=[^\W\d_]\.[”)])(?=[^\W\d_])"
                   r"|(?<=[,.;:!?]\")(?=[^\W\d_])"
                   r"|(?<=[^\W\d_],)(?=\d+[,;:]?[^\W\d_\s]|\d{4})|(?<=[^\W\d_]\.)(?=\d{4})"
                   r"|(?<=[A-Z]\.)(?=[a-z]{2})"
                   r"|(?<=[^\W\d_]{2}\.)(?=[A-Z][a-z])|(?<=(?<![^\W\d_])[A-Z]\.)(?=[A-Z][a-z])")
BEFORE = re.compile(r"(?<=[^\W_])(?=[(\[“][^\W\d_]{2}|[£$€]\d)")
RUN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LETTERS = re.compile(r"[^\W\d_]")
HYPHEN_END = re.compile(r"[-\u00ad]$")
HEAD_RUN = re.compile(r"[^\W\d_]+")
TAIL_RUN = re.compile(r"([^\W\d_]+)[-\u00ad]$")
APOSTROPHE_CAPITAL = re.compile(r"['’][A-Z](?![a-z])")
SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*$")


@dataclass
class Spaced:
    """A file's habit of running words together, and what was set apart."""
    lang: str
    tokens: int                                 # the runs of PIECES words or more that showed it
    whole: frozenset[str]                       # words the file prints whole on lines it kept spaced
    count: int = 0
    seen: Counter = field(default_factory=Counter)

    def text(self, text: str) -> str:
        """``text`` (a whole file) with the words run together set apart, line by line (the lines
        stay as many, their letters the same)."""
        lines = text.split("\n")
        return "\n".join(self.line(ln, before, after) for ln, before, after in
                         zip(lines, ["", *lines[:-1]], [*lines[1:], ""]))

    def line(self, text: str, before: str = "", after: str = "") -> str:
        """One line with its words set apart: on a line that lost its spaces (its tokens' letters
        SPACED or more on average) each run of letters is read as its likeliest words; on a line that
        kept them, only a run no word list or the file knows. A word broken at the line's end by a
        hyphen is read whole with its rest, that opens the line ``after`` ('…ofRestor-' and
        'ation.' is no 'Rest or'), and so is one broken at the end of the line ``before``."""
        tokens = text.split(" ")
        lost = sum(len(LETTERS.findall(t)) for t in tokens) >= SPACED * max(1, len([t for t in tokens if t]))
        head = HEAD_RUN.match(after.lstrip()) if HYPHEN_END.search(text) else None
        tail = TAIL_RUN.search(before.rstrip()) if text[:1].isalpha() else None
        out = []
        for k, token in enumerate(tokens):
            spaced = self.token(token, lost, head.group() if head and k == len(tokens) - 1 else "",
                                tail.group(1) if tail and k == 0 else "")
            if spaced != token:
                self.count += 1
                self.seen[f"'{token}' → '{spaced}'"] += 1
            out.append(spaced)
        return " ".join(out)

    def token(self, token: str, lost: bool = True, rest: str = "", start: str = "") -> str:
        """``token`` with spaces set where its words met (``lost``: on a line that lost its spaces;
        ``rest``: the letters that end the word its hyphen broke at its end; ``start``: those that
        began the word it ends, broken at the line before)."""
        parts = apart(token).split(" ")
        if len(LETTERS.findall(token)) < 4:
            return " ".join(parts)
        return " ".join(_split_runs(part, self.whole, self.lang, lost, rest if k == len(parts) - 1 else "",
                                    start if k == 0 else "") for k, part in enumerate(parts))


def apart(token: str) -> str:
    """``token`` with a space wherever its punctuation or figures show that two words met (AFTER,
    BEFORE, :func:`_figures`)."""
    return _figures(BEFORE.sub(" ", AFTER.sub(" ", token)))


SUFFIXES = {"1": ("st",), "2": ("nd", "d"), "3": ("rd", "d")}
DIGITS = re.compile(r"\d+(?:[,.]\d+)*")


def _figures(token: str) -> str:
    """``token`` with a space between a figure and the words around it: before a figure that a word
    follows or of four digits or more (a year, 'In1642hewas', 'died1692.'; a note's marker glued to
    its word stays: 'Thomas1'), after one a small letter follows, past an ordinal's letters ('17thof',
    '8th,'); a figure opening the token stays glued to a capital (a note's label: '5Sir')."""
    out, at = [], 0
    for m in DIGITS.finditer(token):
        start, end = m.span()
        rest = token[end:]
        letters = re.match(r"[^\W\d_]+", rest)
        if start and token[start - 1].isalpha() and (letters or end - start >= 4 and "," not in m.group()):
            out.append(token[at:start] + " ")
            at = start
        if letters and len(letters.group()) > 1 and (start or letters.group()[0].islower()):
            cut = end + _ordinal(m.group(), rest)
            if cut < len(token) and token[cut].isalpha():
                out.append(token[at:cut] + " ")
                at = cut
    out.append(token[at:])
    return "".join(out)


def _ordinal(figure: str, rest: str) -> int:
    """How many letters of ``rest`` are the ordinal's suffix of ``figure`` ('17th', '2d', '23rd'), 0
    where none is."""
    teen = figure[-2:-1] == "1"
    for suffix in ("th",) if teen else SUFFIXES.get(figure[-1], ("th",)):
        if rest.startswith(suffix):
            return len(suffix)
    return 0


def _split_runs(part: str, whole: frozenset[str], lang: str, lost: bool = True, rest: str = "",
                start: str = "") -> str:
    """``part`` (no spaces) with each run of letters read as the words it holds (``lost``: every run;
    else only a run that is no word). The last run, where ``rest`` ends its last word (a hyphen broke
    it), and the first, where ``start`` begins its first, are read with them, and cut only inside."""
    runs = list(RUN.finditer(part))
    out, at = [], 0
    for k, m in enumerate(runs):
        out.append(part[at:m.start()])
        run = m.group()
        before = start if k == 0 and m.start() == 0 else ""
        after = rest if k == len(runs) - 1 and HYPHEN_END.match(part[m.end():]) else ""
        read = before + run + after
        if not lost and (_known(read, whole, lang, COMMON) or _kept(read, lang, whole)):
            out.append(run)
        else:
            found = words(read, whole, lang)
            out.append(_within(found, len(before), len(before) + len(run), read))
        at = m.end()
    out.append(part[at:])
    return "".join(out)


def _within(found: list[str], a: int, b: int, read: str) -> str:
    """``read[a:b]`` with a space at each cut between ``found``'s words that falls inside it."""
    cuts, at = set(), 0
    for w in found[:-1]:
        at += len(w)
        cuts.add(at)
    return "".join((" " if k in cuts and k > a else "") + read[k] for k in range(a, b))


def words(run: str, whole: frozenset[str] = frozenset(), lang: str = "en") -> list[str]:
    """The likeliest words of ``run`` (letters, apostrophes between them); a capital ending it may stand
    alone, an initial or a numeral ('ingeniousE.', 'CharlesX')."""
    return list(_best(run, whole, lang)[1])


def _kept(run: str, lang: str, whole: frozenset[str] = frozenset()) -> bool:
    """``run``, on a line that kept its spaces, is one word: it holds no likelier words by MARGIN, or
    not only common ones, or none of the commonest, FUNCTION ('Sheply', not 'She ply';
    'Kommunistische'; 'schoolfellow', not 'school fellow'; but 'Hedied' is 'He died', 'fatherin'
    'father in'). A line keeps its spaces but one or two at most, where glyphs drew close: such runs
    are short, and most hold one of the words a text prints most often. Held-out prints through
    pdfplumber (32 LaTeX chapters): 4,544 -> 4,192 word errors, 1,692 -> 1,740 notes; no chapter more
    than 2 word errors worse."""
    cost, found = _best(run, whole, lang)
    alone = _cost(run, frozenset(), lang)
    return len(found) == 1 or alone is not None and (
        cost + MARGIN >= alone or any(p not in whole and _zipf(p, lang) < COMMON for p in found) or
        max(_zipf(p, lang) for p in found) < FUNCTION)


@lru_cache(maxsize=65536)
def _best(run: str, whole: frozenset[str], lang: str) -> tuple[float, tuple[str, ...]]:
    """The cost and the words of ``run``'s likeliest reading (Viterbi over its letters)."""
    if len(run) > 200:
        return 0.0, (run,)
    n = len(run)
    best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * n
    for end in range(1, n + 1):
        if end < n and run[end - 1].isupper() and run[end].isupper() and not run[end + 1:end + 2].islower():
            continue        # (no cut inside capitals: 'II', 'MS'; 'MSThe' is cut before 'The')
        for start in range(max(0, end - LONGEST), end):
            if best[start] is None:
                continue
            piece = run[start:end]
            cost = NAME + NAME_LETTER if end == n and start and piece.isupper() and len(piece) == 1 \
                else _cost(piece, whole, lang)
            if cost is None:
                continue
            total = best[start][0] + cost + (CUT if start else 0.0)
            if best[end] is None or total < best[end][0]:
                best[end] = (total, best[start][1] + [piece])
    return (best[n][0], tuple(best[n][1])) if best[n] is not None else (0.0, (run,))


def _known(word: str, whole: frozenset[str], lang: str, floor: float = KNOWN) -> bool:
    """``word`` is one the file prints whole, or the list knows (``floor``: zipf at least)."""
    return not _inner_capital(word) and (word in whole or _zipf(word, lang) >= floor)


def _inner_capital(word: str) -> bool:
    """A capital after a small letter ('whitherMr'): no word's, unless the file prints it whole."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _cost(piece: str, whole: frozenset[str], lang: str) -> float | None:
    """What ``piece`` costs as a word of a run (the lower, the likelier); None where it is none."""
    if len(piece) == 1:
        z = _zipf(piece, lang)
        return LOG_SCALE - z if z >= LETTER and (not whole or piece in whole) else None
    if piece in whole or POSSESSIVE.sub("", piece) in whole:
        return LOG_SCALE - max(FILE_WORD, _zipf(piece, lang))
    return _listed_cost(piece, lang)


@lru_cache(maxsize=262144)
def _listed_cost(piece: str, lang: str) -> float | None:
    """What ``piece`` (two letters or more) costs by the word list and its shape alone."""
    if _inner_capital(piece) or piece[0] in "'’" or piece[-1] in "'’" or not piece.isupper() and \
            any(c.isupper() and before not in "'’" for before, c in zip(piece, piece[1:])):
        return None         # (a capital inside a word opens it after an apostrophe only: 'O'Bradley')
    if APOSTROPHE_CAPITAL.search(piece):
        return None         # (... and small letters follow it: no 'O'B' + 'radley')
    if piece.isupper() and piece.isalpha():
        return NAME + NAME_LETTER * len(piece)      # (capitals: a numeral, an abbreviation)
    z = _zipf(piece, lang)
    if len(piece) == 2 and z < SHORT_WORD:
        return None
    if z > 0:
        return LOG_SCALE - z
    if piece[0].isupper():
        letters = len(POSSESSIVE.sub("", piece))
        return NAME + NAME_LETTER * letters + LONG_NAME * max(0, letters - NAME_LETTERS)
    return UNKNOWN + UNKNOWN_LETTER * len(piece)


def habit(text: str, lang: str) -> Spaced | None:
    """How ``text`` (a whole file) runs words together: None where it shows no such habit."""
    glued, words_ = evidence(text, lang)
    if glued < SEEN or glued < HABIT * words_:
        return None
    return Spaced(lang, glued, _spaced_words(text, lang))


def evidence(text: str, lang: str) -> tuple[int, int]:
    """How many runs of letters in ``text`` hold PIECES common words or more, and how many words it
    has. Only runs of eight letters or more that are no listed word are read (a book's text holds
    few: names, words of other languages), so that a file without the habit costs little; a word of
    the list glued to one by punctuation does not hide it ('Mall,"onwhichhedescribes')."""
    tokens = text.split()
    candidates = [m.group() for t in tokens if len(t) >= 8 for m in RUN.finditer(t)
                  if len(m.group()) >= 8 and (_inner_capital(m.group()) or _zipf(m.group(), lang) < KNOWN)]
    if len(candidates) < SEEN or len(candidates) < HABIT * len(tokens):
        return 0, len(tokens)
    probe = Spaced(lang, 0, frozenset())
    return sum(1 for t in candidates if _glued(t, probe)), len(tokens)


def _glued(token: str, probe: Spaced) -> bool:
    """``token`` (a run of letters) holds PIECES common words or more (a word list's, COMMON at least:
    not a Russian word read as 'So chine nija'), one of them among the commonest, FUNCTION ('was',
    'the': a compound of a language that writes its compounds closed, 'Schifffahrtsgesellschaft', is
    made of nouns)."""
    found = [m.group() for part in probe.token(token).split() for m in RUN.finditer(part)]
    return len(found) >= PIECES and all(_zipf(w, probe.lang) >= COMMON for w in found) and \
        max(_zipf(w, probe.lang) for w in found) >= FUNCTION


def _spaced_words(text: str, lang: str) -> frozenset[str]:
    """The words the file prints whole on lines whose spaces it kept (their tokens' letters fewer than
    SPACED on average), as printed: not those the word list reads as common words run together
    ('Hedied', which such lines hold too: :func:`_kept`), but a word printed so AGAIN times at least
    that the list would read as words not all common ('lomali', a Russian word, is no 'lom ali'), or
    a capitalised one printed so AGAIN times inside sentences, a name ('Huntsmore', 'Willis': the
    same two words run together seldom recur, and 'Hedied' opens its sentences)."""
    seen: Counter = Counter()
    named: Counter = Counter()          # (capitalised, not after a sentence's end)
    for line in text.split("\n"):
        tokens = line.split()
        if tokens and sum(len(LETTERS.findall(t)) for t in tokens) < SPACED * len(tokens):
            seen.update(m.group() for t in tokens for m in RUN.finditer(t))
            named.update(m.group() for before, t in zip(tokens, tokens[1:]) if not SENTENCE_END.search(before)
                         for m in [RUN.match(t)] if m and m.group()[:1].isupper())
    lone = max((n for w, n in seen.items() if len(w) == 1), default=0)
    letters = {w for w, n in seen.items() if len(w) == 1 and n >= LONE * lone}
    letters |= {w.upper() for w in letters}             # ('a', and 'A' opening a sentence)
    return frozenset(letters) | {w for w, n in seen.items() if len(w) > 1 and (
        _kept(w, lang) or named[w] >= AGAIN or
        n >= AGAIN and min(_zipf(p, lang) for p in words(w, lang=lang)) < COMMON)}
