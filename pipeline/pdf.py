"""Stage 5b: the print PDF, typeset by WeasyPrint from the same rendered HTML as the EPUB.

Only the template (``styles/print/book.html.j2``) and the stylesheet (``styles/print.css``) differ.
WeasyPrint is given a URL fetcher that serves files from the project's styles and build folders only:
a manuscript cannot make it read other files or reach the network.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import __version__
from .build import Prepared, Project
from .files import Outputs, atomic_path, write_atomic
from .model import Report
from .render import NOTEREF, link_notes, note_body, note_ids, ref_id_of, render_book

STYLES = Path(__file__).resolve().parent.parent / "styles"


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
    css = f"@page {{ size: {book.trim_width} {book.trim_height}; "
    if book.bleed not in ("0", "0in", "0mm"):
        css += f"bleed: {book.bleed}; "
    if book.crop_marks:
        css += "marks: crop cross; "
    return css + "}"


def build_html(project: Project, book, prepared: Prepared, report: Report) -> str:
    # Print pages are the PDF's own: the source edition's page marks are not carried over.
    chapters = render_book(prepared, dataclasses.replace(book, first_page=None), report)
    ids = note_ids(chapters)
    placement = book.notes
    views = []
    endnotes = []
    for ch in chapters:
        notes = []
        footnotes = {}
        for n in ch.notes:
            nid = ids[(ch.id, n.label)]
            back = f"#{ref_id_of(nid)}" if n.referenced else None
            notes.append({"id": nid, "value": n.label if n.label.isdigit() else "",
                          "html": Markup(note_body(n.html, n.label, back))})
            footnotes[n.label] = n.html
        if placement == "footnotes":
            body = _footnotes(ch.body, footnotes, ch.id, ids)
        else:
            body = link_notes(ch.body, lambda lb, ch=ch: "#" + ids[(ch.id, lb)],
                              lambda lb, ch=ch: ref_id_of(ids[(ch.id, lb)]))
        views.append({"id": ch.id, "title": Markup(ch.title), "plain_title": ch.plain_title,
                      "sections": ch.sections, "html": Markup(body), "notes": notes})
        if placement == "book" and notes:
            endnotes.append({"title": Markup(ch.title), "notes": notes})
    # Every value is escaped; only the renderer's HTML fragments are marked safe (Markup).
    env = Environment(loader=FileSystemLoader(str(STYLES / "print")), autoescape=True, undefined=StrictUndefined)
    date = datetime.fromtimestamp(project.source_date_epoch(), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return env.get_template("book.html.j2").render(book=book, chapters=views, endnotes=endnotes,
                                                   placement=placement, version=__version__, date=date)


def _footnotes(body: str, footnotes: dict, chapter_id: str, ids: dict) -> str:
    def sub(m: re.Match) -> str:
        label = m.group(1)
        content = footnotes.get(label, "")
        content = re.sub(r"</?p>", " ", content).strip()
        return (f'<span class="fn" id="{ids[(chapter_id, label)]}" data-label="{html.escape(label)}">'
                f'{content}</span>')
    return NOTEREF.sub(sub, body)


def build_pdf(project: Project, prepared: Prepared, out: Path, log=print) -> tuple[Path, Report]:
    from weasyprint import CSS, HTML

    report = Report()
    book = project.book()
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(project.source_date_epoch())
    _stage("rendering HTML")
    document_html = build_html(project, book, prepared, report)
    html_path = project.build / "print.html"
    write_atomic(html_path, document_html)
    fetcher = restricted_fetcher([STYLES, project.build])
    _stage("laying out pages (WeasyPrint)")
    doc = HTML(string=document_html, base_url=str(project.build) + "/", url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(STYLES / "print.css"), url_fetcher=fetcher), CSS(string=page_css(book))],
    )
    _stage(f"writing PDF ({len(doc.pages)} pages)")
    with atomic_path(out) as tmp:   # an interrupted write never leaves a truncated PDF under its name
        doc.write_pdf(str(tmp), pdf_variant="pdf/ua-1", pdf_identifier=book.uid.encode(), uncompressed_pdf=False)
    Outputs(project.build).record(out, project.output_inputs())
    log(f"wrote {out} ({len(doc.pages)} pages)")
    return out, report


def _stage(text: str) -> None:
    """Stage messages on a terminal; silent when not interactive (CI)."""
    if sys.stderr.isatty():
        print(f"  pdf: {text}…", file=sys.stderr, flush=True)
