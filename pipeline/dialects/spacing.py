"""Spacing a tool gives that the book did not print: spaced dots for an ellipsis (LaTeX's ``. . .``), a
space before closing punctuation (TeX's italic correction: ``the Richmond ;``, ``the Dunkirk )``), an
accent drawn apart from its letter (TeX's ``reform´e``)."""

from __future__ import annotations

import re
import unicodedata

SPACED_DOTS = re.compile(r"(?<![.\w])\.\s\.\s\.(?!\s?\.)")


def ellipses(text: str) -> tuple[str, int]:
    """``text`` with spaced dots as one ellipsis, and how many."""
    return SPACED_DOTS.subn("\u2026", text)


# a space before a comma, a full stop or a closing bracket is never printed; one before ; : ! ? is in
# French typography, so it is taken out only where the file glues those far more often
# (a note's marker may follow the punctuation: 'the Richmond ;89 Lambert')
CLOSING_APART = re.compile(r"(?<=[^\W\d_]) (?=[,.)\]]\d{0,3}(?:\s|$))")
ANY_APART = re.compile(r"(?<=[^\W\d_]) (?=[,.)\];:!?]\d{0,3}(?:\s|$))")
STOP_APART = re.compile(r"(?<=[^\W\d_]) (?=[;:!?]\d{0,3}(?:\s|$))")
STOP_GLUED = re.compile(r"[^\W\d_][;:!?](?:\s|$)", re.M)
GLUED_MOSTLY = 10


# a sign set in another font than its figures, set apart by the tool that read it (PyMuPDF; pypdf of
# TeX's '\pounds'): '£ 50' (a prefixed currency), '4 ½', '30 °'
SIGN_APART = re.compile(r"(?<=[£$])\s+(?=\d)|(?<=\d)\s+(?=[½¼¾⅓⅔⅛⅜⅝⅞°])|(?<=°)\s+(?=[,.;:])")


def apart(text: str) -> re.Pattern:
    """The spaces before punctuation that ``text`` (a whole file) shows to be a tool's, not the book's."""
    spaced, glued = len(STOP_APART.findall(text)), len(STOP_GLUED.findall(text))
    return ANY_APART if glued >= GLUED_MOSTLY * max(1, spaced) else CLOSING_APART


# TeX's OT1 fonts draw an accent as a glyph of its own, before its letter: 'reform´e', 'Fun`ebres'
# (a grave only inside a word: a backtick elsewhere may be Markdown's)
SPACING_ACCENT = re.compile("([´¨ˆ˜¸ˇ˘¯˙˚]|(?<=[^\\W\\d_])`)([^\\W\\d_])")
COMBINING = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327",
             "ˇ": "\u030c", "˘": "\u0306", "¯": "\u0304", "˙": "\u0307", "˚": "\u030a"}


def accents(text: str) -> tuple[str, int]:
    """``text`` with each accent a tool gave apart from its letter set on it ('reform´e' -> 'reformé';
    TeX sets an accent on a dotless i: 'na¨ıve' -> 'naïve'), and how many."""
    def composed(m: re.Match) -> str:
        letter = "i" if m.group(2) == "\u0131" else m.group(2)
        return unicodedata.normalize("NFC", letter + COMBINING[m.group(1)])
    if not any(accent in text for accent in COMBINING):
        return text, 0          # (most texts: the search is a whole pass)
    return SPACING_ACCENT.subn(composed, text)
