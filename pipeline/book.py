"""Book metadata from ``book.yaml`` and the project's layout (seeds/, build/, dist/, styles/)."""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import langcodes
import yaml
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, ValidationError, field_validator

from .errors import PipelineError
from .pages import INVISIBLE_RANGES

PLACEMENTS = ("book", "chapter", "footnotes")
SLUG_MAX = 60


@dataclass
class Book:
    title: str
    language: str = "en"
    subtitle: str | None = None
    running_title: str | None = None   # the verso running head when the title is too long for one
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
    allow_unresolved: bool = False   # build proofs although markers or notes are unresolved
    typography: str = "smart"        # "smart": typographic quotes and apostrophes; "as-typed"
    review: str = "optional"         # "required": no bundle while an ambiguous decision is open
    input: str = "auto"              # the tool whose text the seeds are (pipeline.dialects), or auto
    cover: str | None = None         # the front cover image (JPEG or PNG), an absolute path
    paper: str = "white"             # the print paper: white, cream, or a thickness per page (0.0025in)
    print_profile: str | None = None  # the printer's ICC output profile for the PDF/X files, a path

    @property
    def slug(self) -> str:
        """The title as a file name: ASCII, lower case, words joined by hyphens, at most 60 characters
        (cut at a word's end)."""
        text = re.sub(r"[\s\u2010-\u2015/:]+", "-", self.title)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "book"
        if len(slug) > SLUG_MAX:
            slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
        return slug.strip("-")

    @property
    def uid(self) -> str:
        if self.identifier:
            return self.identifier
        isbn = self.isbn_epub or self.isbn
        if isbn:
            return f"urn:isbn:{isbn.replace('-', '').replace(' ', '')}"
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "book:" + self.title))


KNOWN_KEYS = ("title", "subtitle", "running_title", "authors", "author", "language", "identifier", "isbn",
              "isbn_epub", "publisher", "date", "rights", "description", "notes", "first_page", "trim", "bleed",
              "crop_marks", "allow_unresolved", "typography", "review", "input", "cover", "paper", "print_profile")
CSS_LENGTH = re.compile(r"^(?:0|(?:\d+(?:\.\d*)?|\.\d+)(?:in|mm|cm|pt|pc|px))$")
INVISIBLE = re.compile(f"[{INVISIBLE_RANGES}\x00-\x1f\x7f]")     # (and controls: a value is one line)
# Keys that name a file beside book.yaml: what its name must end with, and what it is.
FILE_KEYS = {"cover": (r"\.(jpe?g|png)$", "a JPEG or PNG image (.jpg, .jpeg or .png"),
             "print_profile": (r"\.ic[cm]$", "an ICC profile (.icc or .icm")}
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
MAX_BYTES = 256 * 1024
MAX_TITLE = 500
MAX_RUNNING_TITLE = 60    # characters a running head holds in italic 8.5 pt on a 6 in page


def _length(value, what: str, maximum_in: float) -> str:
    text = str(value).strip() if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not CSS_LENGTH.match(text.strip()):
        raise ValueError(f"{what} must be a length such as 6in, 152mm, 432pt or 0 (got {value!r})")
    text = text.strip()
    if text != "0" and _inches(text) > maximum_in:
        raise ValueError(f"{what} {text} is larger than {maximum_in:g}in")
    return text


def _inches(length: str) -> float:
    for unit, per_inch in (("in", 1.0), ("mm", 25.4), ("cm", 2.54), ("pt", 72.0), ("pc", 6.0), ("px", 96.0)):
        if length.endswith(unit):
            return float(length[: -len(unit)]) / per_inch
    return 0.0


class TrimConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    width: str | int | float = "6in"
    height: str | int | float = "9in"

    @field_validator("width", "height")
    @classmethod
    def _size(cls, v, info):
        length = _length(v, f"trim {info.field_name}", 20)
        if length == "0":
            raise ValueError(f"trim {info.field_name} must be larger than 0")
        return length


class BookConfig(BaseModel):
    """``book.yaml``: every key checked (types strict, lengths CSS lengths, language a BCP 47 tag)."""

    model_config = ConfigDict(extra="forbid")
    title: StrictStr
    subtitle: StrictStr | None = None
    running_title: StrictStr | None = None
    authors: list[StrictStr] | StrictStr | None = None
    author: StrictStr | None = None
    language: StrictStr = "en"
    identifier: StrictStr | None = None
    isbn: StrictStr | StrictInt | None = None
    isbn_epub: StrictStr | StrictInt | None = None
    publisher: StrictStr | None = None
    date: StrictStr | datetime.date | StrictInt | None = None
    rights: StrictStr | None = None
    description: StrictStr | None = None
    notes: Literal["book", "chapter", "footnotes"] = "book"
    first_page: StrictInt | None = None
    trim: TrimConfig = TrimConfig()
    bleed: str | int | float = "0"
    crop_marks: StrictBool = False
    allow_unresolved: StrictBool = False
    typography: Literal["smart", "as-typed"] = "smart"
    review: Literal["optional", "required"] = "optional"
    input: Literal["auto", "seed", "pdftotext", "pymupdf"] = "auto"
    cover: StrictStr | None = None
    paper: str | int | float = "white"
    print_profile: StrictStr | None = None

    @field_validator("title", "subtitle", "running_title", "publisher", "rights", "description", "author",
                     "authors", mode="before")
    @classmethod
    def _visible(cls, v, info):
        for value in (v if isinstance(v, list) else [v]):
            m = INVISIBLE.search(value) if isinstance(value, str) else None
            if m:
                raise ValueError(f"{info.field_name} holds an invisible character U+{ord(m.group(0)):04X} (a "
                                 f"bidirectional control or a zero-width character): it would show in the "
                                 f"contents, the EPUB's metadata and the running heads as it should not; remove it")
        return v

    @field_validator("cover", "print_profile")
    @classmethod
    def _file(cls, v, info):
        pattern, what = FILE_KEYS[info.field_name]
        if v is not None and not re.search(pattern, v.strip(), re.I):
            raise ValueError(f"{info.field_name} must be {what}; got {v!r})")
        return v.strip() if v else None

    @field_validator("paper")
    @classmethod
    def _paper(cls, v):
        if v in ("white", "cream"):
            return v
        length = _length(v, "paper", 0.02)
        if length == "0":
            raise ValueError("paper must be white, cream, or the thickness of a page such as 0.0025in")
        return length

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("title must not be empty")
        if len(v) > MAX_TITLE:
            raise ValueError(f"title is {len(v)} characters long; at most {MAX_TITLE}")
        return v

    @field_validator("running_title")
    @classmethod
    def _running_title(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.strip()
        if not v:
            raise ValueError("running_title must not be empty (leave it out to use the title)")
        if len(v) > MAX_RUNNING_TITLE:
            raise ValueError(f"running_title is {len(v)} characters long; a running head holds at most "
                             f"{MAX_RUNNING_TITLE}")
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        if not langcodes.tag_is_valid(v):
            raise ValueError(f"language must be a BCP 47 tag such as en, en-GB or cs (got {v!r})")
        return langcodes.standardize_tag(v)

    @field_validator("isbn", "isbn_epub")
    @classmethod
    def _isbn(cls, v, info):
        if v is None:
            return None
        digits = re.sub(r"[\s-]", "", str(v))
        if not _isbn_ok(digits):
            raise ValueError(f"{info.field_name} {v!r} is not a valid ISBN-10 or ISBN-13 (check digit)")
        return str(v).strip()

    @field_validator("date")
    @classmethod
    def _date(cls, v):
        if v is None:
            return None
        text = v.isoformat() if isinstance(v, datetime.date) else str(v)
        if not ISO_DATE.match(text):
            raise ValueError(f"date must be YYYY, YYYY-MM or YYYY-MM-DD (got {v!r})")
        return text

    @field_validator("first_page")
    @classmethod
    def _first_page(cls, v):
        if v is not None and not 1 <= v <= 100000:
            raise ValueError("first_page must be a page number from 1")
        return v

    @field_validator("bleed")
    @classmethod
    def _bleed(cls, v):
        return _length(v, "bleed", 1)


def _isbn_ok(digits: str) -> bool:
    if re.fullmatch(r"\d{13}", digits):
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        total = sum((10 - i) * (10 if d in "Xx" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def load_book(path: str | Path) -> Book:
    """Read and check ``book.yaml``: problems are reported all at once, each with its line."""
    path = Path(path)
    try:
        data_bytes = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError("book.yaml not found: create it with at least a title", str(path)) from None
    except OSError as exc:
        raise PipelineError(f"cannot read book.yaml: {exc.strerror}", str(path)) from None
    if len(data_bytes) > MAX_BYTES:
        raise PipelineError(f"book.yaml is {len(data_bytes)} bytes; metadata fits in {MAX_BYTES // 1024} KiB",
                            str(path))
    try:
        text = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data_bytes[: exc.start].count(b"\n") + 1
        raise PipelineError(f"not valid UTF-8: byte 0x{data_bytes[exc.start]:02x}; save book.yaml as UTF-8",
                            str(path), line) from None
    lines = _key_lines(text, path)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PipelineError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", str(path),
                            mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, dict):
        raise PipelineError("book.yaml must be a mapping of keys to values (title: …)", str(path))
    try:
        cfg = BookConfig.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, lines)
        (line, message), *more = problems
        raise PipelineError(message, str(path), line, more) from None
    authors = cfg.authors if isinstance(cfg.authors, list) else ([cfg.authors] if cfg.authors else [])
    if cfg.author:
        authors = [cfg.author, *authors]

    def opt(v):
        text = str(v).strip() if v not in (None, "") and str(v).strip() else None
        if text and cfg.typography == "smart":
            # Metadata set like the text, so that titles, running heads and contents agree.
            from .recover.typography import smarten
            text = smarten(text, cfg.language)[0]
        return text

    return Book(
        title=opt(cfg.title), language=cfg.language, subtitle=opt(cfg.subtitle),
        running_title=opt(cfg.running_title), authors=[opt(a) for a in authors],
        identifier=opt(cfg.identifier), isbn=opt(cfg.isbn), isbn_epub=opt(cfg.isbn_epub),
        publisher=opt(cfg.publisher), date=opt(cfg.date), rights=opt(cfg.rights),
        description=opt(cfg.description), notes=cfg.notes, first_page=cfg.first_page,
        trim_width=str(cfg.trim.width), trim_height=str(cfg.trim.height), bleed=str(cfg.bleed),
        crop_marks=cfg.crop_marks, allow_unresolved=cfg.allow_unresolved, typography=cfg.typography,
        review=cfg.review, input=cfg.input, paper=str(cfg.paper),
        cover=_beside(path, cfg.cover, "cover", lines),
        print_profile=_beside(path, cfg.print_profile, "print_profile", lines),
    )


def _beside(book_file: Path, name: str | None, key: str, lines: dict) -> str | None:
    """A file book.yaml names, relative to book.yaml's folder; refused when it is not there."""
    if name is None:
        return None
    found = (book_file.parent / name).resolve()
    if not found.is_file():
        raise PipelineError(f"{key}: no file {name} (looked for {found}); give the path from book.yaml's "
                            f"folder", str(book_file), lines.get((key,)))
    return str(found)


def _problems(exc: ValidationError, lines: dict[tuple, int]) -> list[tuple[int | None, str]]:
    """One message per wrong key (a key's value may fail several ways: the clearest is kept), with its
    line, in the file's order; a missing title says how to give one."""
    by_key: dict[tuple, dict] = {}
    for err in exc.errors():
        loc = err["loc"]
        key = (str(loc[0]),) + ((str(loc[1]),) if len(loc) > 1 and loc[0] == "trim" and loc[1] in ("width", "height")
                                 else ())
        best = by_key.get(key)
        if best is None or (err["type"] == "value_error" and best["type"] != "value_error"):
            by_key[key] = err
    problems = []
    for key, err in by_key.items():
        if err["type"] == "missing":
            msg = f"book.yaml must give at least a {key[0]}: add a line such as {key[0]}: \"The Book's Title\""
        elif err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key[0], KNOWN_KEYS, n=1)
            msg = f"unknown key '{key[0]}'" + (f" (did you mean '{close[0]}'?)" if close else
                                               f"; known keys: {', '.join(KNOWN_KEYS)}")
        else:
            got = err.get("input")
            msg = ".".join(key) + ": " + err["msg"].removeprefix("Value error, ")
            if err["type"] != "value_error" and not isinstance(got, (dict, list)):
                msg += f" (got {got!r})"
        problems.append((lines.get(key) or lines.get(key[:1]) or 0, msg))
    problems.sort(key=lambda p: (p[0] or 10 ** 9, p[1]))
    return [(line or None, msg) for line, msg in problems]


def _key_lines(text: str, path: Path) -> dict[tuple, int]:
    """Line of each key (and nested key) of the YAML mapping; refuses aliases (a YAML 'bomb' expands a few
    lines into gigabytes)."""
    lines: dict[tuple, int] = {}
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise PipelineError("YAML aliases (*name) are not allowed in book.yaml", str(path),
                                    event.start_mark.line + 1)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PipelineError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", str(path),
                            mark.line + 1 if mark is not None else None) from None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            lines[(str(k.value),)] = k.start_mark.line + 1
            if isinstance(v, yaml.MappingNode):
                for k2, _ in v.value:
                    lines[(str(k.value), str(k2.value))] = k2.start_mark.line + 1
    return lines
