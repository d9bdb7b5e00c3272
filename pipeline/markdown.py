"""Stage 3: write recovered chapters as clean Pandoc Markdown.

Headings, paragraphs, then the chapter's notes as ``[^N]: …`` definitions (source numbers kept as
labels). Markers ``<sup>N</sup>`` become ``[^N]`` at exactly their place. Page ends become empty
``[]{.pagebreak}`` spans only when asked for (the build keeps them for the EPUB page list and
the PDF; the clean Markdown handed to editors has none).
"""

from __future__ import annotations

import re

from .model import PAGE_BREAK, Chapter, Heading

MARKER = re.compile(r"<sup>\s*(\d{1,4})\s*</sup>")
# Paragraph starts that Markdown would read as structure rather than text.
ORDERED = re.compile(r"^(\d{1,9})([.)])(\s|$)")
BLOCK_START = re.compile(r"^([-+*](\s|$)|[>#|]|:\s|=+\s*$)")
PAGE_SPAN = "[]{.pagebreak}"


def escape_start(text: str) -> str:
    m = ORDERED.match(text)
    if m:
        return m.group(1) + "\\" + text[len(m.group(1)):]
    if BLOCK_START.match(text):
        return "\\" + text
    return text


def inline(text: str, page_marks: bool) -> str:
    text = MARKER.sub(lambda m: f"[^{int(m.group(1))}]", text)
    text = text.replace(PAGE_BREAK, PAGE_SPAN if page_marks else "")
    return escape_start(text.strip())


def chapter_markdown(chapter: Chapter, page_marks: bool = False) -> str:
    parts: list[str] = []
    for block in chapter.blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + block.text.strip())
        else:
            parts.append(inline(block.text, page_marks))
    for note in chapter.notes:
        parts.append(f"[^{note.label}]: " + inline(note.text, False))
    return "\n\n".join(parts) + "\n"


def book_markdown(chapters: list[Chapter], page_marks: bool = False) -> str:
    return "\n".join(chapter_markdown(c, page_marks) for c in chapters)
