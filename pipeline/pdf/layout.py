"""Laying out the print document with WeasyPrint, and reading back where things fell.

WeasyPrint is given a URL fetcher that serves files from the project's styles and build folders only:
a manuscript cannot make it read other files or reach the network.

The notes' page references are text, not ``target-counter()``: WeasyPrint sets a line holding a
counter before it knows the counter's width, which strands words in the notes, and lays the notes
out again once the numbers are known. Instead the chapters are laid out first, the page of every
note reference read from the laid-out pages, and the notes laid out once with their page references
written in (``book_layout``). Notes at the end of a book cannot move the chapters' pages, so the two
layouts join without a further pass; notes at the end of each chapter can, and are laid out again
until their references stay put (``settled_layout``). The contents' page numbers are text too: the
front matter is laid out last, with the chapters' pages written in; its length cannot move them, as
the main matter is numbered from 1 on a recto (``with_front_matter``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from .footnotes import split_footnotes
from .linefit import shrinkable_spaces
from .html import STYLES, PrintBook, css_string, render_html

MAIN_ANCHOR = "main-matter"   # the id of the element that opens the main matter (printed page 1)
MAX_PASSES = 4
LOOSE_EM = 0.7         # a justified line whose word spaces are wider is loose (the quality desk's limit,
                       # 0.75 em between the words' printed edges, with a margin for kerning)
SPACE_EM = 0.25        # the word space of the print face (Charis SIL: 512/2048 em)
TRACKING_STEPS = 2     # print.css: li.tight-1, li.tight-2


@dataclass
class Laid:
    document: object        # weasyprint.Document
    html: str               # the whole document as laid out (written to build/print.html)
    passes: int             # layouts of the whole book's length it took
    settled: bool = True    # every page reference is the page its reference fell on
    refs: dict = field(default_factory=dict)   # the printed page of each note reference
    front_pages: int = 0    # pages before the main matter (numbered in roman)
    tracking: dict = field(default_factory=dict)   # notes set tighter: id -> step


def restricted_fetcher(allowed: list[Path]):
    """A WeasyPrint URL fetcher for local files under ``allowed`` folders; everything else is refused."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in allowed]

    class RestrictedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path == r or r in path.parents for r in roots):
                    return super().fetch(url, headers)
            elif parsed.scheme == "data":
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url!r}: only files of the project's styles and build folders")

    return RestrictedFetcher(allowed_protocols=["file", "data"], allow_redirects=False)


def page_css(book) -> str:
    """The page size, bleed and marks from book.yaml, and the book's running title (else its title) as
    the verso running head."""
    css = f"@page {{ size: {book.trim_width} {book.trim_height}; "
    if book.bleed not in ("0", "0in", "0mm"):
        css += f"bleed: {book.bleed}; "
    if book.crop_marks:
        css += "marks: crop cross; "
    css += "}\n"
    head = book.running_title or book.title
    return css + f"@page :left {{ @top-center {{ content: {css_string(head)}; }} }}\n"


class Typesetter:
    """WeasyPrint with the print stylesheet, the book's page CSS and the restricted fetcher."""

    def __init__(self, book, build: Path, stage=lambda text: None):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.build = build
        self.stage = stage
        self.fetcher = restricted_fetcher([STYLES, build])
        self.fonts = FontConfiguration()    # shared, so that parts laid out apart can be joined
        self.stylesheets = [CSS(filename=str(STYLES / "print.css"), url_fetcher=self.fetcher, font_config=self.fonts),
                            CSS(string=page_css(book), font_config=self.fonts)]

    def layout(self, document_html: str, first_page: int | None = None):
        from weasyprint import CSS, HTML

        sheets = list(self.stylesheets)
        if first_page is not None:   # a part that goes on from the given printed page
            sheets.append(CSS(string=f"@page :nth(1 of main) {{ counter-reset: page {first_page}; }}",
                              font_config=self.fonts))
        with split_footnotes(), shrinkable_spaces():
            return HTML(string=document_html, base_url=str(self.build) + "/", url_fetcher=self.fetcher).render(
                stylesheets=sheets, font_config=self.fonts)


def anchor_pages(document) -> dict[str, int]:
    """The index of the page holding each anchor (id) of a laid-out document."""
    pages = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, index)
    return pages


def printed_pages(document, ids: list[str]) -> dict[str, int]:
    """The printed page number of each id: the main matter's first page is 1 (see print.css)."""
    anchors = anchor_pages(document)
    start = anchors[MAIN_ANCHOR]
    return {i: anchors[i] - start + 1 for i in ids if i in anchors}


def book_layout(pb: PrintBook, ts: Typesetter) -> Laid:
    """Notes at the end of the book: the chapters, then the notes with their references' pages."""
    ts.stage("laying out the chapters (WeasyPrint)")
    main = ts.layout(render_html(pb, "main"))
    refs = printed_pages(main, pb.ref_ids)
    # The main part ends with the empty first page of the notes: the notes part takes its place.
    notes_page = printed_pages(main, ["notes"])["notes"]
    assert anchor_pages(main)["notes"] == len(main.pages) - 1, "the notes' page is the main part's last"
    ts.stage("laying out the notes (WeasyPrint)")
    tracking: dict[str, int] = {}
    notes = ts.layout(render_html(pb, "notes", refs), first_page=notes_page)
    for step in range(1, TRACKING_STEPS + 1):
        loose = loose_notes(notes)
        if not loose:
            break
        ts.stage(f"setting {len(loose)} note(s) tighter (WeasyPrint)")
        tracking.update({note: step for note in loose})
        notes = ts.layout(render_html(pb, "notes", refs, tracking=tracking), first_page=notes_page)
    return Laid(main.copy(main.pages[:-1] + notes.pages), "", 1, refs=refs, tracking=tracking)


def loose_notes(document) -> set[str]:
    """The ids of the notes (``data-pdf-tag="Note"``) with a justified line whose word spaces exceed
    ``LOOSE_EM``: WeasyPrint records the space it adds to each space of a justified line."""
    loose: set[str] = set()

    def walk(box, note):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-pdf-tag") == "Note":
            note = element.get("id")
        if note and type(box).__name__ == "TextBox" and box.justification_spacing:
            size = box.style["font_size"]
            if (box.justification_spacing + SPACE_EM * size) / size > LOOSE_EM:
                loose.add(note)
        for child in getattr(box, "children", None) or ():
            walk(child, note)

    for page in document.pages:
        walk(page._page_box, None)
    return loose


def settled_layout(pb: PrintBook, ts: Typesetter) -> Laid:
    """Notes inside the chapters: laid out until no reference moves to another page."""
    refs: dict[str, int] = {}
    for passes in range(1, MAX_PASSES + 1):
        ts.stage(f"laying out the chapters, pass {passes} (WeasyPrint)")
        doc = ts.layout(render_html(pb, "main", refs))
        found = printed_pages(doc, pb.ref_ids)
        if found == refs:
            return Laid(doc, "", passes, refs=refs)
        refs = found
    return Laid(doc, "", MAX_PASSES, settled=False, refs=refs)


def with_front_matter(pb: PrintBook, ts: Typesetter, main: Laid) -> Laid:
    """The front matter and contents, laid out apart with the chapters' pages written in, before the
    main matter. The front part ends with an empty recto where the main matter begins: dropped."""
    toc = printed_pages(main.document, pb.toc_ids)
    front = ts.layout(render_html(pb, "front", toc_pages=toc))
    assert anchor_pages(front).get("main-start") == len(front.pages) - 1, "the main matter's page is the front's last"
    document = main.document.copy(front.pages[:-1] + main.document.pages)
    html = render_html(pb, "whole", main.refs, toc, main.tracking)
    return Laid(document, html, main.passes, main.settled, main.refs, front_pages=len(front.pages) - 1,
                tracking=main.tracking)


def lay_out(pb: PrintBook, ts: Typesetter) -> Laid:
    if pb.has_endnotes:
        main = book_layout(pb, ts)
    elif pb.placement == "chapter" and pb.ref_ids:
        main = settled_layout(pb, ts)
    else:
        ts.stage("laying out the chapters (WeasyPrint)")
        main = Laid(ts.layout(render_html(pb, "main")), "", 1)
    ts.stage("laying out the front matter (WeasyPrint)")
    return with_front_matter(pb, ts, main)
