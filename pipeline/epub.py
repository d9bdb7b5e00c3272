"""Stage 5a: the EPUB 3, packaged with EbookLib and made byte-reproducible.

One XHTML document per chapter, a title page, the notes (end of book, grouped by chapter, or end of
each chapter), a navigation document with the table of contents, landmarks and (when ``first_page``
is set) a page list. Note references and notes link both ways with EPUB 3 / DPUB-ARIA semantics.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ebooklib import epub
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .build import Build
from .cover import CoverImage
from .files import write_atomic
from .render import RenderedChapter, note_body, note_ids, note_link, ref_id_of
from .resources import styles

STYLES = styles()


class RawXhtml(epub.EpubHtml):
    """An XHTML document written exactly as rendered by our templates (EbookLib would rebuild it)."""

    def get_content(self, default=None):
        return self.content


@dataclass
class NoteView:
    id: str
    label: str
    value: str
    html: str
    backlink: str | None


NOTES_FILE_BYTES = 250_000
ZIP_FIRST, ZIP_LAST = 315532800, 4354819198        # 1980-01-01 and 2107-12-31T23:59:58 UTC


def _notes_name(k: int) -> str:
    return "notes.xhtml" if k == 1 else f"notes-{k}.xhtml"


def env() -> Environment:
    # Every value is escaped; only the renderer's HTML fragments are marked safe (Markup).
    return Environment(loader=FileSystemLoader(str(STYLES / "epub")), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def build_epub(build: Build, out: Path, log=print) -> Path:
    """The EPUB 3 of the build's rendered chapters at ``out``; what it finds goes to ``build.report``."""
    book, project = build.book, build.project
    chapters, cover = build.chapters(), build.cover()
    start = len(build.report.entries)          # (what the EPUB itself finds, kept with it: none yet)
    notes = NotePlaces(chapters, "chapter" if book.notes == "chapter" else "book")
    j = env()
    docs = _chapter_documents(j, book.language, chapters, notes) + _notes_documents(j, book.language, notes)
    pages = [(f"{_file_of(ch)}#{pid}", pid.removeprefix("page-")) for ch in chapters for pid in ch.pages] \
        if book.first_page is not None else []
    nav_xhtml = _nav_document(j, book.language, chapters, notes, pages)
    title_xhtml = j.get_template("titlepage.xhtml.j2").render(lang=book.language, doc_title=book.title,
                                                              body_type="frontmatter", book=book)
    cover_xhtml = j.get_template("cover.xhtml.j2").render(
        lang=book.language, doc_title="Cover", body_type="cover", book=book, image=f"images/cover.{cover.extension}",
        width=cover.width, height=cover.height)
    eb = _package(book, docs, title_xhtml, nav_xhtml, (cover, cover_xhtml))
    _add_metadata(eb, book, pages)
    epoch = project.source_date_epoch()
    mtime = datetime.fromtimestamp(epoch, tz=timezone.utc).replace(tzinfo=None)
    buf = io.BytesIO()
    # EbookLib's zip is only read back by reproducible_zip, which compresses each member: not compressed twice.
    epub.write_epub(buf, eb, {"mtime": mtime, "epub3_pages": False, "raise_exceptions": True, "compresslevel": 0})
    write_atomic(out, reproducible_zip(buf.getvalue(), epoch,
                                       {"EPUB/content.opf": lambda opf: _opf_lang(opf, book.language)}))
    build.record(out, build.report.entries[start:])
    log(f"wrote {out}")
    return out


def _file_of(ch: RenderedChapter) -> str:
    return f"{ch.id}.xhtml"


class NotePlaces:
    """Where the notes go (``placement``: at the end of each chapter, or of the book in files of at
    most NOTES_FILE_BYTES, older reading systems refusing larger documents), and the links between a
    note and its reference, both ways."""

    def __init__(self, chapters: list[RenderedChapter], placement: str):
        self.placement = placement
        self.ids = note_ids(chapters)
        self.file_of: dict[str, str] = {}        # chapter id -> its notes' file (notes at the book's end)
        self.files: list[list[dict]] = []        # the notes' files: each a list of chapter groups
        if placement == "book":
            self._pack([ch for ch in chapters if ch.notes])

    def _pack(self, chapters: list[RenderedChapter]) -> None:
        size = NOTES_FILE_BYTES
        for ch in chapters:
            group = {"title": Markup(ch.title), "notes": self.views(ch)}
            weight = sum(len(n.html) + 200 for n in group["notes"])
            if size + weight > NOTES_FILE_BYTES and (not self.files or self.files[-1]):
                self.files.append([])
                size = 0
            self.files[-1].append(group)
            size += weight
            self.file_of[ch.id] = _notes_name(len(self.files))

    def views(self, ch: RenderedChapter) -> list[NoteView]:
        """The chapter's notes as the templates show them, each with its link back to its reference."""
        out = []
        for n in ch.notes:
            nid = self.ids[(ch.id, n.label)]
            ref = ref_id_of(nid)
            back = (f"#{ref}" if self.placement == "chapter" else f"{_file_of(ch)}#{ref}") if n.referenced else None
            value = n.label if n.label.isdigit() else ""
            out.append(NoteView(nid, n.label, value, Markup(note_body(ch.markup(n.html), n.label, back)), back))
        return out

    def href(self, ch: RenderedChapter, label: str) -> str:
        nid = self.ids[(ch.id, label)]
        return f"#{nid}" if self.placement == "chapter" else f"{self.file_of[ch.id]}#{nid}"

    def ref_id(self, ch: RenderedChapter, label: str) -> str:
        return ref_id_of(self.ids[(ch.id, label)])


def _chapter_documents(j: Environment, lang: str, chapters: list[RenderedChapter],
                       notes: NotePlaces) -> list[tuple[str, str, str]]:
    """(file, title, XHTML) of each chapter, its note references linked (and its notes at its end)."""
    docs = []
    for ch in chapters:
        body = ch.markup(ch.body, lambda label, ch=ch: note_link(label, notes.href(ch, label), notes.ref_id(ch, label)))
        groups = [{"title": None, "notes": notes.views(ch)}] if notes.placement == "chapter" and ch.notes else []
        xhtml = j.get_template("chapter.xhtml.j2").render(
            lang=lang, doc_title=ch.plain_title, body_type="bodymatter", chapter=ch, body=Markup(body),
            notes=groups, notes_heading_id=f"{ch.id}-notes", notes_level=2)
        docs.append((_file_of(ch), ch.plain_title, xhtml))
    return docs


def _notes_documents(j: Environment, lang: str, notes: NotePlaces) -> list[tuple[str, str, str]]:
    """(file, title, XHTML) of each file of the notes at the book's end."""
    docs = []
    for k, groups in enumerate(notes.files, start=1):
        title = "Notes" if len(notes.files) == 1 else f"Notes ({k} of {len(notes.files)})"
        docs.append((_notes_name(k), title, j.get_template("notes.xhtml.j2").render(
            lang=lang, doc_title=title, body_type="backmatter", notes=groups, notes_title=title,
            notes_heading_id="notes" if k == 1 else f"notes-{k}", notes_level=1)))
    return docs


def _nav_document(j: Environment, lang: str, chapters: list[RenderedChapter], notes: NotePlaces,
                  pages: list[tuple[str, str]]) -> str:
    """The navigation document: contents, landmarks and the page list."""
    chapter_views = [{"file": _file_of(c), "id": c.id, "plain_title": c.plain_title, "sections": c.sections}
                     for c in chapters]
    parts = [(_notes_name(k), f"Part {k}") for k in range(1, len(notes.files) + 1)] if len(notes.files) > 1 else []
    return j.get_template("nav.xhtml.j2").render(lang=lang, doc_title="Contents", body_type=None,
                                                 chapters=chapter_views, pages=pages, notes_parts=parts,
                                                 notes_file=_notes_name(1) if notes.files else None)


def _package(book, docs: list[tuple[str, str, str]], title_xhtml: str, nav_xhtml: str,
             cover: tuple[CoverImage, str]) -> epub.EpubBook:
    """The EPUB's items and reading order: cover, title page, contents, then the documents in order."""
    lang = book.language
    eb = epub.EpubBook()
    eb.set_identifier(book.uid)
    eb.set_title(book.title)
    eb.set_language(lang)
    for a in book.authors:
        eb.add_author(a)
    eb.add_item(epub.EpubItem(uid="css", file_name="css/book.css", media_type="text/css",
                              content=(STYLES / "epub.css").read_bytes()))
    nav = RawXhtml(uid="nav", file_name="nav.xhtml", title="Contents", lang=lang)
    nav.content = nav_xhtml.encode("utf-8")
    nav.properties = ["nav"]
    eb.add_item(nav)
    image, cover_xhtml = cover
    picture = epub.EpubCover(uid="cover-img", file_name=f"images/cover.{image.extension}")
    picture.media_type = image.media_type
    picture.content = image.data
    eb.add_item(picture)
    eb.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})   # (EPUB 2 reading systems)
    cover_item = RawXhtml(uid="cover", file_name="cover.xhtml", title="Cover", lang=lang)
    cover_item.content = cover_xhtml.encode("utf-8")
    eb.add_item(cover_item)
    title_item = RawXhtml(uid="titlepage", file_name="titlepage.xhtml", title=book.title, lang=lang)
    title_item.content = title_xhtml.encode("utf-8")
    eb.add_item(title_item)
    spine = [cover_item, title_item, (nav, "no")]
    toc = []
    for fname, title, xhtml in docs:
        item = RawXhtml(uid=fname.removesuffix(".xhtml"), file_name=fname, title=title, lang=lang)
        item.content = xhtml.encode("utf-8")
        eb.add_item(item)
        spine.append(item)
        toc.append(epub.Link(fname, title, fname.removesuffix(".xhtml")))
    eb.add_item(epub.EpubNcx())
    eb.toc = toc
    eb.spine = spine
    return eb


def _add_metadata(eb: epub.EpubBook, book, pages: list) -> None:
    """Dublin Core from book.yaml, schema.org accessibility metadata, and the print page numbers' source."""
    for key in ("publisher", "date", "rights", "description"):
        value = getattr(book, key)
        if value:
            eb.add_metadata("DC", key, value)
    if book.subtitle:
        eb.add_metadata("DC", "title", book.subtitle, {"id": "subtitle"})
        eb.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    if pages:
        features += ["pageNavigation", "printPageNumbers"]
    a11y = [("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual")]
    a11y += [("schema:accessibilityFeature", f) for f in features]
    a11y += [("schema:accessibilityHazard", "none"),
             ("schema:accessibilitySummary",
              "Text-only book with a table of contents, structured headings, and linked endnotes that "
              "reading systems can show as pop-ups" + (", and print page numbers from the source edition." if pages
                                                        else "."))]
    for prop, value in a11y:
        eb.add_metadata(None, "meta", value, {"property": prop})
    if pages:
        # The print edition the page numbers come from: its ISBN when known, else its title.
        source = f"urn:isbn:{book.isbn.replace('-', '').replace(' ', '')}" if book.isbn else f"{book.title} (print)"
        eb.add_metadata(None, "meta", source, {"property": "pageBreakSource"})


def _opf_lang(opf: bytes, lang: str) -> bytes:
    """The package's language on the OPF root (EbookLib writes it only in dc:language), as
    accessibility checkers expect: ``<package … xml:lang="en">``."""
    return re.sub(rb"<package(?![^>]*xml:lang)", b'<package xml:lang="' + html.escape(lang).encode() + b'"',
                  opf, count=1)


def reproducible_zip(data: bytes, epoch: int, rewrite: dict | None = None) -> bytes:
    """Re-pack a zip: ``mimetype`` first and stored, fixed order, timestamps and permissions;
    ``rewrite`` maps member names to functions that change their bytes."""
    # (a zip member's date runs from 1980 to 2107: a build dated outside it is stamped at the nearest end)
    stamp = datetime.fromtimestamp(min(max(epoch, ZIP_FIRST), ZIP_LAST), tz=timezone.utc).timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = (["mimetype"] if "mimetype" in names else []) + sorted(n for n in names if n != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = src.read(name)
            if rewrite and name in rewrite:
                content = rewrite[name](content)
            dst.writestr(info, content, compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()
