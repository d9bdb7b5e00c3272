"""How wide a line of plain text was when printed, from its characters.

A count of characters is a poor ruler for proportional type: a line of ``m`` and ``w`` is half as
long again as one of ``i`` and ``l``. Lines are measured here with Times Roman's advance widths (the
Adobe metrics that pdfminer.six carries), a stand-in for any book face: whatever the face, a line
set full measures much the same in it, and a note set smaller measures longer. Characters outside
the table count by their base letter (``é`` as ``e``), or as an average letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pdfminer.fontmetrics import FONT_METRICS

_WIDTHS: dict[str, int] = FONT_METRICS["Times-Roman"][1]
AVERAGE = 500            # an average letter, in thousandths of an em
EN = 500.0               # widths are given in ens: about one character of running text


@lru_cache(maxsize=256)
def _char(c: str) -> int:
    w = _WIDTHS.get(c)
    if w is None:
        base = unicodedata.normalize("NFD", c)[:1]
        w = _WIDTHS.get(base, AVERAGE)
    return w


@lru_cache(maxsize=65536)
def span(text: str) -> float:
    """The printed width of ``text`` in ens (a line of 60 characters measures about 50)."""
    return sum(_char(c) for c in text) / EN
