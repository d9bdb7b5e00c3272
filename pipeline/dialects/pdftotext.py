"""poppler's ``pdftotext`` (default mode): pages cut by form feeds, plain lines, no blank lines.

What it gives, whatever engine set the book: a form feed after each page; the running head and the
folio as lines of their own at the page's edges; markers as digits glued to a word or punctuation
(``before.1 As``); each note's label at the start of its first line (``1Stalin…``), on a line of its
own before it, or after it; paragraphs without blank lines or indents; a line-end hyphen printed as
U+00AD by some engines (Typst). Read here into the seed's shape (:mod:`pipeline.dialects`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby, takewhile

from ..layout.syntax import SYMBOL_CHARS, successor
from ..model import Kind
from ..recover.sentences import CLOSERS, TRAILING_NOISE, ends_mid_sentence, sentence_openers, unfinished
from . import Converted
from . import furniture as furn
from . import endnotes, glued, hyphens, kerning, pieces, spacing, unpaged
from .furniture import Line
from .notes import (BARE_NUMBER, Area, Measure, Note, Openers, below_markers, closes_unopened, find_area,
                    first_lines, follows, holds_marker, label_of, left_open, mark, measure_notes,
                    numbers_kept_inside, place_markers, referred)
from .shape import BodyLine, body_width, goes_on_reach, joined_where, shape
from .vocabulary import TURN, Vocabulary
from .widths import span

DESCRIPTION = "poppler's pdftotext (form feeds between pages, plain lines, markers as glued digits)"
GLUED = re.compile(rf"(?:[^\W\d_]|[.,;:!?’”)])(?:\d{{1,3}}|[{SYMBOL_CHARS}])(?=[\s.,;:—–]|$)", re.M)
PRINTED_SOFT = re.compile(r"\u00ad(?=.)")      # a soft hyphen anywhere but at a line's end
LIGATURE = re.compile("[\ufb00-\ufb06]")      # ff fi fl ffi ffl ſt st as one character (presentation forms)
INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
STRETCHED = 2          # wide gaps that show a line stretched to the measure (one may be a sentence's space)
# the seed's Markdown-like shape: a marker, a heading, a notes separator, a note's definition (a
# printed '[^190]' in a line of text is no definition)
MARKUP = re.compile(r"<sup>|^#{1,6} |^---$|^\[\^[^\]\s]+\]:", re.M)


def detect(text: str) -> tuple[float, str]:
    feeds = text.count("\f")
    if MARKUP.search(text):
        return 0.0, ""
    glued = len(GLUED.findall(text))
    if not feeds:
        # no page breaks (pdftotext -nopgbrk, a viewer's text): pages shown by the furniture it kept,
        # or (a print without furniture) by the runs of notes that end them
        lines = _pages_with_blanks(text)[0][0] if glued else []
        if recovered := unpaged.recover(lines) if lines else None:
            return 0.55, (f"no form feeds, {len(recovered[0])} page(s) shown by their running heads and "
                          f"folios, {glued} digit(s) glued to words, no Markdown: text from pdftotext or a "
                          f"PDF viewer, without page breaks")
        if sizes := _note_run_pages(text) if lines else ():
            return 0.55, (f"no form feeds or furniture, {len(sizes)} page(s) shown by the runs of notes "
                          f"that end them, {glued} digit(s) glued to words, no Markdown: text from "
                          f"pdftotext or a PDF viewer, without page breaks")
        return 0.0, ""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    blank_ratio = 1 - len(lines) / max(1, text.count("\n") + 1)
    score = 0.6 + min(0.3, glued / 200) + (0.1 if blank_ratio < 0.25 else 0)
    return score, (f"{feeds} form feed(s), {glued} digit(s) glued to words, no Markdown: "
                   f"text from pdftotext")


def read_pages(text: str, kerned: kerning.Rejoined | None = None
               ) -> tuple[list[list[Line]], list[tuple[int, str]], int, list[set[int]] | None]:
    """The text's pages (form feeds), blank lines left out; a soft hyphen ending a line is the
    printed hyphen (decided later like any other) unless the file marks its breaks so (joined), a
    typesetter's hyphen (U+2010) in a file that marks its breaks so a soft one (joined); spaced dots
    are an ellipsis; the spaces a tool set before punctuation taken out. With the loose lines put
    back (:func:`loose_lines`), how many spaces were taken out, and (a text without page breaks, its
    pages recovered from their furniture: :mod:`.unpaged`) each page's furniture, else None."""
    pages, spaces = _pages_with_blanks(text, kerned)
    recovered = unpaged.recover(pages[0]) if len(pages) == 1 else None
    if len(pages) == 1 and not recovered and (sizes := _note_run_pages(text)):
        # (no furniture: pages shown by their runs of notes)
        ends = [sum(sizes[:k + 1]) for k in range(len(sizes))]
        pages = [pages[0][a:b] for a, b in zip([0, *ends], ends)]
    if recovered:
        pages, at = recovered
        for page, page_at in zip(pages, at):
            for i in page_at:
                page[i].furniture = True
    pages, loose = loose_lines(pages)
    _blank_everywhere(pages)
    furniture = [{i for i, ln in enumerate(page) if ln.furniture} for page in pages] if recovered else None
    return pages, loose, spaces, furniture


BLANK_EVERYWHERE = 0.5      # the share of a file's lines set below a blank line from which blanks show nothing


def _blank_everywhere(pages: list[list[Line]]) -> None:
    """A tool that sets a loosely spaced text's lines apart one by one (pdfminer.six's boxes of a word
    processor's 1.5-spaced lines: a blank line under each) shows no paragraph by its blank lines: where
    BLANK_EVERYWHERE of the lines stand below one (other texts measured: 22 % at most), they are
    forgotten (``after_blank`` cleared in place) but above a line in title case (a title's space above
    it: 'The 1932–1933 Famine and Changes in Stalin’s Politics', as long as a ragged line of text), and
    paragraphs are read from the lines themselves."""
    from .shape import _strict_title
    inner = [ln for page in pages for ln in page[1:]]
    if inner and sum(ln.after_blank for ln in inner) >= BLANK_EVERYWHERE * len(inner):
        for ln in inner:
            ln.after_blank = ln.after_blank and _strict_title(ln.text, 4)


@lru_cache(maxsize=4)
def _note_run_pages(text: str) -> tuple[int, ...]:
    """How many lines each page of a text without page breaks or furniture holds, as its runs of
    notes show them (:func:`.unpaged.by_note_runs`; empty when they show none): worked out once for
    the text's detection and its reading."""
    parted = unpaged.by_note_runs(_pages_with_blanks(text)[0][0])
    return tuple(len(page) for page in parted) if parted else ()


def _pages_with_blanks(text: str, kerned: kerning.Rejoined | None = None) -> tuple[list[list[Line]], int]:
    apart = spacing.apart(text)
    marked = hyphens.breaks_marked(text)
    soft_marked = hyphens.breaks_marked(text, hyphens.SOFT_HYPHEN)
    pages: list[list[Line]] = [[]]
    spaces = 0
    for number, raw in enumerate(_drawn(kerned.text(text) if kerned else text).split("\n"), start=1):
        for part, piece in enumerate(raw.split("\f")):
            if part:
                pages.append([])
            # (an accent a tool gave as a combining mark after its letter: composed, as the book printed it)
            piece, n = apart.subn("", unicodedata.normalize("NFC", spacing.ellipses(piece.rstrip())[0]))
            piece, signs = spacing.SIGN_APART.subn("", piece) if any(map(str.isdigit, piece)) else (piece, 0)
            spaces += n + signs
            if piece.endswith(hyphens.SOFT_HYPHEN) and not soft_marked:
                piece = piece[:-1] + "-"       # (a printed hyphen, decided later like any other)
            elif piece.endswith(hyphens.TYPESET_BREAK):
                # (a break the file marks as the typesetter's is a soft hyphen: joined; else decided)
                piece = piece[:-1] + ("\u00ad" if marked else "-")
            # (the spaces a tool set to show a justified line's width, 'have  set  up', one each)
            line = piece.strip()
            line, gaps = INNER_SPACES.subn(" ", line) if "  " in line else (line, 0)
            pages[-1].append(Line(line, number, indent=len(piece) - len(piece.lstrip(" ")),
                                  stretched=gaps >= STRETCHED))
    return pages, spaces


def _drawn(text: str) -> str:
    """``text`` as the page drew it where a tool gave it otherwise: a ligature given as its one
    character ('ﬂags') as its letters; an accent drawn apart before its letter ('reform´e') set on it;
    a U+00AD anywhere but at a line's end as the hyphen the page prints (text taken from a PDF holds
    only what was drawn, and Typst's hyphen glyph maps to it: 'five\u00adyear', 'W. \u00ad Tauger' in
    pdfminer.six's and pypdf's text)."""
    if LIGATURE.search(text):
        text = LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = spacing.accents(text)[0]
    return PRINTED_SOFT.sub("-", text) if "\u00ad" in text else text


LOOSE = 3        # this many one-word lines in a row are the words of one loosely set line


def loose_lines(pages: list[list[Line]]) -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """Blank lines left out, and the words of a loosely justified line put back in their line:
    pdftotext sets each word of a line whose spaces are very wide (a narrow justified column) apart,
    one a line — in a row inside the paragraph (``alluded⏎to⏎by⏎Pepys``), or as blocks of one word
    each after the paragraph whose line they finish (``49. Laud Crisp⏎Sandwich.⏎⏎was⏎⏎afterwards``).
    Numbers alone (labels, folios) are never such words. The lines put back: (input line, text)."""
    out, found = [], []
    for page in pages:
        blocks: list[list[Line]] = []
        widest = max((span(ln.text) for ln in page if " " in ln.text), default=0.0)
        for blank, group in groupby(page, key=lambda ln: not ln.text):
            if not blank:
                blocks.append(_rows_rejoined(list(group), found, widest))
        kept: list[list[Line]] = []
        k = 0
        while k < len(blocks):
            run = list(takewhile(lambda b: len(b) == 1 and _word(b[0].text), blocks[k:]))
            words = " ".join(b[0].text for b in run)
            if len(run) >= 2 and kept and len(kept[-1]) >= 2 and _finish_line(kept[-1], words):
                found.append((run[0][0].src, words))
                k += len(run)
                continue
            kept.append(blocks[k])
            k += 1
        for block in kept[1:]:
            block[0].after_blank = True
        out.append([ln for b in kept for ln in b])
    return [p for p in out if p] or [[]], found


def _word(text: str) -> bool:
    return " " not in text and any(c.isalpha() for c in text)


def _rows_rejoined(block: list[Line], found: list, widest: float) -> list[Line]:
    """One-word rows in a row put back in one line, when that line is no wider than the page's widest
    (a column of words is no loose line: a list, an index)."""
    out: list[Line] = []
    for is_word, group in groupby(block, key=lambda ln: _word(ln.text)):
        rows = list(group)
        if is_word and len(rows) >= LOOSE and span(" ".join(ln.text for ln in rows)) <= widest:
            out.append(Line(" ".join(ln.text for ln in rows), rows[0].src))
            found.append((rows[0].src, out[-1].text))
        else:
            out.extend(rows)
    return out


def _finish_line(block: list[Line], words: str) -> bool:
    """The words go at the end of the block's last line but one that can hold them (within the block's
    widest line): pdftotext gives the block's lines before the words set apart from one of them."""
    widest = max(span(ln.text) for ln in block)
    for k in range(len(block) - 2, -1, -1):
        if span(block[k].text + " " + words) <= widest * 1.05:
            block[k] = Line(f"{block[k].text} {words}", block[k].src)
            return True
    return False


def convert(text: str, name: str, lang: str = "en") -> Converted:
    if spaced := glued.habit(text, lang):
        text = spaced.text(text)          # (words run together set apart: the lines and letters the same)
    kerned = kerning.habit(text, lang)
    pages, loose, spaces, removed = read_pages(text, kerned)
    removed = removed or furn.find(pages)
    furniture = [pages[p][i].text for p, idx in enumerate(removed) for i in sorted(idx)]
    pages = [[ln for i, ln in enumerate(page) if i not in removed[p]] for p, page in enumerate(pages)]
    pages, run_on = labels_run_on(pages)        # (before lines far longer than the measure are cut: unjoin)
    pages, parted = pieces.rejoined(pages, body_width([ln for page in pages for ln in page]))
    known = hyphens.compounds(text, lang, tools=run_together(pages))
    pages, rejoined = unjoin(pages, known, lang)
    pages, restored = _hyphens_restored(pages, known, lang)
    pages, eaten = labels_run_in(pages)
    converted = from_pages(pages, furniture, DESCRIPTION, lang)
    dots = len(spacing.SPACED_DOTS.findall(text))
    if dots:
        converted.entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                                  "evidence": f"{dots} spaced dots ('. . .') read as an ellipsis"})
    accented = spacing.accents(text)[1]       # (what _drawn set on their letters)
    if accented:
        converted.entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                                  "evidence": f"{accented} accent(s) drawn apart before their letter set "
                                              f"on it ('reform´e' → 'reformé')"})
    if spaces:
        converted.entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                                  "evidence": f"{spaces} space(s) before closing punctuation or between "
                                              f"a sign and its figures taken out ('the Richmond ;' → "
                                              f"'the Richmond;', '£ 50' → '£50')"})
    if spaced and spaced.count:
        words = "; ".join(w for w, _ in spaced.seen.most_common(3))
        converted.entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                                  "evidence": f"{spaced.count} run(s) of words that the tool ran together set "
                                              f"apart (the file holds {spaced.tokens} tokens of three common "
                                              f"words or more run together): {words}"})
    if kerned and kerned.count:
        words = ", ".join(f"'{w}'" for w, _ in kerned.seen.most_common(5))
        converted.entries.append({"kind": Kind.SPACING_REPAIRED, "line": 1,
                                  "evidence": f"{kerned.count} word(s) that the tool cut at a kerned pair of "
                                              f"letters put back together (the file cuts {kerned.pairs} "
                                              f"common words so, 'w as' for 'was'): {words}"})
    if parted:
        converted.entries.append({"kind": Kind.LOOSE_LINE_REJOINED, "line": parted[0][0],
                                  "evidence": f"{len(parted)} printed line(s) that the tool set out in pieces "
                                              f"at their widest spaces put back together: "
                                              + "; ".join(w for _, w in parted[:3])})
    if run_on:
        converted.entries.append({"kind": Kind.LOOSE_LINE_REJOINED, "line": run_on[0][0],
                                  "evidence": f"{len(run_on)} note(s) that the tool ran on after the note before "
                                              f"them set on a line of their own at their label (the next of "
                                              f"the page's run): " + "; ".join(f"'{w}'" for _, w in run_on[:3])})
    if loose:
        converted.entries.append({"kind": Kind.LOOSE_LINE_REJOINED, "line": min(s for s, _ in loose),
                                  "evidence": f"{len(loose)} loosely set line(s) whose words pdftotext "
                                              f"set apart, one a line, put back: "
                                              + "; ".join(w for _, w in loose[:5])})
    for found, what in ((eaten, "note label(s) that pdftotext ran into the hyphenated line above them cut "
                                "off again, the hyphen put back"),
                        (restored, "compound(s) whose hyphen pdftotext dropped at a line end put back where "
                                   "the word or the file shows it"),
                        (rejoined, "line(s) that pdftotext ran together at a hyphen cut again there (the "
                                   "hyphen put back, decided later like any other)")):
        if found:
            words = ", ".join(w for _, w in found[:8])
            converted.entries.append({"kind": Kind.HYPHEN_RESTORED, "line": found[0][0], "before": words,
                                      "evidence": f"{len(found)} {what}: {words}"})
    return converted


# what a word that shows its dropped hyphen holds: a capital or digits after lower-case letters, a tens word
SHOWS_HYPHEN = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ\d]|(?i:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[a-z]")


def _hyphens_restored(pages: list[list[Line]], known: dict[str, int],
                      lang: str = "en") -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """pdftotext drops a compound's hyphen at a line end also where the lines run together stay short
    ('Sir J. Lawson, ViceAdmiral.'): put back where the word itself shows it (:func:`.hyphens.restore`:
    a capital inside it, also after a part the file writes before a compound's capital, 'Vice-', or
    after a possessive, 'Dick’sShore'; a number word; a compound's small word run into its neighbour,
    'nine-andtwentieth'). Not where the file merely writes the compound with its hyphen more often: a
    book may spell it both ways ('Axe-yard', 'Axeyard'), and a word not at a line end shows nothing.
    ``known``: the file's compounds (:func:`.hyphens.compounds`), of which only those the word shows
    count."""
    known = {k: v for k, v in known.items() if k.endswith("-") or k[:1].isupper()}
    found: list[tuple[int, str]] = []
    for page in pages:
        for ln in page:
            if not SHOWS_HYPHEN.search(ln.text) and not hyphens.SMALL.search(ln.text):
                continue
            ln.text, words = hyphens.restore(ln.text, known, lang)
            found += [(ln.src, w) for w in words]
    return pages, found


OPENERS = "(“‘\"["      # what opens a note's text glued to the broken word
LABEL_RUN_IN = re.compile(r"\d{1,3}\.?\s+[A-ZÀ-Þ“‘\"(]")      # a label and its note's first word
LABEL_CLOSED = re.compile(r"\d{1,3}\.\s+[A-ZÀ-Þ“‘\"(]")       # in a file whose labels end in a full stop
LABEL_OPENS = re.compile(r"^\d{1,3}(\.?)\s+[A-ZÀ-Þ“‘\"(]")
CLOSED_LABELS = 0.8     # the share of a file's notes opening with a label closed by a full stop, at least


def _run_in_label(lines: list[Line]) -> re.Pattern:
    """What a note's label run into the line above it looks like: a label and the note's first word;
    where the file's notes open with labels closed by a full stop ('31. There were several…', ten
    at least, CLOSED_LABELS of the lines opening with a label), the full stop too: 'Dog tavern31
    Captain Philip' is a marker and the body going on."""
    opens = [m.group(1) for ln in lines if (m := LABEL_OPENS.match(ln.text))]
    return LABEL_CLOSED if len(opens) >= 10 and opens.count(".") >= CLOSED_LABELS * len(opens) else LABEL_RUN_IN


JOINED = 1.6        # a line this much longer than the typical one is two that pdftotext ran together
LONGER = 1.15       # and so is one this much longer than the longest lines (notes' lines included)


def unjoin(pages: list[list[Line]], known: dict[str, int],
           lang: str = "en") -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """pdftotext runs a line ending in a hyphen into the next one and drops the hyphen
    (``antiSoviet element``, ``fiveyear``, ``Queen’s College, Oxford``): such a line is far longer than
    the measure. It is cut again inside the word that straddled the printed line's end (pdftotext
    joins lines at a hyphen only: the cut is always inside a word), the hyphen put back for the
    dehyphenator to decide (:func:`_cut`; ``known``: the file's compounds, :func:`.hyphens.compounds`;
    ``lang``: the book's language, whose words and hyphenation patterns decide)."""
    lines = [ln for p in pages for ln in p if len(ln.text) > 1]
    if not lines:
        return pages, []
    typical, longest, width = _lengths(lines)
    run_in = _run_in_label(lines)
    found: list[tuple[int, str]] = []
    out = []
    for p, page in enumerate(pages):
        kept: list[Line] = []
        over = _broken_over(page, pages[p + 1] if p + 1 < len(pages) else [], longest, lang, width, run_in,
                            (typical * FULL_LINE, longest))
        for i, ln in enumerate(page):
            ref = _neighbours(kept, page[i + 1:], (typical * FULL_LINE, longest)) or width
            parts = [ln]
            if over and over[0] == i:
                # (the body's last line and the note below it; the body's part may hold more lines)
                at = over[1]
                found.append((ln.src, ln.text[:at].split()[-1] + ln.text[at:].split()[0]))
                parts = [Line(ln.text[:at] + "-", ln.src), Line(ln.text[at:], ln.src)]
            for rest in parts:
                while len(rest.text) > longest:
                    head, tail, word, slack = _cut(rest.text, ref, known, longest, lang)
                    if word:
                        found.append((ln.src, word))
                    kept.append(Line(head, ln.src))
                    rest = Line(tail, ln.src, slack, run_on=True)
                kept.append(rest)
        out.append(kept)
    return out, found


def _broken_over(page: list[Line], after: list[Line], longest: float, lang: str = "en",
                 width: float = 0.0, run_in: re.Pattern = LABEL_RUN_IN,
                 full: tuple[float, float] = (0.0, 0.0)) -> tuple[int, int] | None:
    """Where the page's body broke off inside a word that the next page finishes ('ser-⏎' and
    'vants, where we'), when pdftotext ran that last body line into the note below it ('the King’s
    ser1663. He was tender'): the next page opens in lower case with letters that finish a word begun
    in exactly one place on a run-together line of this page (line index, where the fragment's word
    was cut; of several places, the one where the line cut is nearest a full line's width, and
    NARROWER–WIDER of it: 'Dr. Scarbor-' for 'ough,', not 'th-' for 'though'; the width of the full
    lines above it, ``full`` their characters, else ``width``; a word broken right before a label run
    in, as the file's labels stand, is that place), or None. ``run_in``: how a label run into the
    line looks (:func:`_run_in_label`)."""
    from ..hyphenation import COMMON, KNOWN, _zipf
    first = re.match(r"[a-zà-ÿ]+", after[0].text) if after else None
    if not first:
        return None
    # (a fragment that is a common word itself, 'head,' for 'Bull-⏎head', is looked for only where the
    # note was run in with its label, 'them to the Bull17 Dorset House, in Salisbury Court', or its
    # text opens with a bracket or quote glued on: 'the neigh(April 7th), in the churchyard'; a rare
    # one, 'burne,' or 'ough,' finishing a name, 'Black-', 'Scarbor-', wherever the note's text runs on)
    word = _zipf(first.group(), lang) >= COMMON
    found = []
    labelled = []
    for i, ln in enumerate(page):
        # (a line no longer than one set alone, right above a label on a line of its own, may still
        # end in letters run into a note's short rest: 'after dinner to Westinformation.' above '12',
        # the next page going on 'minster,')
        alone = len(ln.text) <= longest
        if alone and not (i + 1 < len(page) and BARE_NUMBER.match(page[i + 1].text)):
            continue
        for m in re.finditer(r"(?<![^\W\d_])[^\W\d_]{2,}", ln.text):
            # (the note's text glued on: 'ser1663.', 'neigh(April 7th)')
            nxt = ln.text[m.end():m.end() + 1]
            opened = bool(nxt) and nxt in OPENERS
            glued = nxt.isdigit() or opened
            label = run_in.match(ln.text, m.end()) is not None      # (a label run in right after the letters)
            if alone or (word and not (opened or label)):
                if (at := _run_in_after(m.group(), first.group(), lang)) and \
                        NARROWER <= span(ln.text[:m.start() + at] + "-") / \
                        (_neighbours(page[:i], [], full) or width or 1) <= WIDER:
                    found.append((i, m.start() + at))
                continue
            for k in range(len(m.group()) if word else 2, len(m.group()) + glued):
                if _zipf(m.group()[:k] + first.group(), lang) >= KNOWN:
                    found.append((i, m.start() + k))
                    if label and k == len(m.group()):
                        labelled.append((i, m.start() + k))
    # (where the word broke off right before a label run in, as the file's labels stand: 'the de14.
    # V. V. Kuybyshev', that place: a fragment met inside the body's own lines is chance)
    found = labelled or found
    if len(found) > 1 and width:
        # (of several places, the one where the body's last line, cut there, is nearest a full line's
        # width: 'Dr. Scarbor-' for 'ough,', not 'th-' for 'though' nor 'Ch-' for 'Chough'; measured
        # against the body's full lines above it where they show: the notes' lines run longer)
        wide = {(i, at): span(page[i].text[:at] + "-") / (_neighbours(page[:i], [], full) or width)
                for i, at in found}
        found = sorted((k for k, w in wide.items() if NARROWER <= w <= WIDER), key=lambda k: abs(wide[k] - 1))[:1]
    return found[0] if len(found) == 1 else None


def _run_in_after(letters: str, rest: str, lang: str) -> int:
    """Where the note's first word was run in after the letters a body line broke off with, the space
    dropped with the hyphen ('gentlethe' for 'gentle-' and 'the royal cause', the next page going on
    'man of great esteem'): the letters are no word, the ones after the place a common word, the ones
    before it and ``rest`` one word (:func:`..hyphenation.finishes`), the word after it of three letters
    at least ('Hartl|ib' is no place for 'and'); 0 when there is no such place."""
    from ..hyphenation import COMMON, KNOWN, _zipf, finishes
    if _zipf(letters, lang) >= KNOWN:
        return 0
    return next((k for k in range(2, len(letters) - 2)
                 if _zipf(letters[k:], lang) >= COMMON and finishes(letters[:k], rest, lang)), 0)


FULL_LINE = 0.8     # a line this much of the typical one's characters may be full (shorter: a last line)
WIDER = 1.06        # a first line cut at a pattern's break is at most this much wider than its neighbours
NARROWER = 0.7      # and at least this share of it (a hyphenated line is full, or a ragged one)


def _lengths(lines: list[Line]) -> tuple[float, float, float]:
    """The lines' typical length and the longest a line not run together has, in characters, and a
    full line's printed width (:func:`.widths.span`)."""
    typical = statistics.median(len(ln.text) for ln in lines)
    usual = sorted(len(ln.text) for ln in lines if len(ln.text) <= typical * JOINED)
    longest = usual[min(len(usual) - 1, int(len(usual) * 0.95))] * LONGER
    spans = sorted(span(ln.text) for ln in lines if len(ln.text) <= typical * JOINED)
    width = spans[int(len(spans) * 0.9)] if len(spans) >= 10 else spans[-1]
    return typical, longest, width


def run_together(pages: list[list[Line]]) -> str:
    """The lines pdftotext ran together at a hyphen (longer than any line set alone, :func:`unjoin`),
    one a line: a word closed up in them may be the tool's, not the book's ('largescale')."""
    lines = [ln for p in pages for ln in p if len(ln.text) > 1]
    longest = _lengths(lines)[1] if lines else 0
    return "\n".join(ln.text for ln in lines if len(ln.text) > longest)


def _neighbours(before: list[Line], after: list[Line], full: tuple[float, float]) -> float:
    """The printed width of a run-together line's full neighbours (the two lines before it and the two
    nearest below it in its block that were set alone; ``full``: the characters a full line has, not
    run together): the measure its first line was set to, 0 when it has none. Between the body and
    the notes (set smaller, in longer lines) the notes' measure is taken: the body's last line is the
    rarer one to be run into the next ('and did give' above a note's rest run together three lines at
    a time: 'which he had been a commoner, to Magdalene Col-' had been cut at the body's measure)."""
    block = next((k for k, ln in enumerate(after) if ln.after_blank), len(after))
    below = [ln for ln in after[:block] if len(ln.text) <= full[1]][:2]
    near = [ln for ln in before[-2:] + below if full[0] <= len(ln.text) <= full[1]]
    return max((span(ln.text) for ln in near), default=0.0)


def _cut(text: str, ref: float, known: dict[str, int], reach: float, lang: str = "en") -> tuple[str, str, str, float]:
    """A run-together line cut in two: the first line (its hyphen put back), the rest, the word cut,
    and the rest's slack (how much longer its printed line may have been). The cut falls inside a word
    ending past half ``ref`` (its neighbours' width) and starting before ``reach``: where the word
    shows its hyphen (:func:`.hyphens.hyphen_at`: 'antiSoviet', 'mid1930s'; a compound's small word run
    into its neighbour, :func:`.hyphens.small_word_run_in`: 'brother-inlaw'), else where it divides
    into two words ('swordbearer'), else at a break the language's patterns allow ('Queen’s
    Col|lege') that leaves the first line within NARROWER–WIDER of ``ref``, the nearest ``ref`` of the
    first kind there is; at the space nearest ``ref`` when no word there may be broken so (the printed
    break is in no pattern: 'be-gan'), the cut word's first part then the rest's slack."""
    from ..hyphenation import _positions
    cands: list[tuple[int, float, str, str, str, float]] = []     # (tier, distance, head, rest, word, slack)

    def add(tier: int, head: str, rest: str, word: str, slack: float = 0.0) -> None:
        cands.append((tier, abs(span(head) - ref), head, rest, word, slack))

    for m in re.finditer(r"\S+", text):
        if span(text[:m.end()]) < 0.5 * ref or m.start() > reach:
            continue
        word, at = m.group(), m.start()
        k = hyphens.hyphen_at(word, known, joined_here=True, lang=lang) or \
            hyphens.small_word_run_in(hyphens.without_marker(word), lang)
        if k and word[k].isdigit():       # (before a digit the hyphen is the compound's: 'mid-1930s')
            add(0, text[:at + k] + "-" + text[at + k:m.end()], text[m.end():].lstrip(), word)
        elif k:
            add(0, text[:at + k] + "-", text[at + k:], word)
        if k := hyphens.dictionary_split(word, lang):
            add(1, text[:at + k] + "-", text[at + k:], word)
        lead = len(word) - len(word.lstrip(hyphens.OPENING))
        core = re.match(r"[^\W\d_]+", word[lead:])
        for k in _positions(lang, core.group()) if core else ():
            if NARROWER * ref <= span(text[:at + lead + k] + "-") <= ref * WIDER:
                add(2, text[:at + lead + k] + "-", text[at + lead + k:], word, span(word[:lead + k]))
        add(3, text[:m.end()], text[m.end():].lstrip(), "", span(" " + word))
    near = next((tier for tier in ([c for c in cands if c[0] == k] for k in range(4)) if tier), [])
    if not near:
        return text[:len(text) // 2], text[len(text) // 2:], "", 0.0
    _, _, head, rest, word, slack = min(near, key=lambda c: c[1])
    return head, rest, word, slack


RUN_IN = re.compile(r"(?<=[^\W\d_]{2})(\d{1,3})$")


def labels_run_in(pages: list[list[Line]]) -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """pdftotext runs a line ending in a hyphen into the next one: when that is a note's label on a line
    of its own (LaTeX), the label ends the line above, glued to half a word ('Dined at Sir W. Bat11',
    the word going on at the next page's top). Such a line is cut again ('Bat-' and '11') when the page
    holds no label line of that number, but does hold the next label's, or the text above holds its
    marker; a marker ending a line leaves its label line below. On the page's last line too: the
    label read after its note ('and these bodies were re4', the note going on overleaf). Not where the
    page holds a note opening with that label ('3The Sun Tavern…': notes numbered per page, the
    marker's number seen on the page before)."""
    found: list[tuple[int, str]] = []
    out = []
    for p, page in enumerate(pages):
        # (the page's labels on lines of their own, and those opening a note's text)
        labels = {ln.text.rstrip(".") for ln in page if BARE_NUMBER.match(ln.text)}
        labels |= {opened[0] for ln in page if (opened := label_of(ln.text)) and opened[1]}
        kept: list[Line] = []
        for i, ln in enumerate(page):
            m = RUN_IN.search(ln.text)
            if m and (i + 1 == len(page) or not BARE_NUMBER.match(page[i + 1].text)) and \
                    m.group(1) not in labels and (successor(m.group(1)) in labels or referred(
                        (pages[p - 1] if p else []) + page[:i] + [Line(ln.text[:m.start()], ln.src)], m.group(1))):
                found.append((ln.src, ln.text.split()[-1]))
                kept += [Line(ln.text[:m.start()] + "-", ln.src), Line(m.group(1), ln.src)]
                continue
            kept.append(ln)
        out.append(kept)
    return out, found


# a note's label run on after the note before it ends, the next note opening ('… Lord Crew.2 Son of Sir…',
# '….6 —B.': a note of initials), or at a colon after a word, its quotation not printed ('Ben Jonson
# mentions them:17 Dorset…'); inside a page's run of notes a note may end in a word too ('… the
# coronation of Charles II101 Charles Scarburgh…'; the first label of a page's run so glued is
# pdftotext's, run into a word broken at the body's last line: 'polit4 Socialisticheski…', labels_run_in)
_OPENING_NOTE = r"(\d{1,3})[ \t]+(?=[“‘\"(\[]?[A-ZÀ-Þ]|[—–])"
RUN_ON = re.compile(r"(?:(?<=[.?!…)\]”’\"])|(?<=[^\W\d_]:))" + _OPENING_NOTE)
RUN_ON_IN_RUN = re.compile(r"(?:(?<=[.?!…)\]”’\"])|(?<=[^\W\d_]:)|(?<=[^\W\d_]))" + _OPENING_NOTE)
GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]|[.,;:!?…)\]”’\"])(\d{1,3})(?!\d)")     # glued to a word or its stop


def labels_run_on(pages: list[list[Line]]) -> tuple[list[list[Line]], list[tuple[int, str]]]:
    """pypdf sets a note whose label is raised (a word processor's notes at a smaller size) on the
    line of the note before it: '1 Thomas Crew, … first Lord Crew.2 Son of Sir Christopher…', '…
    Longueville. —B.3 Probably the Sun Tavern…'. In a page's run of notes, a number glued after a
    sentence's end (or a word, or a colon after one) and followed by a capital or a dash is cut onto a
    line of its own where it is the run's next label (1, 2, 3 …: the sequence decides, so a figure in
    a note's text is none unless it is the very next label). The run starts at a line opening with a
    label that follows the run's last one or whose marker stands above it (a line of a note opening
    with a figure, '260 from Saturday…' in note 41, starts none), or, going on from the page before's
    notes, at the next label set so after its marker on the page ('strong water,13' above '… July
    12th, 1660.13 There is a token…'): a marker in the text may read so too ('… overcome.14 Then')."""
    found: list[tuple[int, str]] = []
    out = []
    expected: str | None = None       # the label the notes' run goes on with
    predecessor: str | None = None    # the run's last label
    for p, page in enumerate(pages):
        kept: list[Line] = []
        running, marked = False, False    # (in the page's run of notes; the next label's marker seen)
        for ln in page:
            opened = label_of(ln.text)
            # (a line a note's text opens with a figure is none, '260 from Saturday…' after note 41:
            # the label follows the run's last one, or its marker stands above it or on the page before)
            if opened and opened[1] and (expected is None or follows(predecessor, opened[0]) or
                                         referred((pages[p - 1] if p else []) + kept, opened[0])):
                expected, running, predecessor = successor(opened[0]), True, opened[0]
            parts, text = [], ln.text
            while expected and expected in text:
                after = -1          # (a label set so is glued too: before the run, the first is its marker)
                if not running and not marked:
                    after = next((m.start() for m in GLUED_NUMBER.finditer(text) if m.group(1) == expected), -1)
                    marked = after >= 0
                label = next((m for m in (RUN_ON_IN_RUN if running else RUN_ON).finditer(text)
                              if m.group(1) == expected and m.start() > after), None)
                if label is None:
                    break
                found.append((ln.src, text[max(0, label.start() - 12):label.end() + 12].strip()))
                parts.append(text[:label.start()].rstrip())
                predecessor = expected
                text, expected, running, marked = text[label.start():], successor(expected), True, False
            if parts:
                kept += [Line(parts[0], ln.src, after_blank=ln.after_blank, indent=ln.indent)]
                kept += [Line(t, ln.src) for t in parts[1:] + [text]]
            else:
                kept.append(ln)
        out.append(kept)
    return out, found


def from_pages(pages: list[list[Line]], furniture: list[str], description: str, lang: str = "en") -> Converted:
    """Pages of plain lines (furniture removed) into the seed's shape."""
    width = body_width([ln for p in pages for ln in p[: max(1, len(p) // 2)]])
    pages, chapter_notes = endnotes.split(pages)
    pages, title = endnotes.heading(pages) if chapter_notes else (pages, None)
    entries = [{"kind": Kind.FURNITURE_REMOVED, "line": title.src, "before": title.text,
                "evidence": f"the notes' own heading '{title.text}' above the notes at the chapter's end taken "
                            f"out (in the text it would end a paragraph)"}] if title else []
    # (asked for only where a page's first note may have left its opening lines above it)
    openers = functools.cache(lambda: sentence_openers([ln.text for page in pages for ln in page]))
    areas = _areas(pages, Measure(width, width, width), openers) if not chapter_notes else [None] * len(pages)
    measure = measure_notes(areas, width, goes_on_reach(pages))
    # (which words are the notes', by the first reading: asked where no other evidence places a first note)
    vocabulary = _vocabulary([page[: a.start] if a else page for page, a in zip(pages, areas)], areas)
    areas = _areas(pages, measure, openers, vocabulary) if not chapter_notes else areas
    bodies = [page[: a.start] if a else page for page, a in zip(pages, areas)]
    bodies = _continuations(bodies, areas, measure, lang)
    labels = [[n.label for n in a.notes if not n.continued] if a else [] for a in areas]
    markers = place_markers(bodies, labels) if not chapter_notes else endnotes.markers(bodies, chapter_notes)
    body = _cut_at_markers([BodyLine(ln, mark(ln.text, markers[p].get(i, [])), p, i == 0)
                            for p, page in enumerate(bodies) for i, ln in enumerate(page)], width)
    out: list[tuple[str, int]] = []
    done = -1
    for text, src in shape(body, width, furniture, lang):
        if text is None:
            for p in range(done + 1, src + 1):
                out.extend(_notes_and_break(areas[p], pages[p], p == len(pages) - 1))
            done = src
        else:
            out.append((text, src))
    for p in range(done + 1, len(pages)):
        out.extend(_notes_and_break(areas[p], pages[p], p == len(pages) - 1))
    if chapter_notes:
        written, more = endnotes.write(chapter_notes)
        entries += more
        out += written
    found = sum(len(m) for page in markers for m in page.values())
    notes = sum(len(x) for x in labels) + len(chapter_notes)
    where = " at the chapter's end" if chapter_notes else ""
    summary = (f"{description}: {len(pages)} page(s), {len(furniture)} furniture line(s), {notes} note(s)"
               f"{where}, {found} marker(s) found")
    converted = Converted("\n".join(t for t, _ in out) + "\n", [s for _, s in out],
                          furniture=furniture + ([title.text] if title else []), summary=summary)
    converted.entries.extend(entries)
    return converted


CUT_AT_MARKERS = 0.8     # the share of the lines holding a marker that end with it, in a text cut so
MARKED_LINES = 5         # lines holding a marker that must be seen to tell
WIDEST = 1.06            # a body line's width at most, as a share of the body's (its upper decile)


def _cut_at_markers(body: list[BodyLine], width: float) -> list[BodyLine]:
    """Lines a tool cut after each note's marker put back together: ``pdftotext -raw`` writes a
    LibreOffice line that holds a superscript as two, the rest after the marker on a line of its own
    ('by violence.34' and 'One', then 'factor was the traditional…'). When nearly every line holding a
    marker ends with it (CUT_AT_MARKERS of them, where a printed line ends at a marker about one time
    in ten), a line ending with its marker goes on with the next on the same page where the two fit
    in a body line's width (a paragraph ending at its marker is followed by a fuller line)."""
    marked = [bl for bl in body if "<sup>" in bl.text]
    ending = [bl for bl in marked if bl.text.endswith("</sup>")]
    if len(marked) < MARKED_LINES or len(ending) < CUT_AT_MARKERS * len(marked):
        return body
    def onto(before: BodyLine, _mid: bool, i: int) -> bool:
        return before.text.endswith("</sup>") and not body[i].page_start and \
            span(before.line.text + " " + body[i].line.text) <= width * WIDEST
    return joined_where(body, [False] * len(body), onto)[0]


def _vocabulary(bodies: list[list[Line]], areas: list[Area | None]) -> Callable[[], Vocabulary]:
    """Which words are the notes' (:class:`.vocabulary.Vocabulary`) by these bodies and note areas,
    worked out when first asked."""
    return functools.cache(lambda: Vocabulary.of((ln.text for a in areas if a for n in a.notes for ln in n.lines),
                                                 (ln.text for body in bodies for ln in body)))


def _areas(pages: list[list[Line]], measure: Measure, openers: Openers = frozenset,
           vocabulary: Callable[[], Vocabulary | None] = lambda: None) -> list[Area | None]:
    """Each page's note area (:func:`.notes.find_area`); ``vocabulary``: which words are the notes',
    from a first reading (:class:`.vocabulary.Vocabulary`), when asked."""
    areas: list[Area | None] = []
    prev: str | None = None
    trailing = _labels_trail(pages)
    for p, page in enumerate(pages):
        before, after = pages[p - 1] if p else [], pages[p + 1] if p + 1 < len(pages) else []
        area = find_area(page, prev, measure, before, after, trailing, openers, vocabulary)
        if area and area.notes:
            prev = area.notes[-1].label
        areas.append(area)
    return areas


TRAILING = 0.5      # the share of the pages with labels on lines of their own that end with one, at least


def _labels_trail(pages: list[list[Line]]) -> bool:
    """The file's labels stand after their notes (a word processor's, in pdftotext): of its pages
    holding labels on lines of their own (three at least), TRAILING end with one."""
    labelled = [page for page in pages if any(BARE_NUMBER.match(ln.text) for ln in page)]
    return len(labelled) >= 3 and sum(bool(BARE_NUMBER.match(page[-1].text)) for page in labelled) >= \
        TRAILING * len(labelled)


def _continuations(bodies: list[list[Line]], areas: list[Area | None], measure: Measure,
                   lang: str = "en") -> list[list[Line]]:
    """A note left unfinished at a page's foot goes on at the next page's foot, before its first label:
    the lines set in the notes' measure right above the next page's note area are its text, or one
    line there that opens in lower case and finishes the note; where the notes are set at the body's
    measure, the lines from where the words turn to the notes' (:func:`_rest_by_words`)."""
    last: Area | None = None
    out = []
    vocabulary = _vocabulary(bodies, areas)
    for p, body in enumerate(bodies):
        lines = last.notes[-1].lines if last and last.notes else []
        note = " ".join(ln.text for ln in lines)
        broken_off = bool(lines) and unfinished(note)
        k = len(body)
        labels = [n.label for n in areas[p].notes] if areas[p] else []
        finished = _word_finished(body, lines[-1].text, labels, lang) if lines else None
        if broken_off and (atop := _rest_atop(areas[p].notes[0].lines if labels else [], note)):
            first = areas[p].notes[0]       # (the rest read as the first note's opening lines)
            areas[p].notes[:1] = [Note("", first.lines[:atop], continued=True),
                                  dataclasses.replace(first, lines=first.lines[atop:])]
        elif finished is not None:
            k = finished          # (the word the note broke off in goes on there: 're-' and 'leased from')
        elif lines and (rest := _indented_as_note(body, [last, areas[p]])) < len(body) and (
                broken_off or body[rest].after_blank):
            # (-layout: the notes' own indent, the body's lines set otherwise; below a blank line, a
            # note that ended a sentence goes on too: '… of Lawford, Essex.' and '   His house was…')
            k = rest
        elif broken_off and (rest := _set_apart_rest(body)) < len(body):
            k = rest        # (below a blank line, in lower case, under the body's broken sentence)
        elif broken_off and (rest := _rest_in_lower_case(body, labels)) < len(body) and \
                not _finishes_body(body, bodies[p + 1:p + 2]):
            k = rest        # (right under the body's last sentence, in lower case)
        elif broken_off and not measure.notes_longer and \
                (rest := _rest_by_words(body, labels, vocabulary(), note,
                                        _page_goes_on(bodies[p + 1:p + 2]))) < len(body) and \
                not _finishes_body(body, bodies[p + 1:p + 2]):
            k = rest        # (under the body's broken line, notes at its measure: where the words turn)
        elif (broken_off or (lines and (measure.full(lines[-1]) or areas[p] is None))) and \
                any(measure.long(ln) for ln in body[-3:]):
            # (a note that ends a sentence on a full line may go on too, its rest holding a line in the
            # notes' measure; on a page with no notes of its own, one on a line TeX stretched to the
            # measure, '… the execution of Charles I.', its rest holding two; a ragged last line or two)
            k = _unjoined(body, first_lines(body, len(body), measure, labels))
            if not broken_off and sum(measure.long(ln) for ln in body[k:]) < (1 if measure.full(lines[-1]) else 2):
                k = len(body)
        elif broken_off and body and not unfinished(body[-1].text) and (
                _between(body, bodies[p + 1:p + 2]) or (areas[p] and (
                    (body[-1].text[:1].islower() and not _finishes_body(body, bodies[p + 1:p + 2])) or
                    _closes(note, body[-1].text)))):
            # one short line that ends the note: 'in 1674.', 'Magazine, 1848. —B.'; on a page of no
            # notes of its own only where it stands between the body's broken sentence and its rest
            k = len(body) - 1
        if 0 < k < len(body):
            cont = body[k:]
            body = body[:k]
            area = areas[p] or Area(k)
            area.start = k
            area.notes.insert(0, Note("", cont, continued=True))
            areas[p] = area
        out.append(body)
        last = areas[p]
    return out


REST_PAIRS = ("()", "“”")       # what a note left open that its rest, read as the next note's opening, closes


def _rest_atop(lines: list[Line], note: str) -> int:
    """How many of the page's first note's ``lines`` go on with the page before's last note, broken
    off: where that ``note`` left a parenthesis or a double quote open and the first line closes one
    it did not open (no note opens so: 'Dennis Fleming).' above 'Algernon Percy, tenth Earl of
    Northumberland…', under '…joint Clerk of the Acts (with'), the lines down to the first that ends a
    sentence under which one opens. (Parentheses count here, where the lines stand among the notes,
    not under the body: :data:`.notes.PAIRS`.) 0: none."""
    from .shape import OPENS
    if not lines or not any(n > 0 and closes_unopened(lines[0].text, (pair,))
                            for pair, n in zip(REST_PAIRS, left_open(note, REST_PAIRS))):
        return 0
    return next((j + 1 for j in range(len(lines) - 1)
                 if not unfinished(lines[j].text) and OPENS.match(lines[j + 1].text)), 0)


def _rest_by_words(body: list[Line], labels: list[str], vocabulary: Vocabulary, note: str = "",
                   broken: bool = False) -> int:
    """Where the lines at the page's foot that go on with the page before's last note, broken off,
    start, where the tool set them right under the body's line broken off mid-sentence and the notes
    are set at the body's size and measure (pypdf, PyMuPDF's plain text and pdftotext of a word
    processor's print: '…we fell into discourse of many things, till it was so rough' above 'and
    rector of St. Giles’s-in-the-Fields. He was one of the deputation…'). Nothing in their setting
    tells them from the body's; their words do (:meth:`.vocabulary.Vocabulary.turn`): of the lines
    below the last one holding a marker of the page's notes that open in lower case under a line
    broken off mid-sentence, the one from which the words are the notes' by TURN, the page's last
    line finishing the note. Two things say the rest is there whatever its words:
    - the ``note`` left a quotation open (:data:`.notes.PAIRS`): the rest closes it, and the body
      above it closes none it did not open ('…the merchant only' and, overleaf, 'knowing me, as having
      hired her…without naming anybody.” The'), its lines then opening in either case;
    - the next page's body opens in lower case (``broken``): the body broke off here, not at the
      page's last line, which ends a sentence ('…took a walk round' above 'Winchelsea in the Long
      Parliament…', the page after opening 'the park, it being…').
    Then the most the notes' of those lines. ``len(body)``: none."""
    if not body or unfinished(body[-1].text):
        return len(body)
    low = below_markers(body, labels, 1, len(body)) if labels else 1
    starts = [k for k in range(max(low, 1), len(body)) if unfinished(body[k - 1].text)]
    if closing := [k for k in starts if _closes_note(body, low, k, note)]:
        starts, sure = closing, True
    else:
        starts, sure = [k for k in starts if broken or body[k].text[:1].islower()], broken
    turned = vocabulary.turn([ln.text for ln in body], starts, margin=-math.inf if sure else TURN)
    return len(body) if turned is None else turned


def _closes_note(body: list[Line], low: int, k: int, note: str) -> bool:
    """The lines from ``k`` close the quotation ``note`` left open, and those from ``low`` above them
    close none they did not open."""
    opened = left_open(note)
    return any(opened) and left_open(" ".join(ln.text for ln in body[k:])) == tuple(-n for n in opened) and \
        not closes_unopened(" ".join(ln.text for ln in body[low:k]))


def _page_goes_on(after: list[list[Line]]) -> bool:
    """The next page's body opens in lower case: the sentence this page's body broke off goes on there."""
    return bool(after and after[0]) and after[0][0].text[:1].islower()


def _set_apart_rest(body: list[Line]) -> int:
    """Where the lines at the page's foot that go on with the page before's last note, broken off,
    start, where the tool set them apart: the lowest line below a blank one, opening in lower case
    (no paragraph opens so), the last of them finishing the note ('… to my Lord’s at Whitehall,', a
    blank line, 'where he obtained considerable reputation…' down to '… three sons and five
    daughters.'). ``len(body)``: none."""
    k = next((k for k in range(len(body) - 1, 0, -1) if body[k].after_blank), 0)
    if k and body[k].text[:1].islower() and not unfinished(body[-1].text):
        return k
    return len(body)


def _rest_in_lower_case(body: list[Line], labels: list[str]) -> int:
    """Where the lines at the page's foot that go on with the page before's last note, broken off,
    start, where the tool set them right under the body (pypdf and PyMuPDF's plain text of a word
    processor's print: '… grain from affluent peasants.' above 'conform to statistical data available
    today…'): on a page with notes of its own, the first line below the last one holding a marker
    of them that opens in lower case after a line ending a sentence with a full stop (no paragraph's
    line opens so; after a colon one does: 'darkish:' and 'then we broke up'), the page's last line
    finishing the note. ``len(body)``: none."""
    if not labels or unfinished(body[-1].text if body else ""):
        return len(body)
    k = next((k for k in range(below_markers(body, labels, 1, len(body)), len(body))
              if body[k].text[:1].islower() and _full_stop(body[k - 1].text)), len(body))
    return len(body) if any(ln.run_on for ln in body[k:]) else k      # (a line run together: the body's)


def _full_stop(text: str) -> bool:
    """``text`` ends a sentence with a full stop, a question or an exclamation mark (not a colon or an
    ellipsis, after which a sentence may go on in lower case), not after an abbreviation."""
    return not ends_mid_sentence(text) and TRAILING_NOISE.sub("", text).rstrip(CLOSERS + " ")[-1:] in ".?!"


def _indented_as_note(body: list[Line], areas: list[Area | None]) -> int:
    """Where the lines at the page's foot that go on with the page before's last note start, by indent
    (a tool that keeps the layout: pdftotext -layout): set in from the margin as far as
    the notes' lines after their first in ``areas`` (this page's and the page before's: a hanging
    indent), where most of the body's lines are set otherwise, under a body line broken off
    mid-sentence (no paragraph's first line, which may stand as far in: LaTeX's), the last of them
    finishing the note ('Secretary to the' and '  Commissioners of Parliament for Accounts.', above
    the page's first label, under '… that he might be one of the', which goes on at the next page's
    top, 'Clerks to the Council'). ``len(body)``: none."""
    indents = Counter(ln.indent for area in areas if area for note in area.notes for ln in note.lines[1:])
    if not indents or not body or unfinished(body[-1].text):
        return len(body)
    indent = indents.most_common(1)[0][0]
    if indent == 0 or Counter(ln.indent for ln in body).most_common(1)[0][0] == indent:
        return len(body)
    k = len(body)
    while k > 1 and body[k - 1].indent == indent:
        k -= 1
    return k if unfinished(body[k - 1].text) else len(body)


FINISHED_WITHIN = 12    # lines up from the page's foot where a note's broken word is looked for


def _word_finished(body: list[Line], last: str, labels: list[str], lang: str = "en") -> int | None:
    """Where the previous page's last note goes on when it broke off inside a word ('who was re-'):
    the line near the page's foot, below the last one holding a marker of the page's notes, that
    opens with the rest of that word in lower case ('leased from Dover Castle'), its letters and the
    broken word's making a dictionary word (the lowest such line, a common word's where there is
    one); None when there is none."""
    from ..hyphenation import COMMON, finishes
    head = re.search(r"([^\W\d_]+)-$", last.rstrip())
    if not head:
        return None
    found: list[tuple[float, int]] = []
    for k in range(len(body) - 1, max(-1, len(body) - 1 - FINISHED_WITHIN), -1):
        if holds_marker(body[k], labels):
            break
        rest = re.match(r"[a-zà-ÿ]+", body[k].text)
        if rest and k and (zipf := finishes(head.group(1), rest.group(), lang)):
            found.append((zipf, k))
    # (the lowest, where the word is a common one: 'Com-' and 'mon Council', not 'and Common Council'
    # two lines below, 'comand' a misspelling the web writes; 're-' and 'ceived him' below 'al’s name')
    common = [k for zipf, k in found if zipf >= COMMON]
    return (common or [k for _, k in found] or [None])[0]


def _closes(note: str, line: str) -> bool:
    """``line`` closes a bracket that ``note`` left open ('… 1668 (see' and 'Boyne’s Trade Tokens, …,
    p. 648).'), one it does not open itself."""
    return note.count("(") > note.count(")") and line.count(")") > line.count("(")


def _unjoined(body: list[Line], k: int) -> int:
    """``k``, or the page's end when line ``k`` is the rest of a line pdftotext ran together at a hyphen
    with the line above it ('genteel sup-' and 'per, and after that…'): pdftotext joins the lines of
    one block only, so that rest is the body's, and the lines below it with it."""
    return len(body) if k < len(body) and body[k].run_on else k


def _finishes_body(body: list[Line], after: list[list[Line]]) -> bool:
    """The chapter's last page, its last line finishing the sentence the line above it broke off: the
    body's own last line, no note's (a chapter does not end mid-sentence: 'well as to' and 'body and
    mind, but troubled for the absence of my wife.'). On other pages a note's line may follow a body
    line broken off there, its sentence going on at the next page's top."""
    return len(body) > 1 and not after and unfinished(body[-2].text)


def _between(body: list[Line], after: list[list[Line]]) -> bool:
    """The page's last line ends a sentence between a line broken off mid-sentence and the next page's
    text going on in lower case: no paragraph's line, so the previous page's note's."""
    return len(body) > 1 and unfinished(body[-2].text) and _page_goes_on(after)


def _notes_and_break(area: Area | None, page: list[Line], last: bool) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    if area and area.notes:
        src = page[area.start].src if area.start < len(page) else page[-1].src
        out += [("", src), ("---", src), ("", src)]
        for note in area.notes:
            if not note.lines:
                out += [(note.label, src), ("", src)]
                continue
            first, *rest = note.lines
            head = first.text if note.continued else f"{note.label} {first.text}"
            out += numbers_kept_inside([(head, first.src)] + [(ln.text, ln.src) for ln in rest])
            out.append(("", rest[-1].src if rest else first.src))
    if not last:
        src = page[-1].src if page else 1
        out += [("", src), ("\f", src), ("", src)]
    return out
