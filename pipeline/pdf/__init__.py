"""Stage 5b: the print PDF, typeset by WeasyPrint from the same rendered chapters as the EPUB.

- ``html``: the print document (template ``styles/print/book.html.j2``, stylesheet ``styles/print.css``);
- ``layout``: WeasyPrint, the notes' page references read from the laid-out chapters;
- ``footnotes``: a patch to WeasyPrint's layout, applied only while laying out: notes at the page
  foot start on their reference's page and break across pages (WeasyPrint issue #1833);
- ``linefit``: another, applied the same way: a justified line's spaces may shrink as well as stretch;
- ``tags``: the structure tree made honest (artifacts, notes, contents, link descriptions, page labels)
  and checked; PDF/UA-1 is claimed only when the check passes;
- ``balance``: facing pages end on the same line (a short page's lines spaced out, as TeX's
  ``\\flushbottom`` does);
- ``check``: what a printer's quality desk measures on the pages (word spacing, stranded words);
- ``patches``: local workarounds for WeasyPrint and pydyf, applied only while writing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..build import Build
from ..files import atomic_path, write_atomic
from ..model import Kind
from .html import print_book
from .layout import Typesetter, lay_out, restricted_fetcher
from .balance import flush_bottom
from .patches import cached_page_references
from .tags import finish, structure_hooks

__all__ = ["build_pdf", "restricted_fetcher"]


def build_pdf(build: Build, out: Path, log=print) -> Path:
    """The print PDF of the build's rendered chapters at ``out``; what it finds goes to ``build.report``."""
    book, project = build.book, build.project
    # fontTools stamps subset fonts with the current time unless SOURCE_DATE_EPOCH is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(project.source_date_epoch())
    _stage("rendering HTML")
    pb = print_book(book, build.chapters(pages=False), project.source_date_epoch())
    start = len(build.report.entries)          # (what the PDF itself finds, kept with it)
    laid = lay_out(pb, Typesetter(book, project.build, _stage))
    write_atomic(project.build / "print.html", laid.html)
    if not laid.settled:
        build.report.add(Kind.PAGE_REFERENCES_UNSETTLED, "print.html", 0,
                         evidence=f"after {laid.passes} layouts of the book some notes' (p. N) may be a page off")
    doc = laid.document
    flush_bottom(doc, laid.front_pages)        # facing pages end on the same line (balance)
    _stage(f"writing PDF ({len(doc.pages)} pages)")
    # An interrupted write never leaves a truncated PDF under its name. WeasyPrint writes the streams
    # uncompressed: ``finish`` rewrites every page's content (artifacts) and compresses each stream once
    # when it saves the file (compressing in WeasyPrint too cost a third of the writing, for the same file).
    with atomic_path(out) as tmp, structure_hooks() as hooked, cached_page_references():
        doc.write_pdf(str(tmp), pdf_variant="pdf/ua-1", pdf_identifier=book.uid.encode(), uncompressed_pdf=True)
        _stage("tagging")
        problems = finish(Path(tmp), laid.front_pages, claim=hooked)
    for problem in problems[:20]:
        build.report.add(Kind.PDF_UA_NOT_CLAIMED, out.name, 0, evidence=problem)
    build.record(out, build.report.entries[start:])
    log(f"wrote {out} ({len(doc.pages)} pages)")
    return out


def _stage(text: str) -> None:
    """Stage messages on a terminal; silent when not interactive (CI)."""
    if sys.stderr.isatty():
        print(f"  pdf: {text}…", file=sys.stderr, flush=True)
