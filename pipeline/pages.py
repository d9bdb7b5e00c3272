"""Stage 1: read a raw page-extracted chapter and cut it into blocks.

A block is a run of non-blank lines. Separator lines (``---``) and headings are blocks of their own
even when no blank line surrounds them; a form feed (as ``pdftotext`` separates pages) is a
``pagebreak`` block. Nothing is interpreted yet: which lines are page furniture is decided by
:mod:`pipeline.layout`, which blocks are notes, which are body and where pages end by
:mod:`pipeline.recover`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import PipelineError
from .model import NONCHARACTERS, RawBlock

SEPARATOR = re.compile(r"^\s*-{3,}\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*[-*•]( |$)")


def read_text(path: str | Path) -> str:
    """Read a raw chapter as text: UTF-8 with or without BOM, any line endings.

    Raises PipelineError naming the file (and line, for decoding errors) for empty, binary or
    non-UTF-8 input.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror}", str(path)) from None
    if not data.strip():
        raise PipelineError("file is empty: no text to normalise", str(path))
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PipelineError("file looks binary (NUL byte found); expected UTF-8 text", str(path), line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PipelineError(
            f"not valid UTF-8 (tried UTF-8 with and without BOM): byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start}; convert the file to UTF-8",
            str(path), line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PipelineError("file is empty: no text to normalise", str(path))
    return text


def noncharacters(text: str) -> tuple[str, list[int]]:
    """Remove Unicode noncharacters (the pipeline's internal marks): the text and the lines they were on."""
    if not any(c in text for c in NONCHARACTERS):
        return text, []
    lines = [i for i, line in enumerate(text.split("\n"), start=1) if any(c in line for c in NONCHARACTERS)]
    return "".join(c for c in text if c not in NONCHARACTERS), lines


def split_blocks(text: str, file: str) -> list[RawBlock]:
    """Cut text into blocks with their first line number (1-based)."""
    blocks: list[RawBlock] = []
    current: list[str] = []
    start = 0

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(RawBlock(_kind(current), current, file, start))
            current = []

    for number, raw_line in enumerate(text.split("\n"), start=1):
        for part, line in enumerate(raw_line.split("\f")):
            if part:
                flush()
                blocks.append(RawBlock("pagebreak", [], file, number))
            stripped = line.rstrip()
            if not stripped.strip():
                flush()
                continue
            if SEPARATOR.match(stripped) or HEADING.match(stripped):
                flush()
                blocks.append(RawBlock(_kind([stripped]), [stripped.strip()], file, number))
                continue
            if not current:
                start = number
            current.append(stripped)
    flush()
    return blocks


def _kind(lines: list[str]) -> str:
    if len(lines) == 1 and SEPARATOR.match(lines[0]):
        return "separator"
    if len(lines) == 1 and HEADING.match(lines[0]):
        return "heading"
    if LIST_ITEM.match(lines[0]):
        return "list"
    return "text"


def read_blocks(path: str | Path) -> list[RawBlock]:
    return split_blocks(read_text(path), str(path))
