"""Body lines of plain-text pages into the seed's shape: paragraphs, headings and markers.

Plain text from a PDF has no blank lines and no sizes. A line ends a paragraph when it ends a sentence
and is not full: the next line's first word would have fitted on it (what ragged-right and justified
setting alike do at a paragraph's end, and only there), or the tool set a blank line after it (where
the book left space). A heading is a run of lines that are not full, end no sentence and stand where
a paragraph ends (or at the chapter's start). Evidence comes from the file's own measure: its body
lines' widths.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..recover.sentences import abbreviated, ends_mid_sentence, opening
from .furniture import Line
from .widths import span

OPENS = re.compile(r"^[\s“‘\"'(\[«¿¡—–]*(?:[A-ZÀ-ÖØ-ÞĀ-ſ\d]|\((?:\d+|[a-z]|[ivx]+)\)|[a-z]\))")
FULL = 1.0           # a line is full when it and the next line's first word would pass the body's width
HEADING = 0.85       # a heading's line is shorter than this share of the body's width
TITLE_FULL = 0.95    # a title in title case set apart above a paragraph may be this long
SHORT = 0.7          # a line shorter than this share of the body's width is short even when ragged
CLUSTER = 0.1        # the full lines' widths lie within this share of the commonest width
OPENERS = 4          # an opening shape seen at this many paragraph starts may open the others
GOES_ON = 0.02       # the share of lines that go on allowed to have taken the next word, measured
GOES_ON_LINES = 100  # lines that go on, seen, to measure that
SPLIT_FULL = 0.85    # two lines a tool set apart make one full line: this share of the width at least
TIED = 10            # an abbreviation written this often, never at a line's end, is tied to the next word
ABBREVIATION = 7     # the longest abbreviation known, its full stop counted ('Messrs.')


@dataclass
class BodyLine:
    line: Line
    text: str             # with markers written as <sup>N</sup>
    page: int             # the page's index in the file
    page_start: bool      # the first body line of a page
    lead: str = ""        # its first word, with the next when the file ties them ('Mr. Prin'): set by shape


def joined(first: BodyLine, second: BodyLine) -> BodyLine:
    """Two lines a tool set apart that were one printed line: ``first``'s place, both texts."""
    line = Line(f"{first.line.text} {second.line.text}", first.line.src, after_blank=first.line.after_blank,
                indent=first.line.indent)
    return BodyLine(line, f"{first.text} {second.text}", first.page, first.page_start)


def joined_where(body: list[BodyLine], mid: list[bool],
                 onto: Callable[[BodyLine, bool, int], bool]) -> tuple[list[BodyLine], list[bool]]:
    """``body`` with each line ``i`` for which ``onto(line before, whether it breaks off mid-sentence,
    i)`` holds joined onto the line before it (as earlier joins left it): lines a tool set apart that
    were one printed line. The lines, and whether each breaks off mid-sentence (``mid``: where the
    last of the lines joined did)."""
    out: list[BodyLine] = []
    out_mid: list[bool] = []
    for i, bl in enumerate(body):
        if out and onto(out[-1], out_mid[-1], i):
            out[-1] = joined(out[-1], bl)
            out_mid[-1] = mid[i]
        else:
            out.append(bl)
            out_mid.append(mid[i])
    return out, out_mid


def body_width(lines: list[Line]) -> float:
    """The body's width (:func:`.widths.span`): the upper decile of the widths around the commonest
    one (full lines are the commonest, justified or ragged; the lines of notes set smaller, which run
    longer, and lines a tool ran together stand apart from them)."""
    lengths = [span(ln.text) for ln in lines if len(ln.text) > 1]
    if len(lengths) < 10:
        return float(max(lengths, default=50))
    counts = Counter(round(x) for x in lengths)
    # the commonest width, counted with its neighbours (a full line's width varies by a unit or two)
    mode = max(counts, key=lambda w: (counts[w - 1] + counts[w] + counts[w + 1], w))
    near = [x for x in lengths if (1 - CLUSTER) * mode <= x <= (1 + CLUSTER) * mode]
    if len(near) < 10:
        return statistics.quantiles(lengths, n=10)[-1]
    return statistics.quantiles(near, n=10)[-1]


def _first_word(text: str, tied: frozenset[str] = frozenset()) -> str:
    """``text``'s first word, with the next one when ``tied`` holds it (a line may not end there)."""
    parts = text.split()
    if not parts:
        return ""
    return " ".join(parts[:2]) if parts[0] in tied else parts[0]


def _lead(line: BodyLine) -> str:
    """What of ``line`` would have had to fit at the end of the line above: its first word, or the
    first two where the file ties them (:attr:`BodyLine.lead`)."""
    return line.lead or _first_word(line.line.text)


def _tied(body: list[BodyLine]) -> frozenset[str]:
    """Abbreviations the book ties to the word after them ('Mr. Prin', 'Dr. Clerke': pandoc writes a
    no-break space after a title, TeX's authors a tie): written TIED times at least inside lines and
    never at a line's end, so that a line was never broken after them."""
    inside: Counter = Counter()
    at_end: Counter = Counter()
    for bl in body:
        words = bl.line.text.split()
        for k, w in enumerate(words):
            if w.endswith(".") and len(w) <= ABBREVIATION and w[:-1].isalpha() and abbreviated(w):
                (at_end if k == len(words) - 1 else inside)[w] += 1
    return frozenset(w for w, n in inside.items() if n >= TIED and not at_end[w])


def fits(line: str, word: str, width: float, slack: float = 0.0) -> bool:
    """``word`` (the next line's first, :func:`_lead`) would have fitted at the end of ``line``
    (``slack``: how much longer the printed line may have been, :attr:`.furniture.Line.slack`)."""
    return span(line.rstrip() + " " + word) + slack <= width * FULL


PageEnd = tuple[None, int]


def shape(body: list[BodyLine], width: float, heads: list[str] = (),
          lang: str = "en") -> list[tuple[str, int] | PageEnd]:
    """Output lines (text, input line) in the seed's shape, and ``(None, page)`` where that page's
    body ends (the caller sets its notes and the form feed there). ``heads``: the running heads
    removed from the pages (a chapter's title is often one of them, set in other case); ``lang``: the
    book's language (whose dictionary decides a hyphen ending a title's line)."""
    out: list = []
    mid = [ends_mid_sentence(bl.text) for bl in body]      # each line breaks off mid-sentence
    body, mid = _lone_openers(body, mid)
    body, mid = _split_lines(body, mid, width)
    tied = _tied(body)
    for bl in body:
        bl.lead = _first_word(bl.line.text, tied)
    fit = width * _fit_share(body, width)
    ends = [_ends_paragraph(body, mid, i, fit) for i in range(len(body))]
    _first_lines(body, mid, ends, width, fit)
    _recurring_openings(body, mid, ends)
    _indented(body, mid, ends, width)
    apart = any(bl.line.after_blank and not bl.page_start for bl in body)    # (the tool shows space)
    i = 0
    at_start = True            # where a heading may stand: the chapter's start, or after a heading
    while i < len(body):
        if body[i].page_start and i:
            out.append((None, body[i - 1].page))
        # headings: not-full lines ending no sentence, where a paragraph may start
        if (at_start or i == 0 or ends[i - 1]) and (n := _title_run(body, i, width, at_start or i == 0, apart)):
            title = _joined([bl.line.text.strip() for bl in body[i:i + n]], lang)
            out.extend([(f"## {title}", body[i].line.src), ("", body[i].line.src)])
            i += n
            at_start = True
            continue
        if (at_start or i == 0 or ends[i - 1] or (not apart and _title_after_sentence(body, mid, i, width))) \
                and _heading_line(body, i, width):
            run = [i]
            while run[-1] + 1 < len(body) and _heading_line(body, run[-1] + 1, width) and \
                    not body[run[-1] + 1].page_start:
                run.append(run[-1] + 1)
            after = run[-1] + 1
            if (after < len(body) and OPENS.match(body[after].text)) or (after == len(body) and at_start):
                for title in _split_titles([body[k] for k in run], heads if not out else ()):
                    out.extend([(f"## {title[0]}", title[1]), ("", title[1])])
                i = run[-1] + 1
                at_start = True        # a section's title may follow the chapter's
                continue
        at_start = False
        bl = body[i]
        starts = i == 0 or ends[i - 1] or bool(out and out[-1][0] == "")     # (after a heading too)
        if starts and out and out[-1][0]:
            out.append(("", bl.line.src))
        out.append((("  " if starts else "") + bl.text, bl.line.src))
        i += 1
    if body:
        out.append((None, body[-1].page))
    return out


def _lone_openers(body: list[BodyLine], mid: list[bool]) -> tuple[list[BodyLine], list[bool]]:
    """A paragraph's opener that a tool set on a line of its own ('2nd.' above 'In the morning at a
    breakfast…': pdfminer.six and PyMuPDF's plain text give a diary's dates so, set in another font)
    goes on with the line below it, on the same page: where the book opens OPENERS lines at least with
    that shape and more words after a sentence's end, a line holding only it after a sentence's end
    (a date that ends a sentence, '…born on the⏎2nd.', follows a line broken off mid-sentence). The
    lines, and whether each breaks off mid-sentence (``mid``)."""
    lone = [opening(bl.line.text) if len(bl.line.text.split()) == 1 else "" for bl in body]   # its shape
    if not any(lone):
        return body, mid
    seen = Counter(shape for i in range(1, len(body))
                   if not lone[i] and not mid[i - 1] and (shape := opening(body[i].line.text)))

    def onto(_before: BodyLine, _mid: bool, i: int) -> bool:      # (line i goes on the lone opener above)
        k = i - 1
        return bool(lone[k]) and seen[lone[k]] >= OPENERS and (k == 0 or not mid[k - 1]) and \
            not body[i].page_start and not lone[i]
    return joined_where(body, mid, onto)


def _split_lines(body: list[BodyLine], mid: list[bool], width: float) -> tuple[list[BodyLine], list[bool]]:
    """A printed line a tool set out as two at a wide space (pdfminer.six parts LaTeX's line at the
    wider space after a sentence: '…and boiled beef.' | 'I had' above 'Mr. Darcy in my cabin…') is
    one line again: a short line that breaks off mid-sentence and goes on on the next line of its
    page, below a line of the same page that ends a sentence, the two together as wide as a full line
    (SPLIT_FULL of the width at least; a paragraph's first line is no short one, and two short lines
    of verse seldom add up to the measure), where the line below it is no short one either (the
    paragraph goes on: a title set on two short lines under a paragraph's short last line is no part
    of it). The lines, and whether each breaks off mid-sentence."""
    def onto(before: BodyLine, before_mid: bool, i: int) -> bool:
        bl = body[i]
        return not before_mid and mid[i] and not bl.page_start and i + 1 < len(body) and \
            not body[i + 1].page_start and span(bl.line.text) < SHORT * width and \
            span(body[i + 1].line.text) >= SHORT * width and \
            SPLIT_FULL * width <= span(f"{before.line.text} {bl.line.text}") <= FULL * width
    return joined_where(body, mid, onto)


def _fit_share(body: list[BodyLine], width: float) -> float:
    """The share of the body's width that a line and the next one's first word must stay within for
    the line to end a paragraph. Lines that certainly go on (the next opens in lower case) show how
    far this file's measure of widths can be off: in a book whose glue shrinks (TeX) some of them,
    measured, would have taken the next word. The fit is held to where the lowest GOES_ON of them
    stop (never past the width): a sentence's end there is not taken for a paragraph's end. (A line
    whose printed width is not known, cut out of two a tool ran together, shows nothing.)"""
    inner = sorted(_reach(a, b, width) for a, b in zip(body, body[1:]) if _goes_on(a, b))
    if len(inner) < GOES_ON_LINES:
        return FULL
    return min(FULL, inner[int(len(inner) * GOES_ON)])


def goes_on_reach(pages: list[list[Line]]) -> float:
    """How far a line reaches with the next line's first word where the text certainly goes on
    (:func:`goes_on_certainly`), in widths' ens: all but GOES_ON of such lines reach further. Times's
    widths stand in for the book's face, so a line that would have taken the next word by them may
    not have by the face's; this is that error, measured (0 with fewer than GOES_ON_LINES lines), as
    :func:`_fit_share` measures it as a share of the width."""
    reach = sorted(span(a.text + " " + b.text.split()[0]) for page in pages for a, b in zip(page, page[1:])
                   if goes_on_certainly(a, b))
    return reach[int(len(reach) * GOES_ON)] if len(reach) >= GOES_ON_LINES else 0.0


def _goes_on(line: BodyLine, nxt: BodyLine) -> bool:
    return goes_on_certainly(line.line, nxt.line)


def goes_on_certainly(line: Line, nxt: Line) -> bool:
    """``line`` certainly goes on (the next opens in lower case, no hyphen ends it) and its printed
    width is known (not a line cut out of two a tool ran together)."""
    return nxt.text[:1].islower() and not line.text.endswith(("-", "\u00ad")) and not line.slack


def _reach(line: BodyLine, nxt: BodyLine, width: float) -> float:
    """``line`` and the next line's first word, as a share of ``width``."""
    return span(line.line.text + " " + _lead(nxt)) / width


INDENT = 2           # spaces a paragraph's first line stands in from its page's left edge, at least
INDENTED = 0.8       # the share of indented lines that must follow a sentence's end for indents to count


def _indented(body: list[BodyLine], mid: list[bool], ends: list[bool], width: float) -> None:
    """Where the tool kept the layout (pdftotext -layout), a paragraph's first line shows its indent:
    when the file's indented lines (INDENT spaces in from their page's edge, at least 3) follow a
    sentence's end four times in five or more (paragraph starts, not quotations or verse), a sentence's
    end ends a paragraph exactly where the next line is indented (``ends`` changed in place), or
    where the next line is a title, set flush after a paragraph's short last line."""
    margins: dict[int, int] = {}
    for bl in body:
        if len(bl.line.text) > 20:
            margins[bl.page] = min(margins.get(bl.page, bl.line.indent), bl.line.indent)
    indented = [bl.line.indent - margins.get(bl.page, 0) >= INDENT for bl in body]
    starts = [i for i in range(1, len(body)) if indented[i]]
    after_end = [i for i in starts if not mid[i - 1]]
    if len(starts) < 3 or len(after_end) < INDENTED * len(starts):
        return
    for i in range(1, len(body)):
        # (a title after a paragraph that ended short is set flush: a chapter's opening, mid-file)
        if not mid[i - 1] and not (ends[i - 1] and (_heading_line(body, i, width) or
                                                   _title_run(body, i, width, False))):
            ends[i - 1] = indented[i]


FIRST_LINES = 10     # a paragraph's first lines that go on, seen, to measure how far they reach
FIRST_GOES_ON = 0.1  # the share of them allowed to have taken the next word, measured


def _first_lines(body: list[BodyLine], mid: list[bool], ends: list[bool], width: float, fit: float) -> None:
    """A paragraph's first line is indented in most books: it holds less than a full line, and a
    sentence ending on it may end a line that is full all the same. How far such first lines reach is
    measured on those that go on (the next line opens in lower case); where they stop short of the
    other lines, a first line ends its paragraph only when the next word would have fitted within that
    reach (``ends`` changed in place)."""
    reach = sorted(_reach(a, b, width) for k, (a, b) in enumerate(zip(body, body[1:]))
                   if k and ends[k - 1] and _goes_on(a, b))
    if len(reach) < FIRST_LINES:
        return
    first = width * reach[int(len(reach) * FIRST_GOES_ON)]
    if first >= fit:
        return
    for i in range(1, len(body)):
        if ends[i - 1] and ends[i] and i + 1 < len(body):
            ends[i] = _ends_paragraph(body, mid, i, first)


def _ends_paragraph(body: list[BodyLine], mid: list[bool], i: int, width: float) -> bool:
    if i + 1 >= len(body):
        return not mid[i]
    nxt = body[i + 1]
    if mid[i] or not OPENS.match(nxt.text):
        return False
    if nxt.line.after_blank and not nxt.page_start:
        return True       # (a blank line the tool set: the book left space, a section's or a paragraph's)
    # (a line the tool shows stretched to the measure, its gaps wide, is no paragraph's last line)
    return not body[i].line.stretched and fits(body[i].line.text, _lead(nxt), width, body[i].line.slack)


def _recurring_openings(body: list[BodyLine], mid: list[bool], ends: list[bool]) -> None:
    """A book whose paragraphs open in a recurring shape (a diary's '3rd.', numbered paragraphs, '(b)')
    shows it at the paragraphs that end short: a line that opens in that shape after a sentence's end
    opens a paragraph too, although the line before it is full (a paragraph's last line may be). The
    shape counts when it opens at least OPENERS paragraphs and opens lines inside sentences (after a
    line that breaks off mid-sentence) at most a quarter as often."""
    shapes = [opening(bl.line.text) for bl in body]
    starts: Counter = Counter()
    inside: Counter = Counter()
    for i in range(1, len(body)):
        if not shapes[i]:
            continue
        if ends[i - 1]:
            starts[shapes[i]] += 1
        elif mid[i - 1]:
            inside[shapes[i]] += 1
    openers = {s for s, n in starts.items() if n >= OPENERS and inside[s] * 4 <= n}
    for i in range(1, len(body)):
        if not ends[i - 1] and shapes[i] in openers and not mid[i - 1]:
            ends[i - 1] = True


def _title_after_sentence(body: list[BodyLine], mid: list[bool], i: int, width: float) -> bool:
    """In a file whose tool shows no space the book left (pypdf writes no blank line), a title of one
    line under a full line that ends a sentence ('…and its underlying causes.' above 'The 1932–1933
    Famine and Changes in Stalin’s Politics' above 'The key cause…'): short (HEADING of the width at
    most), three words at least (not a word a tool cut off its line: 'Died' above 'October 29th,
    1666.'), in title case with no word of four letters or more in lower case, on the same page."""
    text = body[i].line.text.strip()
    return not mid[i - 1] and not body[i].page_start and span(text) <= width * HEADING and \
        len(text.split()) >= 3 and _strict_title(text, 4)


def _heading_line(body: list[BodyLine], i: int, width: float) -> bool:
    text = body[i].line.text.strip()
    if not text or "<sup>" in body[i].text:
        return False
    if text[-1] in ".,;:!?" or text.endswith("-") or (text.endswith("\u00ad") and not _title_broken(body, i, width)):
        return False
    if span(text) > width * SHORT and not _title_case(text):
        return False     # as long as a ragged line of text: a heading then shows itself by its capitals
    if span(text) > width * HEADING:
        return _set_apart_title(body, i, width)
    return i + 1 >= len(body) or fits(text, _lead(body[i + 1]), width) or span(text) < width * 0.6


def _set_apart_title(body: list[BodyLine], i: int, width: float) -> bool:
    """A line in title case as long as a line of text (a title set in a larger or bold face: LaTeX's
    section titles, 'Collectivisation of Agriculture and Its Consequences') is a title where the tool
    set a blank line before it (the book's space above a title) and it is no full line (TITLE_FULL of
    the width at most)."""
    text = body[i].line.text.strip()
    return span(text) <= width * TITLE_FULL and body[i].line.after_blank and _strict_title(text, 4)


def _title_run(body: list[BodyLine], i: int, width: float, after_title: bool, apart: bool = True) -> int:
    """How many lines from ``i`` make one title set on two or three lines (0 when they do not, or when
    the first is a title's line by itself): set apart (the tool's blank line above it, a page's top,
    or right after another title: ``after_title``; anywhere in a file whose tool shows no space the
    book left, ``apart`` False: pypdf writes no blank line), none ending a sentence or holding a marker, none
    a full line, the last a short one (a paragraph's last line ends a sentence), the next line
    opening a paragraph, and together in title case ('The 1928 Crisis and Stalin’s Conflict with the'
    above 'Party “Rightists”'; 'Collectivisation of Agriculture and Its Conse-' above 'quences', the
    line-end hyphen decided by the dictionary)."""
    if not (after_title or body[i].line.after_blank or body[i].page_start or not apart) or \
            _heading_line(body, i, width):
        return 0
    for n in (2, 3):
        k = i + n
        if k >= len(body) or body[k - 1].page_start or not OPENS.match(body[k].text):
            continue
        lines = [bl.line.text.strip() for bl in body[i:k]]
        if any(not t or t[-1] in ".,;:!?" or "<sup>" in bl.text or span(t) > width * TITLE_FULL
               for t, bl in zip(lines, body[i:k])):
            return 0
        if span(lines[-1]) < width * 0.6 and _strict_title(_joined(lines)):
            return n
    return 0


def _strict_title(text: str, longer: int = 5) -> bool:
    """In title case with no word of ``longer`` letters or more left in lower case (only the short
    words a title keeps small are, 'of', 'and', 'with'): a line of text naming people ('18th. Very
    early up, and, hearing that the Duke of York, our Lord High') capitalises half its words, not
    all. (A title as long as a line of text, ``longer`` 4: 'and with him to Sir Peter' is text.)"""
    return _title_case(text) and all(w[0].isupper() for w in re.findall(rf"[^\W\d_]{{{longer},}}", text))


def _title_broken(body: list[BodyLine], i: int, width: float) -> bool:
    """A title the typesetter broke at its own hyphen, U+00AD ('The 1932–1933 Famine and Changes in
    Stalin’s Pol-' above 'itics': Typst hyphenates a justified heading): the next line is short, opens
    in lower case and ends no sentence, and the two make a title in title case. (A hyphen U+002D may
    be the word's own: such a line stays no heading.)"""
    if i + 1 >= len(body):
        return False
    rest = body[i + 1].line.text.strip()
    return bool(rest) and rest[0].islower() and rest[-1] not in ".,;:!?" and span(rest) < width * 0.6 and \
        _title_case(_joined([body[i].line.text.strip(), rest]))


def _joined(lines: list[str], lang: str = "en") -> str:
    """A title's lines as one, a typesetter's hyphen (U+00AD) ending a line taken out with the space,
    a hyphen too where the word it broke is a dictionary word closed up ('Conse-' and 'quences')."""
    from ..hyphenation import KNOWN, _zipf
    out = lines[0]
    for line in lines[1:]:
        head = re.search(r"([^\W\d_]+)-$", out)
        rest = re.match(r"[^\W\d_]+", line)
        if out.endswith("\u00ad") or (head and rest and rest.group()[0].islower() and
                                      _zipf(head.group(1) + rest.group(), lang) >= KNOWN):
            out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


def _title_case(text: str) -> bool:
    """Most of the longer words capitalised ('Collectivisation of Agriculture and Its Consequences'),
    and the last word too (title case capitalises a title's last word whatever it is: a line of a
    paragraph naming people and places ends in a small word, '… Privy Seal, and thence to')."""
    words = [w for w in re.findall(r"[^\W\d_][^\W\d_’']+", text) if len(w) >= 4]
    last = re.findall(r"\w+", text)[-1:]
    if last and last[0][0].islower():
        return False
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.casefold())


def _split_titles(run: list[BodyLine], heads: list[str]) -> list[tuple[str, int]]:
    """A run of heading lines as headings. A title set on several lines: the first lines whose words
    are a running head's (the chapter's title, set larger), a line opening in lower case, or a line
    that the previous one could not have held (it is full at the run's widest line)."""
    lines = [bl.line.text.strip() for bl in run]
    title = _title_lines(lines, heads)
    widest = max(span(t) for t in lines)
    breaks = [0]
    for k in range(1, len(lines)):
        full = span(lines[k - 1] + " " + lines[k].split()[0]) > widest
        if k == title or (k > title and not lines[k][:1].islower() and not full):
            breaks.append(k)
    breaks.append(len(lines))
    return [(_joined(lines[a:b]), run[a].line.src) for a, b in zip(breaks, breaks[1:])]


def _title_lines(lines: list[str], heads: list[str]) -> int:
    """How many of the first lines make the chapter's title: as many as hold a running head's words
    (0 when no running head matches)."""
    for head in heads:
        want = set(_words(head))
        for k in range(1, len(lines) + 1):
            if want and set(_words(" ".join(lines[:k]))) == want:
                return k
    return 0
