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
# C0 control characters (and DEL) other than tab, line feed, carriage return and form feed.
CONTROLS_BUT_NUL = r"\x01-\x08\x0b\x0e-\x1f\x7f"
CONTROL = re.compile(rf"[\x00{CONTROLS_BUT_NUL}]")
MAX_EMPHASIS_RUN = 24
# A marker or label of six digits or more: past what note numbering reads (layout.syntax.NUMBER).
LONG_LABEL = re.compile(r"<sup>\s*(?P<n>\d{6,})\s*</sup>|(?<=\S)\[(?P<b>\d{6,})\]")
# A run without white space this long is no word (Latin script; a CJK paragraph has no spaces at all).
LONG_TOKEN = re.compile(r"\S{5000,}")
DEEP_EMPHASIS = re.compile(r"[*_]{%d,}" % (MAX_EMPHASIS_RUN + 1))


def read_text(path: str | Path) -> str:
    """Read a raw chapter as text: UTF-8 with or without BOM, any line endings.

    Raises PipelineError naming the file and line for empty, binary or non-UTF-8 input, control
    characters, and emphasis nested deeper than anything can typeset.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror}", str(path)) from None
    if not data.strip():
        raise PipelineError("file is empty: no text to normalise", str(path))
    encoding = _wide_encoding(data)
    if encoding:
        raise PipelineError(f"the file is {encoding}, not UTF-8: save it as UTF-8 (for example: iconv -f "
                            f"{encoding.split()[0]} -t UTF-8 {path.name} > {path.stem}-utf8.txt)", str(path))
    if b"\x00" in data and _glyphs_unmapped(data):
        data = data.replace(b"\x00", "\ufffd".encode())     # (reported with their places as U+FFFD)
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data[:at].count(b"\n") + 1
        col = len(data[data.rfind(b"\n", 0, at) + 1:at].decode("utf-8", "replace")) + 1     # (characters)
        raise PipelineError("file looks binary (NUL byte found); expected UTF-8 text" if at < 8192 else
                            f"NUL character at column {col}: a manuscript is plain text (a PDF text tool "
                            f"writes one for a glyph it could not map, as pypdf does: extract the PDF with "
                            f"`book-pipeline extract` or pdftotext, or write the character the book "
                            f"prints there)", str(path), line)
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
    m = CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise PipelineError(f"control character U+{ord(m.group(0)):04X} at column {col}: a manuscript is plain "
                            f"text (tabs, line breaks and form feeds only)", str(path), line)
    m = LONG_LABEL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise PipelineError(f"a note label of {len(m.group('n') or m.group('b'))} digits ({m.group(0)}): labels run to 99999; "
                            f"number the notes again from 1 (each chapter may start again)", str(path), line)
    m = LONG_TOKEN.search(text)
    if m and sum(c < "\u0250" for c in m.group(0)) > len(m.group(0)) // 2:
        line = text.count("\n", 0, m.start()) + 1
        raise PipelineError(f"{len(m.group(0)):,} characters without a space ('{m.group(0)[:20]}…'): no word of a "
                            f"book is this long (a damaged or generated file?)", str(path), line)
    m = DEEP_EMPHASIS.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise PipelineError(f"emphasis marks nested {len(m.group(0))} deep ('{m.group(0)[:12]}…'): more than "
                            f"{MAX_EMPHASIS_RUN} cannot be typeset; simplify the emphasis", str(path), line)
    return text


UNMAPPED_SHARE = 1000   # a text tool's NUL for a glyph it could not map: one in this many bytes at most
OTHER_CONTROLS = re.compile(f"[{CONTROLS_BUT_NUL}]".encode())


def _glyphs_unmapped(data: bytes) -> bool:
    """The NULs in ``data`` are glyphs a PDF text tool could not map (pypdf and PyMuPDF's plain text
    write one for a glyph whose font gives no character: a Typst print's '⸻'), not a binary file's:
    few of them (one in UNMAPPED_SHARE bytes at most) in a text holding no other control character.
    They are read as U+FFFD, the character such a tool writes otherwise, and reported with their
    places; the chapter is not refused for them."""
    return data.count(b"\x00") * UNMAPPED_SHARE <= len(data) and not OTHER_CONTROLS.search(data)


BOMS = ((b"\x00\x00\xfe\xff", "UTF-32BE"), (b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\xfe\xff", "UTF-16BE"),
        (b"\xff\xfe", "UTF-16LE"))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by its byte order mark, or (without one) by NUL bytes standing at every other
    place of a text's first kilobyte ('T\x00h\x00e\x00')."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return f"{name} (byte order mark {bom.hex(' ').upper()})"
    head = data[:1024]
    if len(head) >= 16:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16LE (no byte order mark)"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16BE (no byte order mark)"
    return None


# Characters a reader does not see that change what is seen or found: bidirectional embeddings,
# overrides and isolates (they reorder the text after them), zero-width spaces and joiners, the BOM
# inside the text, the word joiner and invisible operators.
INVISIBLE_RANGES = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE_CHARS = re.compile(f"[{INVISIBLE_RANGES}]")
INVISIBLE_WHY = {**{c: "a bidirectional control: it reorders the text after it" for c in
                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"},
                 "\u200b": "a zero-width space: a word breaks there unseen", "\ufeff": "a byte order mark inside the text"}


def invisible(text: str) -> list[tuple[int, int, str]]:
    """Each invisible or bidirectional control character: (line, column, character)."""
    return _places(text, INVISIBLE_CHARS)


UNREADABLE = re.compile("\ufffd")      # what a text tool writes for a glyph it could not read (PyMuPDF)


def unreadable(text: str) -> list[tuple[int, int, str]]:
    """Each U+FFFD REPLACEMENT CHARACTER: the book prints a character there that the tool that wrote
    the text could not read (PyMuPDF writes one for a glyph its font does not map, '⸻' in a Typst
    print): (line, column, character)."""
    return _places(text, UNREADABLE)


def _places(text: str, pattern: re.Pattern) -> list[tuple[int, int, str]]:
    out = []
    line, counted = 1, 0          # (lines counted from the last match on: a text full of them stays linear)
    for m in pattern.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        out.append((line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1, m.group(0)))
    return out


def balanced_bidi(text: str) -> str:
    """``text`` with every bidirectional embedding, override or isolate it opens closed at its end
    (a heading's text goes to the table of contents and the running heads: an override left open
    there would reverse what follows it)."""
    opens = sum(text.count(c) for c in "\u202a\u202b\u202d\u202e") - text.count("\u202c")
    isolates = sum(text.count(c) for c in "\u2066\u2067\u2068") - text.count("\u2069")
    return text + "\u202c" * max(0, opens) + "\u2069" * max(0, isolates)


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
