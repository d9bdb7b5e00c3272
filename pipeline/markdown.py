"""Stage 3: write recovered chapters as clean Pandoc Markdown that pandoc reads back word for word.

Headings, paragraphs, then the chapter's notes as ``[^label]: …`` definitions. Each marker becomes
``[^label]`` at exactly its place (also in a heading: a note on the heading); a marker whose note is
missing becomes a ``[54]{.marker-without-note}`` span. Page ends become empty
``[]{.pagebreak}`` spans only when asked for (the build keeps them for the EPUB page list and the
PDF; the clean Markdown handed to editors has none).

The manuscript's text is text: ``*emphasis*`` and ``**strong**`` are kept as written (and
``<sup>``/``<sub>`` as superscripts and subscripts), and every other character that pandoc would read
as structure is escaped — a paragraph opening with ``(1)``, ``1.``, ``a)``, ``-``, ``#``, ``>``,
``|``, ``:`` or a rule of ``-``/``=``/``*``, and inline square brackets (links, spans, footnote
references, citations), ``@``, ``$``, ``^``, ``~``, HTML tags and entities, backticks and backslashes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import MARKER_TOKEN, PAGE_BREAK, UNRESOLVED_CLASS, Chapter, Heading, marker_index

PAGE_SPAN = "[]{.pagebreak}"

# Inline: characters pandoc reads as markup beyond emphasis (HTML tags and entities included); a
# superscript or subscript of letters or digits in HTML (1<sup>st</sup>) becomes pandoc's own (1^st^),
# as integrity.SUP_SUB counts it.
_INLINE = re.compile(r"<(?P<tag>sup|sub)>(?P<inner>[^\W_]{1,20})</(?P=tag)>"
                     r"|[\\`$^~<&\[\]]|(?<![^\W_])@(?=[\w(])")
# Block starts: list enumerators (1. 1) (1) a. iv) #. (@) …), and marks that open a block.
_ENUMERATOR = re.compile(r"^(\(?)(\d{1,9}|#|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|@[\w-]*)([.)])(?=\s|$)")
_CAPITAL_PERIOD = re.compile(r"^[A-Z]\. \S")
_RULE = re.compile(r"^([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_ALWAYS = tuple("#>|+%=")


def escape_inline(text: str) -> str:
    last_end = -1

    def sub(m: re.Match) -> str:
        nonlocal last_end
        if m.group("tag"):
            mark = "^" if m.group("tag") == "sup" else "~"
            # Two in a row (^3^^4^) would read as one: a zero-width space keeps them apart.
            sep = "\u200b" if m.start() == last_end else ""
            last_end = m.end()
            return sep + mark + m.group("inner") + mark
        return "\\" + m.group(0)
    return _INLINE.sub(sub, text)


def escape_start(text: str) -> str:
    """Escape what would make pandoc read the start of a paragraph as a list, heading, quote, … .
    Page-break marks are invisible to pandoc: the decision is taken on the text without them, and
    without a byte order mark and spaces before it (pandoc drops a BOM that opens the document: '\ufeff
    2. FEBRUARY' would read as a list item numbered 2, the number lost)."""
    visible = text.replace(PAGE_BREAK, "")
    lead = len(visible) - len(visible.lstrip("\ufeff \t"))
    at = _escape_at(visible[lead:])
    if at is None:
        return text
    at += lead
    # The same position in the text with its page-break marks.
    i = seen = 0
    while seen < at or (i < len(text) and text[i] == PAGE_BREAK):
        if text[i] != PAGE_BREAK:
            seen += 1
        i += 1
    return text[:i] + "\\" + text[i:]


def _escape_at(body: str) -> int | None:
    """Where a backslash makes the start of ``body`` plain text (None: nothing to escape)."""
    if not body:
        return None
    m = _ENUMERATOR.match(body)
    if m and not _CAPITAL_PERIOD.match(body):
        if m.group(1) or m.group(2).startswith(("#", "@")):
            return 0
        return len(m.group(2))
    c = body[0]
    if c in _ALWAYS or _RULE.match(body) or (c in "-*" and (len(body) == 1 or body[1].isspace())) \
            or (c == ":" and (len(body) == 1 or body[1] in " \t:")) or (c == "-" and body[1:2] == "-"):
        return 0
    return None


def references(chapter: Chapter) -> dict[int, str]:
    """The Markdown of each marker: ``[^label]``, or — its note missing — a ``marker-without-note`` span
    showing its label (never a note reference pandoc could link to another note)."""
    return {m.index: f"[^{m.label}]" if m.note is not None else f"[{m.label}]{{.{UNRESOLVED_CLASS}}}"
            for m in chapter.markers}


def note_references(chapter: Chapter) -> list[str]:
    """The labels of the chapter's note references (``[^label]``) in reading order, one per reference,
    as pandoc meets them in ``chapter_markdown``: what the renderer gives each of pandoc's notes,
    which carry no label."""
    label_of = {m.index: m.label for m in chapter.markers if m.note is not None}
    found = (marker_index(t.group(0)[1:-1]) for b in chapter.blocks for t in MARKER_TOKEN.finditer(b.text))
    return [label_of[i] for i in found if i in label_of]


def _refs(text: str, refs: dict[int, str]) -> str:
    return MARKER_TOKEN.sub(lambda m: refs[marker_index(m.group(0)[1:-1])], text)


@lru_cache(maxsize=1 << 14)
def _escaped(text: str) -> str:
    # A build writes each text several times (with and without page marks, for the book, for the
    # no-loss check): escaped once.
    return escape_start(escape_inline(text.strip()))


def inline(text: str, refs: dict[int, str], page_marks: bool) -> str:
    """A paragraph's or note's text as one line of Markdown; ``refs[i]`` is marker i's reference."""
    return _refs(_escaped(text), refs).replace(PAGE_BREAK, PAGE_SPAN if page_marks else "")


def heading(block: Heading, refs: dict[int, str]) -> str:
    text = escape_inline(block.text.strip()).replace("{", "\\{")
    text = re.sub(r"(\s)(#+)$", lambda m: m.group(1) + "\\#" * len(m.group(2)), text)
    short = f' {{short="{block.short}"}}' if block.short else ""
    return "#" * block.level + " " + _refs(text, refs).replace(PAGE_BREAK, "") + short


def chapter_markdown(chapter: Chapter, page_marks: bool = False) -> str:
    labels = references(chapter)
    parts: list[str] = []
    for block in chapter.blocks:
        if isinstance(block, Heading):
            parts.append(heading(block, labels))
        else:
            parts.append(inline(block.text, labels, page_marks))
    for note in chapter.notes:
        parts.append(f"[^{note.label}]: " + inline(note.text, labels, False))
    return "\n\n".join(parts) + "\n"


def chapter_units(chapter: Chapter, max_chars: int) -> list[str]:
    """The chapter's Markdown in self-contained pieces of about ``max_chars``: runs of blocks, each
    followed by the definitions of the notes it refers to (unreferenced notes in a piece of their own,
    referred to there) — what pandoc reads of the pieces together is what it reads of the chapter."""
    refs = references(chapter)
    defs = {n.label: f"[^{n.label}]: " + inline(n.text, refs, False) for n in chapter.notes}
    label_of = {m.index: m.note.label for m in chapter.markers if m.note is not None}
    units: list[str] = []
    blocks: list[str] = []
    labels: dict[str, None] = {}
    size = 0

    def flush() -> None:
        nonlocal blocks, labels, size
        if blocks:
            units.append("\n\n".join(blocks + [defs[lb] for lb in labels if lb in defs]) + "\n")
        blocks, labels, size = [], {}, 0

    for block in chapter.blocks:
        md = heading(block, refs) if isinstance(block, Heading) else inline(block.text, refs, False)
        if blocks and size + len(md) > max_chars:
            flush()
        blocks.append(md)
        size += len(md)
        for m in MARKER_TOKEN.finditer(block.text):
            label = label_of.get(marker_index(m.group(0)[1:-1]))
            if label is not None:
                labels[label] = None
                size += len(defs.get(label, ""))
    flush()
    referenced = set(label_of.values())
    orphans = [n.label for n in chapter.notes if n.label not in referenced]
    if orphans:
        # Pandoc drops a definition nobody refers to: refer to it here, to read its words all the same.
        units.append(" ".join(f"[^{lb}]" for lb in orphans) + "\n\n" + "\n\n".join(defs[lb] for lb in orphans) + "\n")
    return units


def book_markdown(chapters: list[Chapter], page_marks: bool = False) -> str:
    return "\n".join(chapter_markdown(c, page_marks) for c in chapters)
