"""Words and lines broken by the printed page: line breaks, hyphenation, soft hyphens.

``Breaks.repair`` unwraps one block (hard-wrapped lines become one line; words broken at a line end
are rejoined or keep their hyphen, as :mod:`pipeline.hyphenation` decides) and ``Breaks.join`` joins
two pieces of a paragraph or note cut at a block boundary (a page break), repairing a word broken
there. Every decision is reported and logged in the no-loss ledger.
"""

from __future__ import annotations

import re
from collections import Counter

from ..corrections.decisions import context_key
from ..hyphenation import BREAK, SOFT_BREAK, SOFT_HYPHEN, WORD_PART, Dehyphenator
from ..integrity import Ledger, words
from ..model import MARK_OPEN, PAGE_BREAK, Kind, Report, Severity

DASH_END = re.compile(r"(?<=\w[\u2013\u2014])[ \t]*\n[ \t]*(?=\w)")
EM_DASH_END = re.compile(r"(?<=\u2014)[ \t]*\n[ \t]*(?=\S)")
# an em dash before a lower-case letter or an opening quote goes on from the word or punctuation
# before it ('policy⏎—setting', 'these words:⏎—“That'); before a capital it may open an attribution
DASH_LOWER = "\u2014(?:[^\\W\\d_A-ZÀ-Þ]|[“‘\"'(])"
EM_DASH_START = re.compile(r"(?<=[\w,;:.!?’”)])[ \t]*\n[ \t]*(?=" + DASH_LOWER + ")")
# before a capital, the dash goes on from the line before too ('State.⏎—The King settled, and…'),
# unless what follows it is a block's last few words, an attribution ('universally. —B.', ': —M. B.'),
# or it follows a quotation, whose source it opens ('Tuesday.”⏎—MS. Letter of William Greenhill…')
EM_DASH_CAPITAL = re.compile(r"(?<=[\w,;:.!?)])[ \t]*\n[ \t]*(?=\u2014[A-ZÀ-Þ])")
ATTRIBUTION = 10     # words after the dash to the block's end, at most, for an attribution
# A hyphen at a line's end before a figure is a compound's ('mid-⏎1930s', 'pre-⏎1914'): no word is
# broken before a digit, and the dehyphenator decides only between letters.
FIGURE_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)[ \t]*\n[ \t]*(?=\d)")
# Nor right after an apostrophe: a word's letters go on past it ('o’clock') and no typesetter breaks
# there, so a hyphen after one is the text's own ('Clothworkers’-⏎Hall').
APOSTROPHE_HYPHEN = re.compile(r"(?<=[^\W\d_][’']-)[ \t]*\n[ \t]*(?=[^\W\d_])")
MARKER_START = re.compile(r"[ \t]*\n[ \t]*(?=" + MARK_OPEN + "|<sup>)")
WORD_END = re.compile(rf"(?<![^\W\d_'’])({WORD_PART})-$")
WORD_START = re.compile(rf"({WORD_PART})")


def dashes_closed(texts: list[str]) -> bool:
    """Whether the book sets its em dashes close to the word after them (``—B.``, ``said—and``),
    counted inside lines: then a line that ends with one goes on without a space, whatever stands
    before the dash (``name. —⏎B.``)."""
    closed = sum(len(CLOSED_AFTER.findall(t)) for t in texts)
    spaced = sum(len(SPACED_AFTER.findall(t)) for t in texts)
    return closed >= 3 and closed >= 3 * spaced


def _unless_attribution(m: re.Match) -> str:
    """The line break before an em dash that opens a line before a capital: gone, unless the dash opens
    the block's last ATTRIBUTION words at most (then a space, as the book sets an attribution)."""
    rest = m.string[m.end():]
    return " " if len(rest.split()) <= ATTRIBUTION else ""


CLOSED_AFTER = re.compile(r"\u2014[^\s\u2014]")
SPACED_AFTER = re.compile(r"\u2014[ \t]+\S")


class Breaks:
    def __init__(self, dehyphenator: Dehyphenator, report: Report, ledger: Ledger, close_dashes: bool = False):
        self.dehyph = dehyphenator
        self.report = report
        self.ledger = ledger
        self.close_dashes = close_dashes      # see dashes_closed

    def repair(self, text: str, file: str, line: int) -> str:
        """Rejoin words broken at line ends inside one block; line breaks become spaces."""
        original = text
        text, count = SOFT_BREAK.subn("", text)
        if count:
            self.report.add(Kind.SOFT_HYPHEN, file, line, evidence=f"{count} soft hyphen(s) (U+00AD) removed")

        def fix(m: re.Match) -> str:
            left, right = m.group(1), m.group(3)
            at = line + text.count("\n", 0, m.start())
            right_token = token_after(text[m.end():])
            return self.hyphen(left, right, file, at, text[max(0, m.start() - 30):m.end() + 30],
                               token_before(text[:m.end(1)]), right_token,
                               text[m.end() + len(right_token):m.end() + len(right_token) + 60])

        text = BREAK.sub(fix, text)
        if text != original:
            self._account(original, text)
        # A line that ends with a dash set close to its word (1928–⏎32, policy—⏎setting), or with an em
        # dash in a book that sets them close to the word after, goes on without a space; other line
        # breaks become spaces.
        # A note marker never starts a word: one at a line's start goes with the word before it.
        text = DASH_END.sub("", text)
        joined = APOSTROPHE_HYPHEN.sub("", FIGURE_AFTER_HYPHEN.sub("", text))
        if joined != text:
            self._account(text, joined)
            text = joined
        if self.close_dashes:
            text = EM_DASH_END.sub("", text)
            text = EM_DASH_START.sub("", text)     # (and a line that opens with one before a lower-case
            # word or a quotation: 'policy⏎—setting'; before a capital it may open an attribution: 'VIII —B.')
            text = EM_DASH_CAPITAL.sub(_unless_attribution, text)
        text = MARKER_START.sub("", text)
        return re.sub(r"[ \t]*\n[ \t]*", " ", text)

    def _account(self, before: str, after: str) -> None:
        """The no-loss ledger: the words the repairs changed (whole texts compared, so that breaks in a
        row — 'a- b-⏎c' — are counted once)."""
        b, a = Counter(words(before)), Counter(words(after))
        self.ledger.rewrite(list((b - a).elements()), list((a - b).elements()))

    def hyphen(self, left: str, right: str, file: str, line: int, context: str,
               left_token: str, right_token: str, following: str = "") -> str:
        """Decide one break; returns the text replacing ``left-<ws>`` (``right`` stays in place).

        ``left_token``/``right_token`` are the whole words around the break as the no-loss check
        counts them (``brother-in`` / ``law``).
        """
        if self.dehyph.is_suspended(right_token, following):
            return f"{left}- "
        d = self.dehyph.decide(left, right, left_token, right_token)
        ruling = self.report.decide("hyphen", context_key(left_token + "-", right_token + " " + following, words=5),
                                    "join-word" if d.join else "keep-hyphen")
        join = ruling.choice == "join-word"
        result = d.result if join == d.join else (left_token + right_token if join else f"{left_token}-{right_token}")
        self.report.add(Kind.DEHYPHENATE if join else Kind.HYPHEN_KEPT, file, line, before=context, after=result,
                        evidence=d.evidence, severity=Severity.AMBIGUOUS if d.ambiguous else Severity.REPAIR,
                        ruling=ruling)
        return left if join else left + "-"

    def join(self, first: str, second: str, file: str, line: int, page_break: bool) -> str:
        """Join two pieces of one paragraph (or note) cut at a block boundary."""
        first = first.rstrip()
        had_break = first.endswith(PAGE_BREAK)
        first = first.rstrip(PAGE_BREAK).rstrip()
        second = second.lstrip(" \t")                  # (a first line's indent)
        mark = PAGE_BREAK if (page_break or had_break) else ""
        if re.search(r"(?<!\*)\*$", first) and re.match(r"\*(?!\*)", second):
            first, second = first[:-1], second[1:]      # an italic run goes on over the page: one run
        m = WORD_END.search(first)
        n = WORD_START.match(second)
        if first.endswith(SOFT_HYPHEN) and n:
            # The typesetter's break at the page's end (a soft hyphen: shown only there): one word.
            self.report.add(Kind.SOFT_HYPHEN, file, line, before=first[-30:] + " ⏎ " + second[:30],
                            after=_last_chunk(first[:-1]) + n.group(1),
                            evidence="a soft hyphen (U+00AD) at the page's end: the word goes on")
            head = first[:-1] + n.group(1)
            rest = second[n.end():]
            self._account(_last_chunk(first) + " " + _first_chunk(second), _last_chunk(head) + _first_chunk(rest))
            return head + mark + rest
        if m and n:
            left, right = m.group(1), n.group(1)
            right_token = token_after(second)
            following = second[len(right_token):len(right_token) + 60]
            if not self.dehyph.is_suspended(right_token, following):
                kept = self.hyphen(left, right, file, line, first[-30:] + " ⏎ " + second[:30],
                                   token_before(first[:-1]), right_token, following)
                rest = second[len(right):]
                # The page ended inside the word: its break mark goes after the word.
                head = first[: m.start()] + kept + right
                self._account(_last_chunk(first) + " " + _first_chunk(second), _last_chunk(head) + _first_chunk(rest))
                return head + mark + rest
        if re.search(r"[^\W\d_]-$", first) and second[:1].isdigit() or \
                re.search(r"[^\W\d_][’']-$", first) and re.match(r"[^\W\d_]", second):
            # a compound's hyphen before a figure ('pre-⏎1914') or after an apostrophe
            # ('Clothworkers’-⏎Hall'): one word, the page's end after it
            token = re.match(r"\S*", second).group(0)
            self._account(_last_chunk(first) + " " + token, _last_chunk(first) + token)
            return first + token + mark + second[len(token):]
        if re.search(r"\w[\u2013\u2014]$", first) and re.match(r"\w", second) or second.startswith(MARK_OPEN) \
                or self.close_dashes and first.endswith("\u2014") and second[:1].strip() \
                or self.close_dashes and re.match(DASH_LOWER, second) and re.search(r"[\w,;:.!?’”)]$", first):
            return first + mark + second           # a close-set dash, or a marker, at the page's end
        return first + mark + " " + second


def _last_chunk(text: str) -> str:
    parts = text.rsplit(None, 1)
    return parts[-1] if parts else ""


def _first_chunk(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts and not text[:1].isspace() else ""


def token_before(text: str) -> str:
    m = re.search(r"[^\W_]+(?:['’\-][^\W_]+)*$", text)
    return m.group(0) if m else ""


def token_after(text: str) -> str:
    m = re.match(r"[^\W_]+(?:['’\-][^\W_]+)*", text)
    return m.group(0) if m else ""
