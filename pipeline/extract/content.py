"""What a PDF page holds, read with pdfminer: its characters as pdfplumber's ``page.chars`` gives them
(the positions, size and font, top-down coordinates) and the horizontal edges of its lines, rectangles
and curves as ``page.edges`` gives them.

pdfplumber turns every object of the page into a dictionary of all its attributes (colours, marked
content, paths) before anything is read, pdfminer splits the page's content stream into tokens in
Python and makes a layout object of every character; the extraction and the quality desk read every
page of a book and need a few attributes of the characters and the rules only. Here the content stream
is split by qpdf (pikepdf's ``parse_content_stream``) and pdfminer's interpreter runs its operators as
it would have run its own parser's (fonts, text state, character boxes: all pdfminer's); a stream qpdf
reads only with a warning (damaged, cut short) is left to pdfminer's own parser, which reads such
streams as it always has. Characters are kept as tuples with the box pdfminer's ``LTChar`` computes,
in one loop over a string's glyphs (``CharDevice.render_string_horizontal``: pdfminer's arithmetic,
each glyph's text and width looked up once per font; about a tenth off the extraction).
Read this way the Pepys print (518 pages) is extracted in 15 s (47 s through pdfplumber, 31 s with
pdfminer's parser and layout objects) and the quality desk measures it in 14 s (40 s); the values are
pdfplumber's (tested on every kind of PDF the tests make: this project's print, Chromium's, groff's and
LaTeX's, and a hand-written page of operators and fonts they leave out).

Where the PDF says what text its glyphs stand for (a marked-content sequence's ``/ActualText``, as
poppler and MuPDF read it; pdfminer does not), the characters are that text: Typst draws every hyphen
with one glyph, mapped to U+00AD, and gives the text's own hyphens an ``/ActualText`` of ``-``, so
that a break it made is told from a compound's hyphen (``mid-⏎level``). An empty ``/ActualText``
says the glyphs are no text: a lone hyphen so marked is a break (kept as a drawn U+00AD), anything
else is left out.
"""

from __future__ import annotations

import warnings
import weakref
from dataclasses import dataclass, field
from decimal import Decimal

import pikepdf
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import dict_value, stream_value
from pdfminer.psparser import LIT, PSLiteral
from pdfminer.utils import apply_matrix_rect, decode_text


@dataclass
class PageContent:
    chars: list[dict] = field(default_factory=list)   # text, x0, x1, top, bottom, doctop, upright, size, fontname, mcid
    rules: list[dict] = field(default_factory=list)   # horizontal edges: x0, x1, top


def read_content(pdf, index: int, rules: bool = True) -> PageContent:
    """Page ``index`` (0-based) of an open pdfplumber PDF; its rules too unless ``rules=False``."""
    page = pdf.pages[index]
    device = CharDevice(pdf.rsrcmgr, pageno=page.page_number, laparams=None)
    QpdfTokenInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    doctop = page.initial_doctop
    out = PageContent()
    for text, x0, y0, x1, y1, upright, size, font, mcid in device.chars:
        top = (height - y1) + mb_top
        out.chars.append({"text": text, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": top,
                          "bottom": (height - y0) + mb_top, "doctop": doctop + top, "upright": upright,
                          "size": size, "fontname": font.decode("latin-1") if isinstance(font, bytes) else font,
                          "mcid": mcid})
    if not rules:
        return out
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []

    def walk(objects) -> None:
        # (pdfplumber's edges: a line is horizontal when its ends are level; a rectangle gives its top
        # and bottom sides; a curve each level segment between its points)
        for obj in objects:
            if isinstance(obj, LTContainer):
                walk(obj)
            elif isinstance(obj, LTLine):
                if (height - obj.y1) + mb_top == (height - obj.y0) + mb_top:
                    lines.append({"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": (height - obj.y1) + mb_top})
            elif isinstance(obj, LTRect):
                top = (height - obj.y1) + mb_top
                for y in (top, top + obj.height):
                    rects.append({"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": y})
            elif isinstance(obj, LTCurve):
                pts = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
                curves.extend({"x0": min(a[0], b[0]), "x1": max(a[0], b[0]), "top": a[1]}
                              for a, b in zip(pts, pts[1:]) if a[1] == b[1] and a[0] != b[0])

    walk(device.get_result())
    out.rules = lines + rects + curves
    return out


class CharDevice(PDFPageAggregator):
    """pdfminer's page aggregator, its characters kept as tuples in the order they are drawn (the order
    of its layout tree, form XObjects in place) instead of as layout objects: text, x0, y0, x1, y1
    (pdfminer's bottom-up box), upright, size, font, and the MCID of the marked content it is drawn in
    (None outside any). The box is the one ``LTChar`` computes."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chars: list[tuple] = []
        # open marked content: its first character, its ActualText, the MCID its characters carry
        self._marked: list[tuple[int, str | None, int | None]] = []
        self._mcid: int | None = None

    def begin_tag(self, tag, props=None) -> None:
        props = props if isinstance(props, dict) else {}
        actual, mcid = props.get("ActualText"), props.get("MCID")
        if isinstance(mcid, int) and not isinstance(mcid, bool):
            self._mcid = mcid
        self._marked.append((len(self.chars), actual_text(actual) if isinstance(actual, bytes) else None,
                             self._mcid))

    def end_tag(self) -> None:
        if not self._marked:
            return                  # an EMC without its BMC/BDC
        start, actual, _ = self._marked.pop()
        self._mcid = self._marked[-1][2] if self._marked else None
        if actual is not None:
            self.chars[start:] = _standing_for(self.chars[start:], actual)

    def render_string_horizontal(self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise,
                                 dxscale, ncs, graphicstate):
        """pdfminer's ``render_string_horizontal`` and ``render_char`` in one loop, each glyph's text and
        width looked up once per font (``_GLYPHS``, kept as long as the font): the same arithmetic in the
        same order, so the same boxes, without five calls a character. A vertical font takes pdfminer's
        own path (``render_char``)."""
        x, y = pos
        a, b, c, d, e, f = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        glyphs = _GLYPHS.setdefault(font, {})
        descent = font.get_descent() * fontsize
        bottom = descent + rise
        top = descent + rise + fontsize
        name = font.fontname
        chars = self.chars
        mcid = self._mcid
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    try:
                        text, width = glyphs[cid]
                    except KeyError:
                        text, width = glyphs[cid] = self._glyph(font, cid)
                    adv = width * fontsize * scaling
                    # pdfminer's translate_matrix, then apply_matrix_rect on (0, bottom, adv, top)
                    e1 = x * a + y * c + e
                    f1 = x * b + y * d + f
                    left1, bottom1 = a * 0 + c * bottom + e1, b * 0 + d * bottom + f1
                    right1, bottom2 = a * adv + c * bottom + e1, b * adv + d * bottom + f1
                    right2, top1 = a * adv + c * top + e1, b * adv + d * top + f1
                    left2, top2 = a * 0 + c * top + e1, b * 0 + d * top + f1
                    x0, y0 = min(left1, left2, right1, right2), min(bottom1, bottom2, top1, top2)
                    x1, y1 = max(left1, left2, right1, right2), max(bottom1, bottom2, top1, top2)
                    chars.append((text, x0, y0, x1, y1, upright, y1 - y0, name, mcid))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                super().render_string_horizontal([obj], matrix, (x, y), font, fontsize, scaling, charspace,
                                                 wordspace, rise, dxscale, ncs, graphicstate)
        return (x, y)

    def _glyph(self, font, cid: int) -> tuple[str, float]:
        """A glyph's text and width in text space, as ``render_char`` finds them."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        text, width = self._glyph(font, cid)
        adv = width * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, adv, descent + rise + fontsize)
        a, b, c, d, _, _ = matrix
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        self.chars.append((text, x0, y0, x1, y1, a * d * scaling > 0 and b * c <= 0,
                           x1 - x0 if vertical else y1 - y0, font.fontname, self._mcid))
        return adv


_GLYPHS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # font → {cid: (text, width)}
HYPHEN_GLYPHS = {"-", "\u00ad", "\u2010", "\u2011"}


def actual_text(value: bytes) -> str:
    """A PDF text string (UTF-16 or UTF-8 with their marks, else PDFDocEncoding) as text."""
    if value.startswith(b"\xef\xbb\xbf"):
        return value[3:].decode("utf-8", "replace")
    return decode_text(value)


def _standing_for(glyphs: list[tuple], actual: str) -> list[tuple]:
    """The characters of glyphs drawn inside an ``/ActualText``: one a glyph when the text has as many
    characters as were drawn, else the text once over all the glyphs' boxes. Nothing drawn, nothing
    placed (the text has no position on the page)."""
    if not glyphs:
        return []
    if not actual:
        lone_hyphen = len(glyphs) == 1 and glyphs[0][0] in HYPHEN_GLYPHS
        return [("\u00ad",) + glyphs[0][1:]] if lone_hyphen else []
    if len(actual) == len(glyphs):
        return [(ch,) + g[1:] for ch, g in zip(actual, glyphs)]
    first = glyphs[0]
    return [(actual, min(g[1] for g in glyphs), min(g[2] for g in glyphs), max(g[3] for g in glyphs),
             max(g[4] for g in glyphs)) + first[5:]]


class QpdfTokenInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter fed with the operators qpdf reads from the content streams. The operands
    go on pdfminer's stack as its parser would have put them (names as literals, strings as bytes, reals
    as floats) and each operator takes them as pdfminer's ``execute`` gives them, so every character box
    is pdfminer's; form XObjects are read the same way (``subinterp`` makes this class)."""

    _operators: dict[str, tuple[str, int] | None] = {}   # operator → (method, number of operands)

    def execute(self, streams) -> None:
        readable = [s for s in map(stream_value, streams)
                    if s.objid is not None and s.objid not in self.parent_stream_ids]
        # (the streams end at token boundaries: joined with a newline as qpdf joins a page's streams)
        instructions = _instructions(b"\n".join(s.get_data() for s in readable)) if readable else []
        if instructions is None:
            super().execute(streams)   # a stream qpdf reads only with a warning: pdfminer's own parser
            return
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in readable)
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue   # an image: no characters, no rules
            if instruction.operands:
                self.argstack.extend([_operand(o) for o in instruction.operands])
            entry = self._entry(str(instruction.operator))
            if entry is None:
                continue
            method, count = entry
            if count:
                args = self.pop(count)
                if len(args) == count:
                    getattr(self, method)(*args)
            else:
                getattr(self, method)()

    def do_BDC(self, tag, props) -> None:
        """A marked-content sequence; its properties, named (``/Span /P0 BDC``), looked up in the
        resources' ``/Properties``."""
        if isinstance(props, PSLiteral):
            named = dict_value(self.resources.get("Properties") or {}).get(props.name)
            props = dict_value(named) if named is not None else None
        super().do_BDC(tag, props)

    def _entry(self, operator: str) -> tuple[str, int] | None:
        """The method that runs ``operator`` and how many operands it takes, as pdfminer finds them."""
        try:
            return self._operators[operator]
        except KeyError:
            method = "do_" + operator.replace("*", "_a").replace('"', "_w").replace("'", "_q")
            func = getattr(type(self), method, None)
            entry = (method, func.__code__.co_argcount - 1) if func else None
            self._operators[operator] = entry
            return entry


def _instructions(data: bytes) -> list | None:
    """The content stream's instructions as qpdf reads them; None when it reads them only with a warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        owner = pikepdf.Pdf.new()   # (a stream lives in a PDF; this one lives as long as the stream)
        try:
            instructions = pikepdf.parse_content_stream(pikepdf.Stream(owner, data))
        except pikepdf.PdfError:
            return None
    # (qpdf's complaints about the stream come as UserWarnings; a deprecation notice is not one)
    return None if any(not issubclass(w.category, DeprecationWarning) for w in caught) else instructions


_NAME, _STRING, _ARRAY, _DICTIONARY = (pikepdf.ObjectType.name_, pikepdf.ObjectType.string,
                                       pikepdf.ObjectType.array, pikepdf.ObjectType.dictionary)


def _operand(value):
    """A qpdf operand as pdfminer's parser gives it."""
    kind = type(value)
    if kind is int or kind is bool or value is None:
        return value
    if kind is Decimal:
        return float(value)
    code = value._type_code
    if code == _NAME:
        return LIT(str(value)[1:])
    if code == _STRING:
        return bytes(value)
    if code == _ARRAY:
        return [_operand(v) for v in value]
    if code == _DICTIONARY:
        return {str(k)[1:]: _operand(v) for k, v in value.items()}
    return None   # a null
