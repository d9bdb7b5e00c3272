"""Project layout and the cached normalisation every output starts from.

``seeds/*.txt`` (reading order = file name order) + ``book.yaml`` → ``build/`` (Markdown per chapter,
report) → ``dist/`` (EPUB, PDF, bundle). Normalisation re-runs only when the seeds (their list or
content), the language or the pipeline's code changed: their fingerprint is kept in
``build/normalised.json``. Outputs are fingerprinted the same way (``files.Outputs``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .book import Book, load_book
from .corrections.config import FILE_NAME, load_corrections
from .errors import PipelineError
from .files import Outputs, code_files, fingerprint, write_atomic
from .kinds import Kind
from .markdown import chapter_markdown, note_references
from .model import Entry, Report
from .normalise import NoLossError, normalise
from .resources import styles

UNRESOLVED_KINDS = (Kind.MARKER_WITHOUT_NOTE, Kind.NOTE_WITHOUT_MARKER, Kind.DUPLICATE_NOTE, Kind.DUPLICATE_MARKER)
STYLES = styles()


MAX_EPOCH = 253402300799          # 9999-12-31T23:59:59Z: the last second a PDF or ZIP date can hold
KINDS_OF_FILE = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                 (stat.S_ISBLK, "a device"))


def seed_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The chapter files of a seeds folder (``*.txt``, in name order) and the hidden ones left out
    (``.01.bak.txt``, ``.#01.txt``, ``._01.txt``: an editor's backups and locks). A folder, a FIFO or
    a device named like a chapter, or a link to a file outside the book's folder, is refused with
    its name: never read (a FIFO would wait for ever), never shipped."""
    book_folder = folder.resolve().parent
    files, hidden = [], []
    for entry in sorted(folder.glob("*.txt")):
        if entry.name.startswith("."):
            hidden.append(entry.name)
            continue
        if entry.is_symlink() and not entry.resolve().is_relative_to(book_folder):
            raise PipelineError(f"a link to a file outside the book's folder ({entry.resolve()}): copy the file "
                                f"into {folder.name}/ instead", str(entry))
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            raise PipelineError(f"cannot read the chapter file: {exc.strerror}", str(entry)) from None
        if stat.S_ISDIR(mode):
            raise PipelineError("a folder, not a chapter file: rename it (chapter files are *.txt files) or move "
                                "it out of the seeds folder", str(entry))
        kind = next((name for test, name in KINDS_OF_FILE if test(mode)), None)
        if kind:
            raise PipelineError(f"not a regular file ({kind}): chapter files are plain text files", str(entry))
        files.append(entry)
    return files, hidden


@dataclass
class Project:
    root: Path
    seeds_dir: Path
    book_file: Path
    build: Path
    dist: Path
    seed_files: list[Path] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)     # hidden *.txt files left out (editors' backups, locks)

    @classmethod
    def from_args(cls, root=".", seeds=None, book=None, build=None, dist=None) -> "Project":
        root = Path(root).resolve()
        seeds_dir = Path(seeds) if seeds else root / "seeds"
        p = cls(root, seeds_dir, Path(book) if book else root / "book.yaml",
                Path(build) if build else root / "build", Path(dist) if dist else root / "dist")
        p.scan()
        if not p.seed_files:
            raise PipelineError("no chapter files (*.txt) found", str(seeds_dir))
        p.source_date_epoch()            # (a SOURCE_DATE_EPOCH that is no time is refused before any work)
        return p

    def scan(self) -> None:
        """Read the seeds folder (again): its chapter files, named from the working folder, and the
        hidden ones left out."""
        files, self.hidden = seed_files(self.seeds_dir) if self.seeds_dir.is_dir() else ([], [])
        self.seed_files = [Path(os.path.relpath(f)) for f in files]

    @property
    def seed_names(self) -> list[str]:
        """The chapter files as reports, the review and the bundle name them: relative to the project's
        root (``seeds/01.txt``), so that what a build writes does not depend on the folder it was run
        from or the machine's paths."""
        return [os.path.relpath(os.path.abspath(f), self.root) for f in self.seed_files]

    def seed_file(self, name: str) -> Path:
        """The file a name of ``seed_names`` stands for."""
        return dict(zip(self.seed_names, self.seed_files))[name]

    def book(self) -> Book:
        return load_book(self.book_file)

    def output_inputs(self) -> str:
        """The fingerprint of everything an EPUB, PDF or bundle is built from: the seeds (list and
        content), book.yaml and the files it names, corrections.yaml where present, the styles, the
        pipeline's code and the build date."""
        corrections = self.corrections_file
        book = self.book()
        named = [Path(f) for f in (book.cover, book.print_profile) if f]     # (the cover, the printer's profile)
        files = [*self.seed_files, self.book_file, *([corrections] if corrections.exists() else []), *named,
                 *sorted(p for p in STYLES.rglob("*") if p.is_file()), *code_files()]
        return fingerprint(files, {"epoch": self.source_date_epoch()})

    @contextmanager
    def locked(self, log=print) -> Iterator[None]:
        """The build folder for this command alone: a second build in the same folder waits for the first
        (both would write build/ and dist/: staged files would vanish under the other's feet)."""
        import fcntl

        self.build.mkdir(parents=True, exist_ok=True)
        with open(self.build / ".lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log(f"another build is running in {self.build}: waiting for it to finish")
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @property
    def corrections_file(self) -> Path:
        """The editor's corrections, beside book.yaml (may not exist)."""
        return self.book_file.with_name(FILE_NAME)

    def source_date_epoch(self) -> int:
        """SOURCE_DATE_EPOCH when set, else the newest modification time of the sources. A value that is
        no time (not ASCII digits, or past the year 9999) is refused: a build dated otherwise than
        asked would not be the reproducible one it was meant to be."""
        env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if env:
            if not re.fullmatch(r"[0-9]{1,12}", env) or int(env) > MAX_EPOCH:
                raise PipelineError(f"SOURCE_DATE_EPOCH={env!r} is not a time: give the seconds since 1970-01-01 "
                                    f"(0 to {MAX_EPOCH}, for example $(git log -1 --format=%ct)), or unset it")
            return int(env)
        return int(max(p.stat().st_mtime for p in [*self.seed_files, self.book_file] if p.exists()))


@dataclass(frozen=True)
class PreparedChapter:
    """One normalised chapter as ``build/`` keeps it."""
    name: str                   # its Markdown files' name (``02-03.md``)
    source: str                 # the seed, as reports name it
    path: Path                  # the seed file
    markdown: Path              # its Markdown with the source edition's page breaks (what the outputs render)
    clean: Path                 # its Markdown without them (the editors' and the bundle's)
    references: tuple[str, ...]     # the labels of its note references, in reading order
    notes: tuple[str, ...]          # the labels of its notes

    def to_json(self) -> dict:
        return {**{k: str(v) if isinstance(v, Path) else v for k, v in self.__dict__.items()},
                "references": list(self.references), "notes": list(self.notes)}

    @classmethod
    def from_json(cls, data: dict) -> "PreparedChapter":
        return cls(data["name"], data["source"], Path(data["path"]), Path(data["markdown"]), Path(data["clean"]),
                   tuple(data["references"]), tuple(data["notes"]))


@dataclass
class Prepared:
    """The normalised book as ``build/`` keeps it (``prepare``): each chapter, the book's Markdown and
    the normaliser's report."""
    chapters: list[PreparedChapter]
    report: Report
    book_markdown: Path

    @property
    def errors(self) -> list[Entry]:
        return self.report.errors

    @property
    def unresolved(self) -> list[Entry]:
        """Markers without a note and notes without a marker (and duplicates), with their lines."""
        return [e for e in self.errors if e.kind in UNRESOLVED_KINDS]


def prepare(project: Project, lang: str | None = None, log=print) -> Prepared:
    """Normalise the seeds into ``build/`` unless the cached result is still valid."""
    book = project.book()
    lang = lang or book.language
    if project.hidden:
        log(f"note: {len(project.hidden)} hidden file(s) in {project.seeds_dir} left out: "
            f"{', '.join(project.hidden[:5])}{' …' if len(project.hidden) > 5 else ''}")
    stamp = project.build / "normalised.json"
    corrections = load_corrections(project.corrections_file)
    key = fingerprint([*project.seed_files, *code_files(),
                       *([project.corrections_file] if project.corrections_file.exists() else [])],
                      {"lang": lang, "typography": book.typography, "input": book.input, "version": __version__,
                       "names": project.seed_names})
    if stamp.exists():
        data = json.loads(stamp.read_text(encoding="utf-8"))
        if data.get("key") == key and all(Path(c["markdown"]).exists() for c in data["chapters"]):
            report = Report.from_json(json.loads((project.build / "report.json").read_text(encoding="utf-8")))
            return Prepared([PreparedChapter.from_json(c) for c in data["chapters"]], report,
                            Path(data["book_markdown"]))
    log(f"normalising {len(project.seed_files)} chapter(s) from {project.seeds_dir}")
    failure = None
    try:
        result = normalise(project.seed_files, lang=lang, typography=book.typography, corrections=corrections,
                           cache=project.build / "cache", names=project.seed_names, dialect=book.input)
    except NoLossError as exc:
        # The Markdown and the report are written all the same, for the editor to see what went wrong;
        # without the stamp, the next build normalises again.
        result, failure = exc.result, exc
    if stamp.exists():
        stamp.unlink()
    md_dir, clean_dir = project.build / "markdown", project.build / "clean"
    for d in (md_dir, clean_dir):
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("*.md"):
            old.unlink()
    chapters = []
    per_source: dict[str, int] = {}
    for ch in result.chapters:
        per_source[ch.source] = per_source.get(ch.source, 0) + 1
    seen: dict[str, int] = {}
    for i, ch in enumerate(result.chapters, start=1):
        src = Path(ch.source)
        seen[ch.source] = seen.get(ch.source, 0) + 1
        # A file holding several chapters gives one Markdown file per chapter.
        part = f"-{seen[ch.source]}" if per_source[ch.source] > 1 else ""
        name = f"{i:02d}-{src.stem}{part}.md"
        write_atomic(md_dir / name, chapter_markdown(ch, page_marks=True))
        write_atomic(clean_dir / name, chapter_markdown(ch))
        chapters.append(PreparedChapter(name, str(src), project.seed_file(ch.source), md_dir / name, clean_dir / name,
                                        tuple(note_references(ch)), tuple(n.label for n in ch.notes)))
    book_md = project.build / "book.md"
    write_atomic(book_md, result.markdown())
    report = result.report.to_json()
    write_atomic(project.build / "report.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if failure is not None:
        raise failure
    write_atomic(stamp, json.dumps({"key": key, "chapters": [c.to_json() for c in chapters],
                                    "book_markdown": str(book_md)}, indent=1))
    return Prepared(chapters, Report.from_json(report), book_md)


@dataclass
class Build:
    """What every stage after normalisation receives: the project and its book, the normalised book
    (``prepared``), the rendered chapters (rendered once, for every writer) and one report that the
    renderer and the writers add to. Writers (EPUB, PDF, bundle) take a Build and return their
    outputs; what they report is in ``report``, not in files beside their outputs."""

    project: Project
    book: Book
    prepared: Prepared
    report: Report = field(default_factory=Report)
    _rendered: list | None = field(default=None, repr=False)
    _cover: object = field(default=None, repr=False)

    @classmethod
    def of(cls, project: Project, log=print) -> "Build":
        """The project's build: its seeds normalised (``prepare``: again only when they changed)."""
        return cls(project, project.book(), prepare(project, log=log))

    def chapters(self, pages: bool = True) -> list:
        """The rendered chapters (``render.RenderedChapter``; ``render_book``, with its cache): rendered
        once for the whole build. With ``pages``, the source edition's page breaks are shown, numbered
        from ``book.first_page`` (when given); the print edition's pages are its own (``pages=False``)."""
        from .render import render_book, strip_pages

        if self._rendered is None:
            self._rendered = render_book(self.prepared, self.book, self.report)
        return self._rendered if pages else [strip_pages(c) for c in self._rendered]

    def cover(self):
        """The EPUB's cover image (``cover.CoverImage``): book.yaml's, checked, or one made from the
        title page's words; what was found or made is reported once."""
        from .cover import epub_cover
        from .files import cache_folder

        if self._cover is None:
            self._cover = epub_cover(self.book, cache_folder(self.project.build, "cover"))
            # (named from the book's folder, as book.yaml names it: no machine's path in a report)
            where = os.path.relpath(self.book.cover, self.project.book_file.parent) if self.book.cover else "book.yaml"
            for warning in self._cover.warnings:
                self.report.add(Kind.COVER_CHECKED, where, 0, evidence=warning)
            if self._cover.generated:
                self.report.add(Kind.COVER_GENERATED, "book.yaml", 0, evidence="book.yaml gives no cover: a "
                                "typographic cover (title, authors, publisher) was made, 1600 × 2560 px")
        return self._cover

    def record(self, output: Path, entries: list[Entry]) -> None:
        """``output`` built from this build's inputs, with what its writer reported."""
        Outputs(self.project.build).record(output, self.project.output_inputs(),
                                           [asdict(e) for e in entries])

    def reuse(self, output: Path) -> None:
        """An output built before from these inputs is used again: what its writer reported then
        joins the report."""
        for e in Outputs(self.project.build).entries(output):
            self.report.entries.append(Entry(**e))
