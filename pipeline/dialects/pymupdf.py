"""PyMuPDF's Markdown (``pymupdf4llm.to_markdown``): not read yet."""

from __future__ import annotations

from . import Converted

DESCRIPTION = "PyMuPDF's Markdown (pymupdf4llm)"


def detect(text: str) -> tuple[float, str]:
    return 0.0, ""


def convert(text: str, name: str) -> Converted:
    raise NotImplementedError
