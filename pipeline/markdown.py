"""Stage 3: write recovered chapters as clean Pandoc Markdown that pandoc reads back word for word.

Headings, paragraphs, then the chapter's notes as ``[^label]: …`` definitions. Each marker becomes
``[^label]`` at exactly its place (also in a heading: a note on the heading). Page ends become empty
``[]{.pagebreak}`` spans only when asked for (the build keeps them for the EPUB page list and the
PDF; the clean Markdown handed to editors has none).

The manuscript's text is text: ``*emphasis*`` and ``**strong**`` are kept as written, and every other
character that pandoc would read as structure is escaped — a paragraph opening with ``(1)``, ``1.``,
``a)``, ``-``, ``#``, ``>``, ``|``, ``:`` or a rule of ``-``/``=``/``*``, and inline ``[…](…)``,
``[^…]``, ``[@…]``, ``$…$``, ``^…^``, ``~…~``, backticks and backslashes.
"""

from __future__ import annotations

import re

from .model import MARKER_TOKEN, PAGE_BREAK, Chapter, Heading, marker_index

PAGE_SPAN = "[]{.pagebreak}"

# Inline: characters pandoc reads as markup beyond emphasis.
_INLINE = re.compile(r"[\\`$^~]|\[(?=[\^@]|-@)|\](?=[(\[{:])|(?<![^\W_])@(?=[\w(])|!(?=\[)")
_SUP = re.compile(r"<(sup|sub)>([^<\s]{1,20})</\1>")
# Block starts: list enumerators (1. 1) (1) a. iv) #. (@) …), and marks that open a block.
_ENUMERATOR = re.compile(r"^(\(?)(\d{1,9}|#|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|@[\w-]*)([.)])(?=\s|$)")
_CAPITAL_PERIOD = re.compile(r"^[A-Z]\. \S")
_RULE = re.compile(r"^([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_ALWAYS = tuple("#>|+%=")


def escape_inline(text: str) -> str:
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    # Non-marker superscripts and subscripts in HTML (1<sup>st</sup>) as pandoc's own ^st^ / ~2~.
    return _SUP.sub(lambda m: ("^" if m.group(1) == "sup" else "~") + m.group(2) + ("^" if m.group(1) == "sup" else "~"),
                    text)


def escape_start(text: str) -> str:
    """Escape what would make pandoc read the start of a paragraph as a list, heading, quote, … ."""
    lead = len(text) - len(text.lstrip(PAGE_BREAK))
    head, body = text[:lead], text[lead:]
    if not body:
        return text
    m = _ENUMERATOR.match(body)
    if m and not (_CAPITAL_PERIOD.match(body)):
        if m.group(1):
            return head + "\\" + body
        if m.group(2).startswith(("#", "@")):
            return head + "\\" + body
        return head + m.group(2) + "\\" + body[len(m.group(2)):]
    c = body[0]
    if c in _ALWAYS or _RULE.match(body) or (c in "-*" and (len(body) == 1 or body[1].isspace())) \
            or (c == ":" and (len(body) == 1 or body[1] in " \t:")) or (c == "-" and body[1:2] == "-"):
        return head + "\\" + body
    return text


def inline(text: str, labels: dict[int, str], page_marks: bool) -> str:
    """A paragraph's or note's text as one line of Markdown; ``labels[i]`` is marker i's label."""
    text = escape_inline(text.strip())
    text = escape_start(text)
    text = MARKER_TOKEN.sub(lambda m: f"[^{labels[marker_index(m.group(0)[1:-1])]}]", text)
    return text.replace(PAGE_BREAK, PAGE_SPAN if page_marks else "")


def heading(block: Heading, labels: dict[int, str]) -> str:
    text = escape_inline(block.text.strip()).replace("{", "\\{")
    text = re.sub(r"(\s)(#+)$", lambda m: m.group(1) + "\\#" * len(m.group(2)), text)
    text = MARKER_TOKEN.sub(lambda m: f"[^{labels[marker_index(m.group(0)[1:-1])]}]", text)
    return "#" * block.level + " " + text.replace(PAGE_BREAK, "")


def chapter_markdown(chapter: Chapter, page_marks: bool = False) -> str:
    labels = {m.index: m.label for m in chapter.markers}
    parts: list[str] = []
    for block in chapter.blocks:
        if isinstance(block, Heading):
            parts.append(heading(block, labels))
        else:
            parts.append(inline(block.text, labels, page_marks))
    for note in chapter.notes:
        parts.append(f"[^{note.label}]: " + inline(note.text, labels, False))
    return "\n\n".join(parts) + "\n"


def book_markdown(chapters: list[Chapter], page_marks: bool = False) -> str:
    return "\n".join(chapter_markdown(c, page_marks) for c in chapters)
