"""Stage 4: render a chapter's Markdown to HTML fragments, shared by the EPUB and the PDF.

Pandoc parses the Markdown (``markdown-smart``: the author's quotes stay as written). The AST is then
rewritten before pandoc writes HTML:

- each footnote becomes a note reference link showing its *source* number, and its text is collected
  as an endnote (pandoc forgets labels, so they are read back from the Markdown in reference order);
- ``[]{.pagebreak}`` spans become print page-break markers;
- raw HTML from the manuscript, remote images and script links are turned into visible text or
  dropped, and reported: they never reach the book as markup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import pandoc
from .errors import PipelineError
from .book import Book
from .files import fingerprint
from .model import (NOTEREF_CLOSE, NOTEREF_OPEN, PAGE_NO_CLOSE, PAGE_NO_OPEN, SPLIT_CLOSE, SPLIT_OPEN,
                    UNRESOLVED_CLASS, Entry, Report)
from .pandoc_ast import plain_text

REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
DEF = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)
SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.I)
NOTEREF = re.compile(NOTEREF_OPEN + "([^" + NOTEREF_CLOSE + "]+)" + NOTEREF_CLOSE)


@dataclass
class RenderedNote:
    label: str
    html: str
    referenced: bool = True


@dataclass
class RenderedChapter:
    index: int
    title: str
    body: str                      # XHTML fragment, note references as NOTEREF placeholders
    notes: list[RenderedNote]
    sections: list[tuple[str, str]] = field(default_factory=list)   # (id, title) of level-2 headings
    pages: list[str] = field(default_factory=list)                  # page-break ids in order
    id: str = ""
    plain_title: str = ""


def _text(nodes) -> str:
    return plain_text(nodes, notes=False, raw=False).strip()


def render_chapter(markdown: str, index: int, report: Report, source: str) -> RenderedChapter:
    """The chapter's HTML fragments. Print page-break markers are numbered within the chapter
    (placeholders): ``number_pages`` gives them the book's numbers, ``strip_pages`` removes them."""
    ast = pandoc.read_json(markdown, what=f"the Markdown of {source}")
    defined = DEF.findall(markdown)
    labels = [lb for lb in REF.findall(markdown) if lb in set(defined)]
    label_iter = iter(labels)
    chapter_id = f"ch{index:02d}"
    notes: list[RenderedNote] = []
    note_blocks: list = []
    sections: list[tuple[str, str]] = []
    pages: list[str] = []
    title_blocks: list = []   # the chapter heading's content, rendered in the same pandoc run
    plain_title = ""
    heading_count = 0
    try:
        source_lines = Path(source).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        source_lines = []

    def line_of(snippet: str) -> int:
        """The source line where a snippet the renderer reports stands (0 when not found)."""
        return next((i for i, text in enumerate(source_lines, start=1) if snippet and snippet in text), 0)

    def raw(html_text: str) -> dict:
        return {"t": "RawInline", "c": ["html", html_text]}

    def escaped_raw(node: dict, what: str) -> dict:
        """Raw markup from the manuscript becomes visible text (reported), never markup."""
        fmt, text = node["c"]
        report.add("raw-html-escaped", source, line_of(text), before=text, after=html.escape(text),
                   evidence=f"raw {fmt} {what} in the manuscript is shown as text, never as markup",
                   severity="warning")
        return {"t": "Str", "c": text}

    def mark(name: str) -> dict:
        """A sentinel that splits pandoc's single HTML output into body, title and notes (noncharacters:
        the manuscript cannot contain them)."""
        return {"t": "RawBlock", "c": ["html", f"{SPLIT_OPEN}{name}{SPLIT_CLOSE}"]}

    def page_marker() -> dict:
        n = f"{PAGE_NO_OPEN}{len(pages)}{PAGE_NO_CLOSE}"
        pages.append(f"page-{n}")
        return raw(f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>')

    def inline(nodes: list) -> list:
        out = []
        for n in nodes:
            t = n.get("t")
            if t == "Note":
                try:
                    label = next(label_iter)
                except StopIteration:
                    raise PipelineError("note references and definitions do not match", source) from None
                notes.append(RenderedNote(label, ""))
                note_blocks.append(mark(label))
                note_blocks.extend(blocks(n["c"]))
                out.append(raw(f"{NOTEREF_OPEN}{label}{NOTEREF_CLOSE}"))
            elif t == "Span" and UNRESOLVED_CLASS in n["c"][0][1]:
                # A marker whose note is missing (the report has the error): its label as a superscript.
                label = html.escape(_text(n["c"][1]))
                out.append(raw(f'<sup class="unresolved" title="note {label} is missing">[{label}?]</sup>'))
            elif t == "Span" and "pagebreak" in n["c"][0][1]:
                marker = page_marker()
                if marker:
                    out.append(marker)
            elif t == "RawInline":
                out.append(escaped_raw(n, "markup"))
            elif t == "Image":
                target = n["c"][2][0]
                report.add("image-removed", source, line_of(target), before=target, severity="warning",
                           evidence="images are not part of the manuscript model; alt text kept")
                out.extend(inline(n["c"][1]))
            elif t == "Link":
                target = n["c"][2][0]
                if not SAFE_LINK.match(target):
                    report.add("link-removed", source, line_of(target), before=target, severity="warning",
                               evidence="link target is not http(s)/mailto: text kept, link dropped")
                    out.extend(inline(n["c"][1]))
                else:
                    n["c"][1] = inline(n["c"][1])
                    out.append(n)
            elif isinstance(n.get("c"), list) and t not in ("Str", "Code", "Math", "Cite"):
                c = n["c"]
                if t in ("Quoted", "Span"):
                    c[1] = inline(c[1])
                elif c and isinstance(c[0], dict):
                    n["c"] = inline(c)
                out.append(n)
            else:
                out.append(n)
        return out

    def blocks(nodes: list) -> list:
        nonlocal plain_title, heading_count
        out = []
        for b in nodes:
            t = b["t"]
            if t == "Header":
                heading_count += 1
                level, attr, content = b["c"]
                content = inline(content)
                if heading_count == 1:
                    hid = chapter_id
                    title_blocks[:] = [{"t": "Plain", "c": json.loads(json.dumps(content))}]
                    plain_title = _text(content)
                else:
                    hid = f"{chapter_id}-s{heading_count - 1}"
                    sections.append((hid, _text(content)))
                b["c"] = [level, [hid, [], []], content]
                out.append(b)
            elif t in ("Para", "Plain"):
                b["c"] = inline(b["c"])
                out.append(b)
            elif t == "RawBlock":
                out.append({"t": "Para", "c": [escaped_raw(b, "block")]})
            elif t in ("BlockQuote",):
                b["c"] = blocks(b["c"])
                out.append(b)
            elif t in ("BulletList",):
                b["c"] = [blocks(item) for item in b["c"]]
                out.append(b)
            elif t == "OrderedList":
                b["c"][1] = [blocks(item) for item in b["c"][1]]
                out.append(b)
            elif t == "Div":
                b["c"][1] = blocks(b["c"][1])
                out.append(b)
            else:
                out.append(b)
        return out

    # The chapter's first printed page starts with the chapter.
    body_blocks = [{"t": "Plain", "c": [page_marker()]}] + blocks(ast["blocks"])
    # A note defined but never referenced is still printed (and reported by the normaliser).
    for label in defined:
        if label not in labels:
            orphan_md = re.search(rf"^\[\^{re.escape(label)}\]:(.*)$", markdown, re.M)
            notes.append(RenderedNote(label, "", referenced=False))
            note_blocks.append(mark(label))
            parsed = pandoc.read_json(orphan_md.group(1) if orphan_md else "", what=f"a note of {source}")
            note_blocks.extend(blocks(parsed["blocks"]))

    doc = _doc(body_blocks + [mark("TITLE")] + title_blocks + [mark("END")] + note_blocks, ast)
    out = pandoc.convert(json.dumps(doc), "json", "html5", ("--wrap=none",), what=f"the HTML of {source}")
    body, _, rest = out.partition(f"{SPLIT_OPEN}TITLE{SPLIT_CLOSE}")
    title, _, rest = rest.partition(f"{SPLIT_OPEN}END{SPLIT_CLOSE}")
    title = NOTEREF.sub("", title).strip()   # a note on the heading stays in the body
    parts = rest.split(SPLIT_OPEN)[1:]
    by_label = {}
    for part in parts:
        label, _, content = part.partition(SPLIT_CLOSE)
        by_label.setdefault(label, content.strip())
    for note in notes:
        note.html = by_label.get(note.label, "")
    return RenderedChapter(index, title, _xhtml(body.strip()), notes, sections, pages, chapter_id, plain_title)


def _doc(blocks: list, like: dict) -> dict:
    return {"pandoc-api-version": like["pandoc-api-version"], "meta": {}, "blocks": blocks}


def _xhtml(fragment: str) -> str:
    """Pandoc's HTML5 is nearly XHTML; make void elements self-closing."""
    return re.sub(r"<(br|hr|img|wbr)([^>]*?)\s*/?>", r"<\1\2 />", fragment)


def link_notes(fragment: str, href_for, ref_id_for) -> str:
    """Replace note reference placeholders by links; ``href_for(label)`` gives the note's URL."""
    def sub(m: re.Match) -> str:
        label = m.group(1)
        return (f'<a epub:type="noteref" role="doc-noteref" class="noteref" id="{ref_id_for(label)}" '
                f'href="{href_for(label)}">{html.escape(label)}</a>')
    return NOTEREF.sub(sub, fragment)


PAGE_NO = re.compile(PAGE_NO_OPEN + r"(\d+)" + PAGE_NO_CLOSE)
PAGE_MARKER = re.compile(r'<span epub:type="pagebreak" role="doc-pagebreak" id="page-' + PAGE_NO.pattern
                         + r'" aria-label="' + PAGE_NO.pattern + r'"></span>')
RENDER_CODE = [Path(__file__), Path(__file__).with_name("pandoc_ast.py"), Path(__file__).with_name("model.py"),
               Path(__file__).with_name("pandoc.py")]


def number_pages(chapter: RenderedChapter, first: int) -> RenderedChapter:
    """The chapter with its page-break markers numbered from ``first``."""
    def number(text: str) -> str:
        return PAGE_NO.sub(lambda m: str(first + int(m.group(1))), text)
    return dataclasses.replace(chapter, body=number(chapter.body), pages=[number(p) for p in chapter.pages],
                               notes=[dataclasses.replace(n, html=number(n.html)) for n in chapter.notes])


def strip_pages(chapter: RenderedChapter) -> RenderedChapter:
    """The chapter without page-break markers (a book without a page list; the print edition)."""
    def strip(text: str) -> str:
        return PAGE_MARKER.sub("", re.sub("^" + PAGE_MARKER.pattern + "\n", "", text, flags=re.M))
    return dataclasses.replace(chapter, body=strip(chapter.body), pages=[],
                               notes=[dataclasses.replace(n, html=strip(n.html)) for n in chapter.notes])


def render_book(prepared, book: Book, report: Report, pages: bool = True) -> list[RenderedChapter]:
    """Every chapter rendered, numbered from ``book.first_page`` (without page markers when it is not
    given or ``pages`` is False).

    Rendering is the costly part of an EPUB (two pandoc runs per chapter): each chapter's result is
    kept in ``build/render/`` under a hash of its Markdown, its place, its source file and the render
    code, so that the EPUB and the PDF render a chapter once, and a chapter whose Markdown did not
    change is never rendered again. Chapters not in the cache are rendered side by side (one per core).
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from rich.console import Console
    from rich.progress import track

    cache = Path(prepared.book_markdown).parent / "render"
    code = fingerprint(RENDER_CODE, {"pandoc": pandoc.version()})
    jobs = []
    for i, ch in enumerate(prepared.chapters, start=1):
        md = Path(ch["markdown"]).read_text(encoding="utf-8")
        source = Path(ch["path"])
        key = hashlib.sha256("\0".join([code, str(i), ch["source"], md]).encode()
                             + (source.read_bytes() if source.exists() else b"")).hexdigest()
        jobs.append((i, md, ch["source"], cache / f"{key}.json"))
    results: list = [_load(path) for *_, path in jobs]
    missing = [job for job, result in zip(jobs, results) if result is None]

    def render(job):
        i, md, source, path = job
        own = Report()
        chapter = render_chapter(md, i, own, source)
        _store(path, chapter, own.entries)
        return chapter, own.entries

    with ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 2) or 1) as pool:
        # Progress by chapter on a terminal; nothing when output is not interactive (CI, pipes).
        done = track(pool.map(render, missing), total=len(missing), description="rendering chapters",
                     disable=not sys.stderr.isatty() or not missing, console=Console(stderr=True), transient=True)
        fresh = iter(list(done))
    results = [result if result is not None else next(fresh) for result in results]
    chapters, number = [], book.first_page if pages else None
    for chapter, entries in results:
        report.entries.extend(entries)
        if number is None:
            chapters.append(strip_pages(chapter))
        else:
            chapters.append(number_pages(chapter, number))
            number += len(chapter.pages)
    return chapters


def _store(path: Path, chapter: RenderedChapter, entries: list[Entry]) -> None:
    from .files import write_atomic
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"chapter": dataclasses.asdict(chapter),
                                   "entries": [dataclasses.asdict(e) for e in entries]}, ensure_ascii=False))


def _load(path: Path):
    """A cached chapter and its report entries, or None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ch = data["chapter"]
        chapter = RenderedChapter(**{**ch, "notes": [RenderedNote(**n) for n in ch["notes"]],
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
    notes' is the reference's page, ``(p. 17)``, after an ordinary space."""
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
