"""Step 5 of recovery: a file's headings and paragraphs become one chapter or several.

A heading the layout calls a chapter (the file's first heading, and later ones of the same numbered
shape) opens a chapter at level 1; other headings are sections at level 2. Each chapter takes the
notes its markers point to, and the unreferenced notes of its pages.
"""

from __future__ import annotations

from ..corrections.decisions import context_key
from ..layout import Layout
from ..model import MARKER_TOKEN, PAGE_BREAK, Chapter, Heading, Kind, Marker, Note, Paragraph, Report, marker_index
from ..pages import HEADING
from .segment import Page


def split(items: list[tuple[Heading | Paragraph, int]], pages: list[Page], notes: dict[int, list[Note]],
          markers: list[Marker], layout: Layout, file: str, report: Report) -> list[Chapter]:
    roles = {role.line: role for role in layout.headings.values()}
    chapters: list[Chapter] = [Chapter(file)]
    page_chapter: dict[int, int] = {}
    seen_heading = False
    for item, pos in items:
        if isinstance(item, Heading):
            m = HEADING.match(item.text)
            raw_level, text = len(m.group(1)), m.group(2)
            role = roles.get(item.line)
            is_chapter = role is not None and role.role == "chapter"
            ruling = None
            if seen_heading and role is not None and (is_chapter or "no numbering" in role.evidence):
                # A chapter start after the first, or a heading of the chapter's shape kept as a section.
                ruling = report.decide("heading", context_key(text, words=12),
                                       "chapter" if is_chapter else "section")
                is_chapter = ruling.choice == "chapter"
            if is_chapter and seen_heading:
                chapters.append(Chapter(file))
                report.add(Kind.CHAPTER_SPLIT, item.file, item.line, before=item.text, after="# " + text,
                           evidence=role.evidence, ruling=ruling)
            elif not seen_heading and chapters[-1].blocks:
                report.add(Kind.TEXT_BEFORE_HEADING, item.file, item.line,
                           evidence="text precedes the chapter heading")
            level = 1 if (is_chapter or not seen_heading) else 2
            if raw_level != level:
                report.add(Kind.HEADING_LEVEL, item.file, item.line, before=item.text,
                           after="#" * level + " " + text,
                           evidence="chapter heading is level 1" if level == 1 else "sections of a chapter are level 2")
            if ruling is not None and not is_chapter:
                report.add(Kind.HEADING_KEPT_AS_SECTION, item.file, item.line, before=item.text,
                           evidence=role.evidence, ruling=ruling)
            item.level, item.text = level, text
            seen_heading = True
        chapters[-1].blocks.append(item)
        page_chapter.setdefault(pos, len(chapters) - 1)
    # Notes go with the chapter of their marker; unreferenced ones with the chapter of their page.
    chapter_of_note: dict[int, int] = {}
    marker_chapter = _marker_chapters(chapters, markers)
    for k, m in enumerate(markers):
        c = marker_chapter.get(k, 0)
        chapters[c].markers.append(m)
        if m.note is not None:
            chapter_of_note.setdefault(id(m.note), c)
    last_chapter = 0
    for pos, page in enumerate(pages):
        last_chapter = page_chapter.get(pos, last_chapter)
        for n in notes.get(page.index, []):
            chapters[chapter_of_note.get(id(n), last_chapter)].notes.append(n)
    for ch in chapters:
        _end_last_page(ch)
        if not any(isinstance(b, Heading) for b in ch.blocks):
            report.add(Kind.NO_CHAPTER_HEADING, file, 1, evidence="chapter has no heading")
    return [ch for ch in chapters if ch.blocks or ch.notes]


def _marker_chapters(chapters: list[Chapter], markers: list[Marker]) -> dict[int, int]:
    out: dict[int, int] = {}
    for c, ch in enumerate(chapters):
        for b in ch.blocks:
            for m in MARKER_TOKEN.finditer(b.text):
                out[marker_index(m.group(0)[1:-1])] = c
    return out


def _end_last_page(ch: Chapter) -> None:
    """The chapter's last page ends with the chapter: no page starts after it."""
    for block in reversed(ch.blocks):
        if isinstance(block, Paragraph):
            if block.text.endswith(PAGE_BREAK):
                block.text = block.text.rstrip(PAGE_BREAK)
            break
