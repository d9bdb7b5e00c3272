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

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import pandoc
from .errors import PipelineError
from .book import Book
from .model import NOTEREF_CLOSE, NOTEREF_OPEN, SPLIT_CLOSE, SPLIT_OPEN, UNRESOLVED_CLASS, Report
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


def render_chapter(markdown: str, index: int, report: Report, source: str,
                   page_counter: list[int] | None) -> RenderedChapter:
    """``page_counter`` is a one-element list holding the next page number (shared across chapters);
    ``None`` leaves out print page-break markers."""
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

    def page_marker() -> dict | None:
        if page_counter is None:
            return None
        n = page_counter[0]
        page_counter[0] += 1
        pid = f"page-{n}"
        pages.append(pid)
        return raw(f'<span epub:type="pagebreak" role="doc-pagebreak" id="{pid}" aria-label="{n}"></span>')

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
    first_page = page_marker()
    body_blocks = ([{"t": "Plain", "c": [first_page]}] if first_page else []) + blocks(ast["blocks"])
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


def render_book(prepared, book: Book, report: Report) -> list[RenderedChapter]:
    import sys

    from rich.console import Console
    from rich.progress import track

    counter = [book.first_page] if book.first_page is not None else None
    chapters = []
    # Progress by chapter on a terminal; nothing when output is not interactive (CI, pipes).
    for i, ch in track(list(enumerate(prepared.chapters, start=1)), description="rendering chapters",
                       disable=not sys.stderr.isatty(), console=Console(stderr=True), transient=True):
        md = Path(ch["markdown"]).read_text(encoding="utf-8")
        chapters.append(render_chapter(md, i, report, ch["source"], counter))
    return chapters


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
