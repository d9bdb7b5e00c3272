"""Pages of equal depth: facing pages end on the same line, as a book's spreads do.

WeasyPrint fills each page from the top and stops where the next line would not fit or where widows
and orphans say a paragraph may not break: a page can end one or two lines short of the page beside
it. TeX's answer (``\\flushbottom``) is to stretch the page's vertical space so that its last line
stands where a full page's does. This pass does the same on the laid-out pages, before the PDF is
written: on a page of text (no notes at its foot) that ends one or two lines short of a full page
(where most pages end; in a book with notes at the pages' feet, where the notes end: the text
block's last line),
and that is not a chapter's last page, the missing space is shared out between the lines, three
times as much between paragraphs as between the lines of one (a line's leading grows by a few
hundredths of a point per line; a paragraph's first line moves down a little more). The page's
links, anchors and bookmarks are read again from the moved boxes.
"""

from __future__ import annotations

from collections import Counter

PARAGRAPH_WEIGHT = 3     # between paragraphs, three times the space added between two lines of one
MAX_LINES_SHORT = 2.2    # a page up to this many lines short is stretched (more: a chapter's end)


def _lines(box, out: list) -> list:
    """The line boxes of a page's text flow, each with the block it belongs to."""
    for child in getattr(box, "children", None) or ():
        if type(child).__name__ == "LineBox":
            out.append((child, box))
        elif type(child).__name__ != "FootnoteAreaBox":
            _lines(child, out)
    return out


def _has_chapter_title(page_box) -> bool:
    """The page opens a chapter (its flow holds the chapter's title, an h1)."""
    stack = [page_box]
    while stack:
        box = stack.pop()
        if getattr(box, "element_tag", None) == "h1":
            return True
        stack.extend(getattr(box, "children", None) or ())
    return False


def _flow(page_box):
    """The page's root box (its text flow), or None."""
    return next((c for c in page_box.children if type(c).__name__ not in ("FootnoteAreaBox",)
                 and getattr(c, "element_tag", None) == "html"), None)


def _has_notes(page_box) -> bool:
    return any(type(c).__name__ == "FootnoteAreaBox" and c.children for c in page_box.children)


def flush_bottom(document, first: int = 0) -> int:
    """Stretch the short pages of ``document`` from page index ``first`` on; the number stretched."""
    from weasyprint.document import Page

    pages = document.pages
    lines_of = []
    for page in pages:
        flow = _flow(page._page_box)
        lines_of.append(_lines(flow, []) if flow is not None else [])
    # a full page's depth: where most pages of text end
    bottoms = Counter(round(lines[-1][0].position_y + lines[-1][0].height, 1)
                      for k, lines in enumerate(lines_of) if k >= first and len(lines) > 5)
    if not bottoms:
        return 0
    full, _ = bottoms.most_common(1)[0]
    noted = [page._page_box for page in pages[first:] if _has_notes(page._page_box)]
    if noted:
        # notes at the pages' feet end on the text block's last line (footnotes._notes_to_the_foot):
        # a page of text alone ends there too
        full = round(noted[0].content_box_y() + noted[0].height, 1)
    stretched = 0
    for k in range(first, len(pages)):
        lines = lines_of[k]
        page_box = pages[k]._page_box
        if len(lines) < 6 or _has_notes(page_box) or k + 1 >= len(pages):
            continue
        nxt = pages[k + 1]._page_box
        if _has_chapter_title(nxt) or len(lines_of[k + 1]) == 0:
            continue                       # a chapter's last page ends where its text does
        last = lines[-1][0]
        height = Counter(round(line.height, 2) for line, _ in lines).most_common(1)[0][0]
        short = full - (last.position_y + last.height)
        if not 0.5 < short <= MAX_LINES_SHORT * height:
            continue
        weights = [PARAGRAPH_WEIGHT if block is not lines[j - 1][1] else 1 for j, (_, block) in enumerate(lines)][1:]
        total = sum(weights)
        moved = 0.0
        for j, (line, _) in enumerate(lines[1:]):
            moved += short * weights[j] / total
            line.translate(dy=moved)
        pages[k] = Page(page_box)
        stretched += 1
    return stretched
