"""Spacing a tool gives that the book did not print: spaced dots for an ellipsis (LaTeX's ``. . .``)."""

from __future__ import annotations

import re

SPACED_DOTS = re.compile(r"(?<![.\w])\.\s\.\s\.(?!\s?\.)")


def ellipses(text: str) -> tuple[str, int]:
    """``text`` with spaced dots as one ellipsis, and how many."""
    return SPACED_DOTS.subn("\u2026", text)
