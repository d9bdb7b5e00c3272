"""The print HTML: the rendered chapters and their notes in the print template (``styles/print``).

The document can be written whole or in two parts: the front matter and the chapters (with an empty
page where the notes begin), and the notes alone. The notes carry the printed page of their reference
as text, ``(p. 17)``, read from the laid-out chapters (see ``layout``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..render import WORD_JOINER, RenderedChapter, note_body, note_ids, note_link, ref_id_of
from ..resources import styles

STYLES = styles()
UNKNOWN_PAGE = "00"   # the page of a reference not laid out yet (first pass of chapter notes)


@dataclass
class PrintNote:
    id: str
    label: str
    ref: str | None        # the id of its reference in the text, None for a note never referenced
    html: str              # the note's own HTML, without its label

    def view(self, ref_pages: dict[str, int], tracking: int = 0) -> dict:
        page = f"(p.\u00a0{ref_pages.get(self.ref, UNKNOWN_PAGE)})"
        # The label's box gives the gap after it (no space of its own, which the fix below would move);
        # the page goes with the note's last word, never alone on a line: an ordinary space (it
        # stretches with the line) and a word joiner (no break there; a no-break space made WeasyPrint
        # break the note's earlier lines badly).
        body = note_body(self.html, self.label, self.ref and f"#{self.ref}", page, " " + WORD_JOINER, label_space="")
        return {"id": self.id, "value": self.label if self.label.isdigit() else "",
                "html": Markup(line_breaks(body)), "tracking": tracking}


@dataclass
class PrintBook:
    book: object
    chapters: list[dict]
    placement: str
    date: str
    notes: list[PrintNote] = field(default_factory=list)   # every note of the book, in order

    @property
    def has_endnotes(self) -> bool:
        return self.placement == "book" and bool(self.notes)

    @property
    def label_chars(self) -> int:
        """The widest label with its full stop, in characters: the hanging indent of every note list
        (the style sheet has columns up to 7, ``99999.`` and a little more)."""
        return min(max((len(n.label) + 1 for n in self.notes), default=2), 7)

    @property
    def ref_ids(self) -> list[str]:
        return [n.ref for n in self.notes if n.ref]

    @property
    def toc_ids(self) -> list[str]:
        """The anchors the contents lists: chapters, their sections, the notes."""
        return [i for ch in self.chapters for i in [ch["id"]] + [sid for sid, _ in ch["sections"]]] + ["notes"]


def print_book(book, chapters: list[RenderedChapter], source_date_epoch: int) -> PrintBook:
    """The print edition's view of the rendered chapters (without the source edition's page breaks:
    print pages are the PDF's own)."""
    ids = note_ids(chapters)
    views, all_notes = [], []
    for ch in chapters:
        notes = [PrintNote(ids[(ch.id, n.label)], n.label,
                           ref_id_of(ids[(ch.id, n.label)]) if n.referenced else None, ch.markup(n.html))
                 for n in ch.notes]
        if book.notes == "footnotes":
            body = ch.markup(ch.body, _footnote(notes))
        else:
            body = ch.markup(ch.body, lambda lb, ch=ch: note_link(lb, "#" + ids[(ch.id, lb)],
                                                                  ref_id_of(ids[(ch.id, lb)])))
        views.append({"id": ch.id, "title": Markup(ch.title), "plain_title": ch.plain_title,
                      "running_title": ch.short_title or ch.plain_title,
                      "sections": ch.sections, "html": Markup(line_breaks(body)), "notes": notes})
        all_notes += notes
    date = datetime.fromtimestamp(source_date_epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return PrintBook(book, views, book.notes, date, all_notes)


PARTS = ("whole", "front", "main", "notes")


def render_html(pb: PrintBook, part: str = "whole", ref_pages: dict[str, int] | None = None,
                toc_pages: dict[str, int] | None = None, tracking: dict[str, int] | None = None) -> str:
    """The print document, or one of its parts laid out apart (see ``layout``): ``front`` (the front
    matter and contents, ending with an empty page where the main matter begins), ``main`` (the
    chapters, ending with an empty page where the notes at the end of the book begin) and ``notes``
    (those notes). ``ref_pages`` and ``toc_pages`` give the printed page of note references and of
    the contents' entries; ``tracking`` the notes set a step tighter (1 or 2, see ``layout``)."""
    assert part in PARTS, part
    ref_pages = ref_pages or {}
    chapters = []
    for ch in pb.chapters:
        tracking = tracking or {}
        notes = [n.view(ref_pages, tracking.get(n.id, 0)) for n in ch["notes"]] \
            if part != "main" or pb.placement == "chapter" else []
        chapters.append({**ch, "notes": notes})
    endnotes = [{"title": ch["title"], "notes": ch["notes"]} for ch in chapters
                if pb.placement == "book" and ch["notes"]]
    # Every value is escaped; only the renderer's HTML fragments are marked safe (Markup).
    env = Environment(loader=FileSystemLoader(str(STYLES / "print")), autoescape=True, undefined=StrictUndefined)
    env.filters["css_string"] = css_string
    return env.get_template("book.html.j2").render(
        book=pb.book, chapters=chapters, endnotes=endnotes, has_endnotes=pb.has_endnotes, part=part,
        placement=pb.placement, labels=pb.label_chars, version=__version__, date=pb.date,
        toc_pages=toc_pages or {})


def css_string(text: str) -> str:
    """A CSS string literal: ``"Stalin’s \\"Second\\""``."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Two fixes to where lines may break, neither of which changes the text:
#
# WeasyPrint (v66–70) measures a run of text together with its trailing space: a run that ends with a
# space just before an inline element (``His <em>Introduction</em>``), and that fits the line only
# without that space, is broken after its *first* word, leaving one word stranded on a line of its own.
# Moving the space past the tag (``His<em> Introduction</em>``) gives the same text and the right break.
_SPACE_BEFORE_TAGS = re.compile(r"(?<=[^\s>])([ \n]+)((?:<[^>]+>)+)")
#
# Pango (1.50) follows the line-breaking rule of Unicode 15.0 and earlier that forbids a break between a
# quotation mark and an opening bracket even across spaces (UAX #14 LB15, ``QU SP* × OP``): in English,
# ``see “Boscobel” (Bohn’s “Standard Library”).`` becomes one unbreakable unit and the line before it is
# stretched. Unicode 15.1 allows that break after a closing quote; a ``<wbr>`` after the space restores it.
_QUOTE_SPACE_BRACKET = re.compile(r"([”’»›\"']) +(?=[(\[{])")
_TAG = re.compile(r"(<[^>]*>)")


def line_breaks(fragment: str) -> str:
    fragment = _SPACE_BEFORE_TAGS.sub(r"\2\1", fragment)
    parts = _TAG.split(fragment)
    # only in text, never inside a tag
    parts[::2] = [_QUOTE_SPACE_BRACKET.sub(lambda m: m.group(0) + "<wbr>", text) for text in parts[::2]]
    return "".join(parts)


def _footnote(notes: list[PrintNote]):
    """A note reference made the note itself (WeasyPrint's ``float: footnote`` sets it at the page's
    foot), joined to the word before it."""
    by_label = {n.label: n for n in notes}

    def note(label: str) -> str:
        content = re.sub(r"</?p>", " ", by_label[label].html).strip()
        return (f'{WORD_JOINER}<span class="fn" id="{by_label[label].id}" data-label="{html.escape(label)}">'
                f'{content}</span>')
    return note
