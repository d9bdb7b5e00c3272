"""Stage 4: render a chapter's Markdown to HTML fragments, shared by the EPUB and the PDF.

Pandoc parses the Markdown (``markdown-smart``: the author's quotes stay as written). The AST is then
rewritten before pandoc writes HTML:

- each footnote becomes a note reference showing its *source* number, and its text is collected as
  the chapter's note (pandoc forgets labels: they come with the chapter, from the normalised model);
- ``[]{.pagebreak}`` spans become the source edition's page breaks;
- raw HTML from the manuscript, remote images and script links are turned into visible text or
  dropped, and reported: they never reach the book as markup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import pandoc
from .errors import PipelineError
from .book import Book
from .files import cache_folder, cores, fingerprint
from .model import (NOTEREF_CLOSE, NOTEREF_OPEN, PAGE_NO_CLOSE, PAGE_NO_OPEN, SPLIT_CLOSE, SPLIT_OPEN,
                    UNRESOLVED_CLASS, Entry, Kind, Report)
from .pandoc_ast import plain_text, walk

SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.I)


@dataclass(frozen=True)
class NoteRef:
    """A note's reference in the text, by the note's source label: each writer makes it what it needs
    (the EPUB a link, the print a link or the note itself, set at the page's foot)."""
    label: str


@dataclass(frozen=True)
class PageBreak:
    """Where a page of the source edition begins: its number within the chapter (0, the chapter's first
    page), made the book's page number once the chapters before are counted (``number_pages``).
    ``alone``: it stands on a line of its own (it goes with its line where pages are not shown)."""
    number: int
    alone: bool = False


Part = str | NoteRef | PageBreak
Fragment = list[Part]          # XHTML as pandoc wrote it, with the note references and page breaks as data


@dataclass
class RenderedNote:
    label: str
    html: Fragment
    referenced: bool = True


@dataclass
class RenderedChapter:
    index: int
    title: str                     # XHTML of the heading's content (its notes stay in the body)
    body: Fragment
    notes: list[RenderedNote]
    sections: list[tuple[str, str]] = field(default_factory=list)   # (id, title) of level-2 headings
    page_count: int = 0            # the source edition's page breaks in the chapter
    id: str = ""
    plain_title: str = ""
    short_title: str = ""          # the running heads' title, when the heading gives one ({short="…"})
    first_page: int | None = None  # the book's number of the chapter's first page; None: pages not shown

    @property
    def pages(self) -> list[str]:
        """The ids of the page breaks shown (``page-17``), in order."""
        return [f"page-{self.first_page + k}" for k in range(self.page_count)] if self.first_page is not None else []

    def markup(self, fragment: Fragment, note=lambda label: "") -> str:
        """A fragment as XHTML: each note reference as ``note(label)`` gives it, each page break as its
        marker (``epub:type="pagebreak"``) when pages are shown, else nothing."""
        out = []
        for part in fragment:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, NoteRef):
                out.append(note(part.label))
            elif self.first_page is not None:
                out.append(page_marker(self.first_page + part.number) + ("\n" if part.alone else ""))
        return "".join(out)


def page_marker(number: int) -> str:
    """The source edition's page break as EPUB and ARIA mark it."""
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{number}" aria-label="{number}"></span>'


# The renderer's own marks in pandoc's output (noncharacters: the manuscript cannot hold them), read
# into data (``fragment``) as soon as pandoc has written the HTML: a note reference, a page break.
MARKS = re.compile(f"{NOTEREF_OPEN}([^{NOTEREF_CLOSE}]+){NOTEREF_CLOSE}|{PAGE_NO_OPEN}(\\d+){PAGE_NO_CLOSE}")


def fragment(xhtml: str) -> Fragment:
    """Pandoc's HTML with the renderer's marks read into ``NoteRef`` and ``PageBreak`` parts."""
    parts: Fragment = []
    at = 0
    for m in MARKS.finditer(xhtml):
        end = m.end()
        if m.group(1) is not None:
            part: Part = NoteRef(m.group(1))
        else:
            alone = (m.start() == 0 or xhtml[m.start() - 1] == "\n") and xhtml[end:end + 1] == "\n"
            part, end = PageBreak(int(m.group(2)), alone), end + alone
        if m.start() > at:
            parts.append(xhtml[at:m.start()])
        parts.append(part)
        at = end
    if at < len(xhtml):
        parts.append(xhtml[at:])
    return parts


def _text(nodes) -> str:
    return plain_text(nodes, notes=False, raw=False).strip()


@dataclass
class ChapterSource:
    """What a chapter is rendered from: its Markdown and, from the normalised chapter, its note
    references' labels in reading order and its notes' labels (``markdown.note_references``: pandoc
    reads each note without its label)."""
    index: int
    markdown: str
    source: str                       # the seed as reports name it
    text: str | None = None           # its text, where reported snippets are looked up for their line
    references: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def unreferenced(self) -> list[str]:
        """Notes that no reference calls (printed all the same; the normaliser reported them)."""
        called = set(self.references)
        return [label for label in self.notes if label not in called]


def render_chapter(chapter: ChapterSource, report: Report) -> RenderedChapter:
    """The chapter's HTML fragments, note references and the source edition's page breaks as data
    (``fragment``). ``source`` names the seed in reports; ``text`` is its text, where reported snippets
    are looked up for their line (read from ``source`` when not given).

    One pandoc run reads the Markdown, the renderer's filters rewrite the AST (``ChapterFilters``),
    and one more writes the body, the title and every note as HTML, separated by sentinels (as
    ``render_chapters`` does for a group of chapters)."""
    return render_chapters([chapter], [report])[0]


def render_chapters(chapters: list[ChapterSource], reports: list[Report]) -> list[RenderedChapter]:
    """Several chapters, each as ``render_chapter`` renders it, with two pandoc runs in all: one reads
    every chapter's Markdown (each file on its own, as pandoc's ``--file-scope`` does: labels and
    identifiers stay the file's), one writes all the HTML, the chapters apart by sentinels.
    ``reports``: one for each chapter."""
    import tempfile

    if not chapters:
        return []
    what = "the Markdown of " + ", ".join(ch.source for ch in chapters)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, ch in enumerate(chapters):
            paths += [Path(tmp) / f"{k}.md", Path(tmp) / f"{k}-end.md"]
            # Pandoc drops a note that nothing calls: after the chapter, a paragraph calls each.
            called = "".join(f"[^{label}]" for label in ch.unreferenced)
            paths[-2].write_text(ch.markdown + (f"\n\n{_fence(UNREFERENCED)}\n\n{called}\n" if called else ""),
                                 encoding="utf-8")
            paths[-1].write_text(_fence(CHAPTER_END) + "\n", encoding="utf-8")
        read = pandoc.read_json_files(paths, what=what)
    asts: list[list] = [[]]
    for block in read["blocks"]:
        if _is_mark(block, CHAPTER_END):
            asts.append([])
        else:
            asts[-1].append(block)
    filtered = []
    written: list = []
    for ch, blocks, report in zip(chapters, asts, reports):
        blocks, f = _filtered(ch, blocks, report)
        filtered.append(f)
        written += blocks + [_mark(CHAPTER_END)]
    out = pandoc.convert(json.dumps(_doc(written, read)), "json", "html5", ("--wrap=none",),
                         what=what.replace("the Markdown", "the HTML"))
    parts = out.split(_sentinel(CHAPTER_END))
    return [_rendered(part, f, ch.index) for part, f, ch in zip(parts, filtered, chapters)]


CHAPTER_END = "CHAPTER END"      # the sentinel (``_mark``) after each chapter of a group
UNREFERENCED = "UNREFERENCED"    # … before the paragraph that calls a chapter's notes nothing calls


def _fence(name: str) -> str:
    """A sentinel in Markdown: a raw HTML block pandoc passes through."""
    return f"```{{=html}}\n{_sentinel(name)}\n```"


def _is_mark(block: dict, name: str) -> bool:
    return block["t"] == "RawBlock" and block["c"][1].strip() == _sentinel(name)


def _filtered(ch: ChapterSource, blocks: list, report: Report) -> tuple[list, "ChapterFilters"]:
    """The blocks pandoc writes for a chapter read as ``blocks``: its body, title and notes, rewritten
    by the renderer's filters, apart by sentinels; and the filters, with what they collected."""
    f = ChapterFilters(ch, report)
    cut = next((i for i, block in enumerate(blocks) if _is_mark(block, UNREFERENCED)), len(blocks))
    # The chapter's first printed page starts with the chapter.
    body_blocks = [{"t": "Plain", "c": [f.page_marker()]}] + f.walk(blocks[:cut])
    # A note that nothing calls is still printed (and reported by the normaliser): its call is dropped.
    called = len(f.notes)
    f.walk(blocks[cut + 1:])
    for note in f.notes[called:]:
        note.referenced = False
    if len(f.notes) != len(ch.references) + len(ch.unreferenced):
        raise PipelineError(f"{len(f.notes)} notes read, {len(ch.references) + len(ch.unreferenced)} expected: note "
                            f"references and definitions do not match", ch.source)
    return body_blocks + [_mark("TITLE")] + f.title_blocks + [_mark("END")] + f.note_blocks, f


def _rendered(out: str, f: "ChapterFilters", index: int) -> RenderedChapter:
    """The chapter from pandoc's HTML of its ``_filtered`` blocks."""
    body, _, rest = out.partition(_sentinel("TITLE"))
    title, _, rest = rest.partition(_sentinel("END"))
    # a note on the heading stays in the body, and its page break too
    title = "".join(part for part in fragment(title.strip()) if isinstance(part, str)).strip()
    by_label: dict[str, str] = {}
    for part in rest.split(SPLIT_OPEN)[1:]:
        label, _, content = part.partition(SPLIT_CLOSE)
        by_label.setdefault(label, content.strip())
    for note in f.notes:
        note.html = fragment(by_label.get(note.label, ""))
    return RenderedChapter(index, title, fragment(_xhtml(body.strip())), f.notes, f.sections, f.pages,
                           f.chapter_id, f.plain_title, f.short_title)


def _raw(html_text: str) -> dict:
    return {"t": "RawInline", "c": ["html", html_text]}


def _mark(name: str) -> dict:
    """A sentinel that splits pandoc's single HTML output into body, title and notes (noncharacters:
    the manuscript cannot contain them)."""
    return {"t": "RawBlock", "c": ["html", _sentinel(name)]}


def _sentinel(name: str) -> str:
    return f"{SPLIT_OPEN}{name}{SPLIT_CLOSE}"


class ChapterFilters:
    """The renderer's filters over one chapter's AST (``pandoc_ast.walk``), one per element type, and
    what they collect on the way: the notes with their source labels (pandoc forgets labels: they come
    from the normalised chapter, ``ChapterSource.references``), the page breaks, the headings' ids."""

    def __init__(self, chapter: ChapterSource, report: Report):
        self.report, self.source = report, chapter.source
        self._next_labels = iter(chapter.references + chapter.unreferenced)
        self.chapter_id = f"ch{chapter.index:02d}"
        self.notes: list[RenderedNote] = []
        self.note_blocks: list = []         # each note's blocks after its sentinel
        self.sections: list[tuple[str, str]] = []
        self.pages = 0                      # the page breaks met
        self.title_blocks: list = []        # the chapter heading's content, rendered in the same pandoc run
        self.plain_title = ""
        self.short_title = ""
        self.headings = 0
        source_text = chapter.text
        if source_text is None:
            try:
                source_text = Path(chapter.source).read_text(encoding="utf-8-sig")
            except OSError:
                source_text = ""
        self.source_lines = source_text.splitlines()
        self.filters = {"Note": self.note, "Span": self.span, "Header": self.header, "Link": self.link,
                        "Image": self.image, "Cite": self.cite, "RawInline": self.raw_inline,
                        "RawBlock": self.raw_block}

    def walk(self, value):
        return walk(value, self.filters)

    def note(self, node: dict) -> dict:
        """A footnote: its blocks go to the notes, a placeholder holding its source label stays."""
        try:
            label = next(self._next_labels)
        except StopIteration:
            raise PipelineError("note references and definitions do not match", self.source) from None
        self.notes.append(RenderedNote(label, []))
        self.note_blocks.append(_mark(label))
        self.note_blocks.extend(self.walk(node["c"]))
        return _raw(f"{NOTEREF_OPEN}{label}{NOTEREF_CLOSE}")        # (read into a NoteRef: ``fragment``)

    def span(self, node: dict) -> dict | None:
        classes = node["c"][0][1]
        if UNRESOLVED_CLASS in classes:
            # A marker whose note is missing (the report has the error): its label as a superscript.
            label = html.escape(_text(node["c"][1]))
            return _raw(f'<sup class="unresolved" title="note {label} is missing">[{label}?]</sup>')
        if "pagebreak" in classes:
            return self.page_marker()
        return None

    def page_marker(self) -> dict:
        self.pages += 1
        return _raw(f"{PAGE_NO_OPEN}{self.pages - 1}{PAGE_NO_CLOSE}")

    def header(self, node: dict) -> dict:
        """The first heading is the chapter's (its id the chapter's, its content the title); the others
        are its sections."""
        self.headings += 1
        level, attr, content = node["c"]
        content = self.walk(content)
        if self.headings == 1:
            hid = self.chapter_id
            self.title_blocks[:] = [{"t": "Plain", "c": json.loads(json.dumps(content))}]
            self.plain_title = _text(content)
            self.short_title = dict(attr[2]).get("short", "").strip()
        else:
            hid = f"{self.chapter_id}-s{self.headings - 1}"
            self.sections.append((hid, _text(content)))
        node["c"] = [level, [hid, [], []], content]
        return node

    def link(self, node: dict) -> list | None:
        target = node["c"][2][0]
        if SAFE_LINK.match(target):
            return None
        self.report.add(Kind.LINK_REMOVED, self.source, self._line_of(target), before=target,
                        evidence="link target is not http(s)/mailto: text kept, link dropped")
        return self.walk(node["c"][1])

    def image(self, node: dict) -> list:
        target = node["c"][2][0]
        self.report.add(Kind.IMAGE_REMOVED, self.source, self._line_of(target), before=target,
                        evidence="images are not part of the manuscript model; alt text kept")
        return self.walk(node["c"][1])

    def cite(self, node: dict) -> dict:
        """A citation is shown as its text (walked once: the citation records repeat its parts)."""
        node["c"][1] = self.walk(node["c"][1])
        return node

    def raw_inline(self, node: dict) -> dict:
        return self._escaped(node, "markup")

    def raw_block(self, node: dict) -> dict:
        return {"t": "Para", "c": [self._escaped(node, "block")]}

    def _escaped(self, node: dict, what: str) -> dict:
        """Raw markup from the manuscript becomes visible text (reported), never markup."""
        fmt, text = node["c"]
        self.report.add(Kind.RAW_HTML_ESCAPED, self.source, self._line_of(text), before=text,
                        after=html.escape(text),
                        evidence=f"raw {fmt} {what} in the manuscript is shown as text, never as markup")
        return {"t": "Str", "c": text}

    def _line_of(self, snippet: str) -> int:
        """The source line where a snippet the renderer reports stands (0 when not found)."""
        return next((i for i, text in enumerate(self.source_lines, start=1) if snippet and snippet in text), 0)


def _doc(blocks: list, like: dict) -> dict:
    return {"pandoc-api-version": like["pandoc-api-version"], "meta": {}, "blocks": blocks}


def _xhtml(fragment: str) -> str:
    """Pandoc's HTML5 is nearly XHTML; make void elements self-closing."""
    return re.sub(r"<(br|hr|img|wbr)([^>]*?)\s*/?>", r"<\1\2 />", fragment)


# Nothing may break before a note marker: a line never opens with one cut from its word (a break
# between a word and an inline element of another size is one the line breaker otherwise takes).
WORD_JOINER = "\u2060"


def note_link(label: str, href: str, ref_id: str) -> str:
    """A note's reference as a link to the note, joined to the word before it (U+2060)."""
    return (f'{WORD_JOINER}<a epub:type="noteref" role="doc-noteref" class="noteref" id="{ref_id}" '
            f'href="{href}">{html.escape(label)}</a>')


RENDER_CODE = [Path(__file__), *(Path(__file__).with_name(name) for name in ("pandoc_ast.py", "model.py", "kinds.py",
                                                                             "pandoc.py"))]


def number_pages(chapter: RenderedChapter, first: int) -> RenderedChapter:
    """The chapter with its page breaks numbered from ``first`` (shown)."""
    return dataclasses.replace(chapter, first_page=first)


def strip_pages(chapter: RenderedChapter) -> RenderedChapter:
    """The chapter without page-break markers (a book without a page list; the print edition)."""
    return dataclasses.replace(chapter, first_page=None)


def render_book(prepared, book: Book, report: Report, pages: bool = True) -> list[RenderedChapter]:
    """Every chapter rendered, numbered from ``book.first_page`` (without page markers when it is not
    given or ``pages`` is False).

    Rendering is the costly part of an EPUB (pandoc reads and writes every chapter): each chapter's result is
    kept in ``build/render/`` under a hash of its Markdown, its place, its source file (name and bytes),
    the render code and pandoc's version, so that the EPUB and the PDF render a chapter once, and a
    chapter whose Markdown did not change is never rendered again. As the key holds all a chapter's
    rendering comes from, the folder is shared like EPUBCheck's verdicts when ``PIPELINE_CACHE_DIR``
    is set (``files.cache_folder``). Chapters not in the cache are rendered in one group per core, side by
    side, each group with two pandoc runs (``render_chapters``: one process per chapter and step cost the
    24-chapter Pepys book 48 processes).
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from rich.console import Console
    from rich.progress import track

    cache = cache_folder(Path(prepared.book_markdown).parent, "render")
    code = fingerprint(RENDER_CODE, {"pandoc": pandoc.version()})
    jobs = []
    for i, ch in enumerate(prepared.chapters, start=1):
        md = Path(ch.markdown).read_text(encoding="utf-8")
        seed = Path(ch.path)
        data = seed.read_bytes() if seed.exists() else b""
        # (the seed's lines as read for the key: its report name need not be a path from here)
        source = ChapterSource(i, md, ch.source, data.decode("utf-8-sig", errors="replace"),
                               list(ch.references), list(ch.notes))
        labels = json.dumps([source.references, source.notes])
        key = hashlib.sha256("\0".join([code, str(i), ch.source, md, labels]).encode() + data).hexdigest()
        jobs.append((source, cache / f"{key}.json"))
    results: list = [_load(path) for _, path in jobs]
    missing = [job for job, result in zip(jobs, results) if result is None]

    def render(group):
        reports = [Report() for _ in group]
        chapters = render_chapters([source for source, _ in group], reports)
        for (_, path), chapter, own in zip(group, chapters, reports):
            _store(path, chapter, own.entries)
        return [(chapter, own.entries) for chapter, own in zip(chapters, reports)]

    # The chapters to render in as many groups as cores, each group two pandoc runs (render_chapters)
    n = min(len(missing), cores()) or 1
    groups = [missing[k * len(missing) // n:(k + 1) * len(missing) // n] for k in range(n)]
    with ThreadPoolExecutor(max_workers=n) as pool:
        # Progress by group on a terminal; nothing when output is not interactive (CI, pipes).
        done = track(pool.map(render, groups), total=len(groups), description="rendering chapters",
                     disable=not sys.stderr.isatty() or not missing, console=Console(stderr=True), transient=True)
        fresh = iter([result for group in done for result in group])
    results = [result if result is not None else next(fresh) for result in results]
    chapters, number = [], book.first_page if pages else None
    for chapter, entries in results:
        report.entries.extend(entries)
        if number is None:
            chapters.append(strip_pages(chapter))
        else:
            chapters.append(number_pages(chapter, number))
            number += chapter.page_count
    return chapters


def _store(path: Path, chapter: RenderedChapter, entries: list[Entry]) -> None:
    from .files import write_atomic
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"chapter": dataclasses.asdict(chapter),
                                   "entries": [dataclasses.asdict(e) for e in entries]}, ensure_ascii=False))


def _part(data) -> Part:
    """A fragment's part as the cache keeps it (``dataclasses.asdict``: text stays a string)."""
    if isinstance(data, str):
        return data
    return NoteRef(**data) if "label" in data else PageBreak(**data)


def _load(path: Path):
    """A cached chapter and its report entries, or None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ch = data["chapter"]
        chapter = RenderedChapter(**{**ch, "body": [_part(p) for p in ch["body"]],
                                     "notes": [RenderedNote(**{**n, "html": [_part(p) for p in n["html"]]})
                                               for n in ch["notes"]],
                                     "sections": [tuple(s) for s in ch["sections"]]})
        return chapter, [Entry(**e) for e in data["entries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def note_ids(chapters: list[RenderedChapter]) -> dict[tuple[str, str], str]:
    """Stable ids ``note-76``; chapter-prefixed only when labels repeat across chapters."""
    seen: dict[str, int] = {}
    for ch in chapters:
        for n in ch.notes:
            seen[n.label] = seen.get(n.label, 0) + 1
    return {(ch.id, n.label): (f"note-{n.label}" if seen[n.label] == 1 else f"{ch.id}-note-{n.label}")
            for ch in chapters for n in ch.notes}



def ref_id_of(note_id: str) -> str:
    """The id of a note's reference, from the note's id (``note-76`` → ``noteref-76``)."""
    return "noteref-" + note_id.removeprefix("note-") if note_id.startswith("note-") \
        else note_id.replace("-note-", "-noteref-")


def note_body(fragment: str, label: str, backlink: str | None, back_text: str = "↩︎",
              back_space: str = "\u00a0", label_space: str = " ") -> str:
    """The note's HTML with its number at the start of the first paragraph and the backlink at the end
    of the last, as print notes read. The EPUB's backlink is an arrow joined to the last word; the print
    notes' is the reference's page, ``(p. 17)``, joined to it too (``back_space``)."""
    fragment = fragment.strip()
    stop = "." if label[-1:].isalnum() else ""      # 76. but * and † stand alone
    number = f'<span class="note-label">{html.escape(label)}{stop}{label_space}</span>'
    if fragment.startswith("<p>"):
        fragment = "<p>" + number + fragment[3:]
    else:
        fragment = f"<p>{number}</p>" + fragment
    if backlink:
        link = (f'{back_space}<a class="backlink" href="{backlink}" role="doc-backlink" '
                f'aria-label="Back to reference {html.escape(label)}">{html.escape(back_text)}</a>')
        end = fragment.rfind("</p>")
        fragment = fragment[:end] + link + fragment[end:] if end >= 0 else fragment + f"<p>{link}</p>"
    return fragment
