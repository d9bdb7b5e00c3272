"""ONIX 3.0 product records for the EPUB and the print edition, from ``book.yaml``.

Only what the metadata gives is written; a field the publisher has not supplied is omitted, never
invented. Code lists used: 5 (product ID type), 150/175 (product form/detail), 15 (title type),
17 (contributor role), 22/74 (language role/code), 23/24 (extent type/unit), 45 (publishing role),
163 (publishing date role).
"""

from __future__ import annotations

from datetime import datetime, timezone

import langcodes
from lxml import etree

from .book import Book

NS = "http://ns.editeur.org/onix/3.0/reference"


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def check_onix(data: bytes) -> list[str]:
    """Schema problems of an ONIX message (onixcheck's ONIX 3.0 XSD); empty when valid."""
    import tempfile

    import onixcheck
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/onix.xml"
        with open(path, "wb") as f:
            f.write(data)
        messages = onixcheck.validate(path)
    return [f"{m.level} {m.location.split(':', 1)[-1]}: {m.message}".replace("{%s}" % NS, "") for m in messages]


# ONIX elements and the book.yaml key that gives each: a schema problem is told as the key to add.
ONIX_KEYS = {
    "Sender": "publisher", "SenderName": "publisher", "Publisher": "publisher", "PublisherName": "publisher",
    "PublishingDate": "date", "TitleDetail": "title", "TitleText": "title", "Contributor": "authors",
    "PersonName": "authors", "Language": "language", "ProductIdentifier": "isbn or isbn_epub",
    "IDValue": "isbn or isbn_epub",
}


def explain(problem: str) -> str:
    """A schema problem of onix.xml as the book.yaml key that would settle it, when one would."""
    import re
    expected = re.search(r"Expected is (?:one of )?\(\s*([^)]*?)\s*\)", problem)
    names = [n.strip() for n in expected.group(1).split(",")] if expected else []
    names += re.findall(r"Element '(\w+)'", problem)
    key = next((ONIX_KEYS[n] for n in names if n in ONIX_KEYS), None)
    return f"add {key} to book.yaml (ONIX: {problem})" if key else f"ONIX: {problem}"


def onix_language(code: str) -> str:
    return langcodes.Language.get(code).to_alpha3(variant="B")


def build_onix(book: Book, pdf_pages: int | None, epoch: int) -> bytes:
    root = etree.Element(f"{{{NS}}}ONIXMessage", nsmap={None: NS}, release="3.0")
    header = _sub(root, "Header")
    if book.publisher:
        _sub(_sub(header, "Sender"), "SenderName", book.publisher)
    _sub(header, "SentDateTime", datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ"))

    forms = [
        ("epub", "ED", "E101", book.isbn_epub, None),
        ("print", "BC", None, book.isbn, pdf_pages),
    ]
    for suffix, form, detail, isbn, pages in forms:
        product = _sub(root, "Product")
        _sub(product, "RecordReference", f"{book.uid}-{suffix}")
        _sub(product, "NotificationType", "03")
        pid = _sub(product, "ProductIdentifier")
        _sub(pid, "ProductIDType", "01")
        _sub(pid, "IDTypeName", "Publisher record")
        _sub(pid, "IDValue", f"{book.uid}-{suffix}")
        if isbn:
            pid = _sub(product, "ProductIdentifier")
            _sub(pid, "ProductIDType", "15")
            _sub(pid, "IDValue", isbn.replace("-", "").replace(" ", ""))
        dd = _sub(product, "DescriptiveDetail")
        _sub(dd, "ProductComposition", "00")
        _sub(dd, "ProductForm", form)
        if detail:
            _sub(dd, "ProductFormDetail", detail)
        td = _sub(dd, "TitleDetail")
        _sub(td, "TitleType", "01")
        te = _sub(td, "TitleElement")
        _sub(te, "TitleElementLevel", "01")
        _sub(te, "TitleText", book.title)
        if book.subtitle:
            _sub(te, "Subtitle", book.subtitle)
        for i, author in enumerate(book.authors, start=1):
            c = _sub(dd, "Contributor")
            _sub(c, "SequenceNumber", str(i))
            _sub(c, "ContributorRole", "A01")
            _sub(c, "PersonName", author)
        lang = _sub(dd, "Language")
        _sub(lang, "LanguageRole", "01")
        _sub(lang, "LanguageCode", onix_language(book.language))
        if pages:
            ex = _sub(dd, "Extent")
            _sub(ex, "ExtentType", "11")       # content page count
            _sub(ex, "ExtentValue", str(pages))
            _sub(ex, "ExtentUnit", "03")       # pages
        if book.description:
            cd = _sub(product, "CollateralDetail")
            tc = _sub(cd, "TextContent")
            _sub(tc, "TextType", "03")
            _sub(tc, "ContentAudience", "00")
            _sub(tc, "Text", book.description)
        if book.publisher or book.date:
            pd = _sub(product, "PublishingDetail")
            if book.publisher:
                pub = _sub(pd, "Publisher")
                _sub(pub, "PublishingRole", "01")
                _sub(pub, "PublisherName", book.publisher)
            if book.date:
                date = _sub(pd, "PublishingDate")
                _sub(date, "PublishingDateRole", "01")
                digits = "".join(ch for ch in book.date if ch.isdigit())
                _sub(date, "Date", digits, dateformat={8: "00", 6: "01", 4: "05"}.get(len(digits), "00"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
