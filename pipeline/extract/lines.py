"""A PDF page's text as rows: words grouped by baseline, raised small glyphs (note markers) attached to
the row they stand in, italics marked, ligatures expanded.

Every character comes with its font, size and position (``content.read_content``, pdfplumber's values);
pdfplumber's word extraction splits words where the font or size changes, so that an italic word and a
superscript are words of their own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..layout.syntax import NUMBER, SYMBOL

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Style from the font's name; TeX's fonts say it in their short names: Computer Modern (CMTI10 text
# italic, CMSL slanted, CMBX bold extended, CMB bold) and the EC/cm-super fonts (SFTI1000, SFBX1200).
ITALIC_FONT = re.compile(r"(italic|oblique|-it\b|-ital|\bcm(ti|sl|bxti|bxsl|u)\d|\bsf(ti|sl|bi|bl|ui)\d)", re.I)
BOLD_FONT = re.compile(r"(bold|black|heavy|semibold|-bd\b|\bcm(bx|b|bxti|bxsl)\d|\bsf(bx|bi|bl)\d)", re.I)
SUP_SIZE = 0.88        # a superscript is set smaller than this share of its text (browsers: 5/6)
NEXT_LINE = 1.6        # the next line's baseline lies this many text sizes below at most (leading)
MARKER_TEXT = re.compile(rf"^\[?({NUMBER}|{SYMBOL})\??\]?[,.;:]?$")
HANGING = 1.5          # a label alone stands this many text sizes left of its row's first word at most


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    italic: bool = False
    bold: bool = False
    sup: bool = False        # a raised, smaller glyph run: a note marker
    mcids: tuple[int, ...] = ()   # the marked content its glyphs are drawn in (a tagged PDF's)


@dataclass
class Row:
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words if not w.sup) if any(not w.sup for w in self.words) else \
            min(w.top for w in self.words)

    @property
    def baseline(self) -> float:
        normal = [w.bottom for w in self.words if not w.sup] or [w.bottom for w in self.words]
        return max(normal)

    @property
    def size(self) -> float:
        """The row's text size: the most common among its (non-superscript) words, by characters."""
        sizes: dict[float, int] = {}
        for w in self.words:
            if not w.sup:
                sizes[round(w.size, 1)] = sizes.get(round(w.size, 1), 0) + len(w.text)
        return max(sizes, key=sizes.get) if sizes else round(self.words[0].size, 1)

    @property
    def italic(self) -> bool:
        letters = [w for w in self.words if not w.sup and any(c.isalpha() for c in w.text)]
        return bool(letters) and all(w.italic for w in letters)

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if not w.sup and any(c.isalpha() for c in w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @property
    def mcids(self) -> set[int]:
        """The marked content its words are drawn in (a tagged PDF's MCIDs on its page)."""
        return {m for w in self.words for m in w.mcids}

    @property
    def plain(self) -> str:
        """The row's words without markup (for comparisons: running heads, headings)."""
        return " ".join(w.text for w in self.words if not w.sup)

    def text(self) -> str:
        """The row as raw-chapter text: ``*italic*`` runs, ``<sup>N</sup>`` markers, spaces where the
        page shows a gap."""
        out = ""
        italic_open = False
        prev: Word | None = None
        for w in self.words:
            gap = prev is not None and apart(prev, w)
            if w.sup:
                if italic_open:
                    out += "*"
                    italic_open = False
                # "[54?]" is how this pipeline prints a marker whose note is missing: the marker is 54
                label = re.sub(r"^\[(.+?)\??\]$", r"\1", w.text)
                # (a marker follows its word: only a word space's gap, not an italic correction or the
                # kern after an ellipsis, is a space before it)
                spaced = prev is not None and not prev.sup and w.x0 - prev.x1 > 0.2 * prev.size
                out += (" " if spaced else "") + f"<sup>{label}</sup>"
            else:
                if italic_open and not w.italic:
                    out += "*"
                    italic_open = False
                if gap or (prev is not None and prev.sup and w.x0 - prev.x1 > 0.05 * w.size):
                    out += " "
                if w.italic and not italic_open and any(c.isalnum() for c in w.text):
                    out += "*"
                    italic_open = True
                out += w.text
            prev = w
        if italic_open:
            out += "*"
        # an italic run's closing mark goes before the spaces and after trailing punctuation
        return re.sub(r"\*\s+\*", " ", out)


def apart(word: Word, nxt: Word) -> bool:
    """The page shows a space between two words of a row (more than an eighth of an em of gap)."""
    return nxt.x0 - word.x1 > 0.12 * min(word.size, nxt.size)


def clean_text(text: str) -> str:
    for lig, plain in LIGATURES.items():
        text = text.replace(lig, plain)
    return unicodedata.normalize("NFC", INVISIBLE.sub("", text))


def printed_hyphens(chars: list[dict]) -> list[dict]:
    """A soft hyphen (U+00AD) drawn with a width was printed: it is a hyphen the typesetter drew, U+2010
    (Typst maps its hyphen glyph to U+00AD, a line end's and a compound's alike, and gives a compound's
    an ``/ActualText`` of ``-`` in a tagged PDF: ``content``). Whether the book's U+2010 are its
    breaks or hyphens of any kind the whole book tells (``BookStats.breaks_marked``). One without width
    stays invisible."""
    return [dict(c, text="\u2010") if c["text"] == "\u00ad" and c["x1"] - c["x0"] > 0.1 * c["size"] else c
            for c in chars]


SAME_PLACE = 0.05    # glyphs set within this share of the size of each other's place: overprinted


def _in_stream_order(chars: list[dict]) -> list[dict]:
    """Where a glyph is set at the place of the one drawn before it on its line (a label too wide for
    the box that hangs it, '100.' in 1.5 em: its full stop and the note's first letter at one place),
    the reading order is the drawing order: it is moved on a hair, so that sorting by place keeps
    them so ('100.Denzil', not '100 D.enzil')."""
    out: list[dict] = []
    for c in chars:
        prev = out[-1] if out else None
        if prev is not None and c["text"].strip() and prev["text"].strip() and \
                abs(c["x0"] - prev["x0"]) < SAME_PLACE * c["size"] and c["x0"] <= prev["x0"] and \
                abs(c["bottom"] - prev["bottom"]) < 0.5 * c["size"]:
            c = dict(c, x0=prev["x0"] + 0.001, x1=max(c["x1"], prev["x0"] + 0.002))
        out.append(c)
    return out


def page_rows(chars: list[dict], width: float) -> list[Row]:
    """A page's rows from its characters (``content.read_content``), top to bottom, words left to right."""
    from pdfplumber.utils.text import extract_words
    chars = _in_stream_order(_accented(_unshifted(superscript_figures(printed_hyphens(chars)))))
    tagged = any(c.get("mcid") is not None for c in chars)
    raw = extract_words(chars, extra_attrs=["fontname", "size"], keep_blank_chars=False,
                        use_text_flow=False, x_tolerance=1.5, y_tolerance=2.0, return_chars=tagged)
    words = []
    for w in raw:
        text = clean_text(w["text"])
        if not text:
            continue
        # (a word's marked content: its first and last glyphs' — a word lies in one or runs into the next)
        mcids = tuple(sorted({w["chars"][0]["mcid"], w["chars"][-1]["mcid"]} - {None})) if tagged else ()
        words.append(Word(text, float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                          float(w["size"]), bool(ITALIC_FONT.search(w["fontname"] or "")),
                          bool(BOLD_FONT.search(w["fontname"] or "")), mcids=mcids))
    rows: list[Row] = []
    for w in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        if rows and abs(rows[-1].words[-1].bottom - w.bottom) < 0.25 * w.size:
            rows[-1].words.append(w)
        else:
            rows.append(Row([w]))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return _attach_superscripts(_split_at_gutter(rows, width))


SUP_FIGURE = 0.8       # an OpenType superscript figure is narrower than this share of the font's figure
NARROW_FIGURE = 0.38   # em: narrower than any text figure (superscripts are about 0.3 em)


def superscript_figures(chars: list[dict]) -> list[dict]:
    """Figures set with the font's OpenType superscript glyphs (Typst's note markers): at the text's
    size and baseline, so nothing but their width tells them from the text's figures. A figure is one
    when it is narrower than the same figure elsewhere in its font (four fifths; any figure, when the
    font's figures are tabular), or — its font showing no wider one here — narrower than any text
    figure and glued to the character before it. It is then given a superscript's size and raise,
    the evidence the rest of extraction reads."""
    ems: dict[tuple, float] = {}
    for c in chars:
        if _figure(c):
            key = (c.get("fontname"), c["text"])
            ems[key] = max(ems.get(key, 0.0), _em(c))
    if not ems:
        return chars
    fonts: dict = {}
    for (font, _), em in ems.items():
        fonts.setdefault(font, []).append(em)
    for font, widths in fonts.items():
        wide = [w for w in widths if w >= NARROW_FIGURE]
        if wide and max(wide) <= 1.05 * min(wide):
            # tabular figures: every figure of the font is as wide as its widest one
            for key in [k for k in ems if k[0] == font]:
                ems[key] = max(ems[key], max(wide))
    out = []
    prev = None
    for c in chars:
        mine = c
        if _figure(c):
            em, widest = _em(c), ems[(c.get("fontname"), c["text"])]
            glued = prev is not None and prev["text"].strip() and abs(c["x0"] - prev["x1"]) < 0.1 * c["size"] \
                and abs(c["bottom"] - prev["bottom"]) < 0.1 * c["size"]
            if em < SUP_FIGURE * widest or (em < NARROW_FIGURE and glued
                                            and not (prev["text"].isdigit() and _em(prev) >= NARROW_FIGURE)):
                raise_by = 0.33 * c["size"]
                mine = dict(c, size=0.65 * c["size"], top=c["top"] - raise_by, bottom=c["bottom"] - raise_by)
        out.append(mine)
        prev = c
    return out


def _figure(c: dict) -> bool:
    return len(c["text"]) == 1 and c["text"].isdigit() and c["size"] > 0


def _em(c: dict) -> float:
    return (c["x1"] - c["x0"]) / c["size"]


# A glyph's text as pdfminer gives it -> the character its standard font metrics are listed under.
METRIC_CHARS = {"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "ffi": "ﬃ", "ffl": "ﬄ", "...": "…"}


def _unshifted(chars: list[dict]) -> list[dict]:
    """Characters placed where the page shows them. A glyph the PDF gives no width (gropdf writes some
    ligatures and the ellipsis under codes its /Widths leave at 0) is drawn at its real width, so the
    glyphs after it in its text run stand that much further right than a reader computes: the run's
    end then shows a gap of the glyph's width inside a word (``La wson``). The glyph gets its width
    (the standard font's, else half an em a letter) and the glyphs up to that gap move right by it."""
    zero = [i for i, c in enumerate(chars) if _widthless(c)]
    if not zero:
        return chars
    chars = [dict(c) for c in chars]
    done: set[int] = set()
    for i in zero:
        if i in done:
            continue
        c = chars[i]
        line = [k for k in range(i + 1, len(chars)) if abs(chars[k]["bottom"] - c["bottom"]) < 0.6 * c["size"]
                and chars[k]["x0"] >= c["x0"] - 0.01]     # (the line's superscripts too: a raised marker
        line.sort(key=lambda k: chars[k]["x0"])              # can be what the run's shift moved)
        # Glyphs without width further on in the run add their widths to the shift.
        shifts, width, prev_x1, seen = [], _glyph_width(c), c["x0"], [i]
        for k in line:
            gap = chars[k]["x0"] - prev_x1
            if chars[k]["text"] != " " and abs(gap - width) < 0.12 * c["size"]:
                for j, by in shifts:
                    chars[j]["x0"] += by
                    chars[j]["x1"] += by
                for z in seen:
                    chars[z]["x1"] = chars[z]["x0"] + _glyph_width(chars[z])
                done.update(seen)
                break
            shifts.append((k, width))
            if _widthless(chars[k]):
                seen.append(k)
                width += _glyph_width(chars[k])
            prev_x1 = chars[k]["x1"]
    return chars


# Spacing accents as fonts without accented letters draw them (TeX's OT1 encoding: \\'e is an acute
# glyph set over an e) -> the combining accents of Unicode.
ACCENTS = {"`": "\u0300", "´": "\u0301", "ˆ": "\u0302", "^": "\u0302", "˜": "\u0303", "~": "\u0303",
           "¯": "\u0304", "˘": "\u0306", "˙": "\u0307", "¨": "\u0308", "˚": "\u030a", "˝": "\u030b",
           "ˇ": "\u030c", "¸": "\u0327", "˛": "\u0328"}


def _accented(chars: list[dict]) -> list[dict]:
    """An accent glyph drawn over (or under) the letter next to it in the content stream becomes one
    accented letter (``´`` + ``e`` = ``é``); an accent standing alone is left as it is. A combining
    mark stays with the letter it follows in the stream."""
    if not any(c["text"] in ACCENTS or _combining(c["text"]) for c in chars):
        return chars
    out: list[dict] = []
    skip = False
    for i, c in enumerate(chars):
        if skip:
            skip = False
            continue
        if _combining(c["text"]) and out:
            # a combining mark goes with the letter before it in the content stream, wherever the
            # shaper placed it (over ``c`` in ``Coronac̃on``, its x already past the ``o``)
            out[-1] = {**out[-1], "text": unicodedata.normalize("NFC", out[-1]["text"] + c["text"])}
            continue
        if c["text"] in ACCENTS:
            for j in (i + 1, i - 1):
                base = chars[j] if 0 <= j < len(chars) else None
                if base is None or not base["text"].isalpha() or (j == i - 1 and not out):
                    continue
                overlap = min(c["x1"], base["x1"]) - max(c["x0"], base["x0"])
                if overlap > 0.5 * min(c["x1"] - c["x0"], base["x1"] - base["x0"]) \
                        and abs(c["size"] - base["size"]) < 0.5:
                    # (TeX sets an accented i or j on the dotless letter: \\u{\\i} is ĭ)
                    plain = {"ı": "i", "ȷ": "j"}.get(base["text"], base["text"])
                    letter = unicodedata.normalize("NFC", plain + ACCENTS[c["text"]])
                    if j == i + 1:
                        out.append({**base, "text": letter})
                        skip = True
                    else:
                        out[-1] = {**out[-1], "text": letter}
                    break
            else:
                out.append(c)
            continue
        out.append(c)
    return out


def _combining(text: str) -> bool:
    return bool(text) and all(unicodedata.category(ch) == "Mn" for ch in text)


def _widthless(c: dict) -> bool:
    return c["x1"] - c["x0"] < 0.01 and bool(c["text"].strip())


def _glyph_width(c: dict) -> float:
    from pdfminer.fontmetrics import FONT_METRICS
    char = METRIC_CHARS.get(c["text"], c["text"])
    metrics = FONT_METRICS.get(re.sub(r"^[A-Z]{6}\+", "", c.get("fontname") or ""))
    if metrics and char in metrics[1]:
        return metrics[1][char] * c["size"] / 1000
    return 0.5 * c["size"] * max(1, len(c["text"]))


def _split_at_gutter(rows: list[Row], width: float) -> list[Row]:
    """Rows of a page set in two columns share baselines: split each where most rows have a wide gap
    at the same place near the middle (the gutter)."""
    gaps = []
    wide = [r for r in rows if len(r.words) >= 4]
    for row in wide:
        best = max(((b.x0 - a.x1, (a.x1 + b.x0) / 2) for a, b in zip(row.words, row.words[1:])
                    if 0.3 * width < (a.x1 + b.x0) / 2 < 0.7 * width), default=None)
        if best and best[0] >= 1.2 * row.size:
            gaps.append(best[1])
    if len(wide) < 6 or len(gaps) < 0.6 * len(wide):
        return rows
    gaps.sort()
    gutter = gaps[len(gaps) // 2]
    if sum(1 for g in gaps if abs(g - gutter) < 1.0 * rows[0].size) < 0.6 * len(wide):
        return rows
    out = []
    for row in rows:
        left = [w for w in row.words if w.x1 <= gutter]
        right = [w for w in row.words if w.x1 > gutter]
        out += [Row(part) for part in (left, right) if part]
    return out


def _attach_superscripts(rows: list[Row]) -> list[Row]:
    """Words raised above a row's baseline and smaller than its text are markers in that row: a row
    of small words whose baseline sits less than half a line above the next row's, within its width,
    joins that row as superscripts; so do small raised words inside a row."""
    out: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else None
        below_size, below_x0, below_x1 = (below.size, below.x0, below.x1) if below else (0.0, 0.0, 0.0)
        # (browsers set <sup> at 5/6 of the text: "smaller"; the raise, under half a line, is the evidence)
        small = below is not None and all(w.size < SUP_SIZE * below_size for w in row.words)
        # each within the row's width or just beyond an end (a line broken before its marker, a
        # paragraph's last line ending in one); a note's label alone further out at its start, where a
        # justified first line stretched the space after it ('9' and 'Edward Montagu, second Earl…', a
        # word processor's note set smaller, its label raised)
        reach = HANGING if len(row.words) == 1 and MARKER_TEXT.match(row.words[0].text) else 0.6
        within = below is not None and all(below_x0 - reach * below_size <= w.x1 and
                                           w.x0 <= below_x1 + 0.6 * below_size for w in row.words)
        if below and small and 0 < below.baseline - row.baseline < 0.6 * below_size and within:
            for w in row.words:
                w.sup = True
            below.words = sorted(below.words + row.words, key=lambda w: w.x0)
            i += 1
            continue
        above = out[-1] if out else None
        if above and all(MARKER_TEXT.match(w.text) for w in row.words) \
                and all(w.size < SUP_SIZE * above.size for w in row.words) \
                and 0 < row.baseline - above.baseline <= NEXT_LINE * above.size \
                and row.x0 < above.x0 + 0.5 * above.size \
                and (below is None or below.size < 0.8 * above.size or below.baseline - row.baseline > above.size):
            # Markers alone on a line below a row of text (the line broke before the note's call, at
            # the page's end), at the text's left edge, a line's distance below it: they go with the
            # text before them. (One set in further is a note's label whose text goes on over the page:
            # notes_of; one further down, past the notes' rule, a note's last line: 'He died in' and
            # '1678.')
            for w in row.words:
                w.sup = True
            above.words.extend(row.words)
            i += 1
            continue
        size = row.size
        for w in row.words:
            if w.size < SUP_SIZE * size and row.baseline - w.bottom > 0.2 * size:
                w.sup = True
        out.append(row)
        i += 1
    return out
