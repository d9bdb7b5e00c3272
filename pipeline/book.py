"""Book metadata from ``book.yaml`` and the project's layout (seeds/, build/, dist/, styles/)."""

from __future__ import annotations

import html
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import PipelineError

PLACEMENTS = ("book", "chapter", "footnotes")


@dataclass
class Book:
    title: str
    language: str = "en"
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    identifier: str | None = None
    isbn: str | None = None          # print edition
    isbn_epub: str | None = None
    publisher: str | None = None
    date: str | None = None
    rights: str | None = None
    description: str | None = None
    notes: str = "book"
    first_page: int | None = None
    trim_width: str = "6in"
    trim_height: str = "9in"
    bleed: str = "0"
    crop_marks: bool = False

    @property
    def slug(self) -> str:
        text = re.sub(r"[\s\u2010-\u2015/:]+", "-", self.title)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "book"

    def escaped(self) -> dict:
        """The metadata with every text value HTML-escaped, for templates."""
        def esc(v):
            if isinstance(v, str):
                return html.escape(v)
            if isinstance(v, list):
                return [esc(x) for x in v]
            return v
        return {k: esc(v) for k, v in self.__dict__.items()} | {"slug": self.slug, "uid": esc(self.uid)}

    @property
    def uid(self) -> str:
        if self.identifier:
            return self.identifier
        isbn = self.isbn_epub or self.isbn
        if isbn:
            return f"urn:isbn:{isbn.replace('-', '').replace(' ', '')}"
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "book:" + self.title))


def load_book(path: str | Path) -> Book:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise PipelineError("book.yaml not found: create it with at least a title", str(path)) from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise PipelineError(f"invalid YAML: {getattr(exc, 'problem', exc)}", str(path),
                            line + 1 if line is not None else None) from None
    if not isinstance(data, dict) or not data.get("title"):
        raise PipelineError("book.yaml must give at least a title", str(path))
    authors = data.get("authors") or ([data["author"]] if data.get("author") else [])
    if isinstance(authors, str):
        authors = [authors]
    notes = str(data.get("notes", "book"))
    if notes not in PLACEMENTS:
        raise PipelineError(f"notes must be one of {', '.join(PLACEMENTS)}, not '{notes}'", str(path))
    trim = data.get("trim") or {}
    first = data.get("first_page")
    return Book(
        title=str(data["title"]), language=str(data.get("language", "en")),
        subtitle=_opt(data, "subtitle"), authors=[str(a) for a in authors],
        identifier=_opt(data, "identifier"), isbn=_opt(data, "isbn"), isbn_epub=_opt(data, "isbn_epub"),
        publisher=_opt(data, "publisher"),
        date=_opt(data, "date"), rights=_opt(data, "rights"), description=_opt(data, "description"),
        notes=notes, first_page=int(first) if first is not None else None,
        trim_width=str(trim.get("width", "6in")), trim_height=str(trim.get("height", "9in")),
        bleed=str(data.get("bleed", 0) or 0), crop_marks=bool(data.get("crop_marks", False)),
    )


def _opt(data: dict, key: str) -> str | None:
    value = data.get(key)
    return str(value) if value not in (None, "") else None
