"""The one walker of pandoc's JSON AST: the plain text of a node, for the stages that need it.

The no-loss check counts the words pandoc reads (notes included, block and formatting boundaries as
spaces); the renderer takes titles for the contents and running heads (notes left out).
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"</?[A-Za-z][^>]*>")
SPACES = ("Space", "SoftBreak", "LineBreak")
LITERALS = ("Code", "CodeBlock", "Math")


def plain_text(node, notes: bool = True, boundaries: bool = False, raw: bool = True,
               skip_class: str | None = None) -> str:
    """The text of an AST node or list of nodes. ``notes``: include the text of footnotes;
    ``boundaries``: a space around every block and formatting element (so words never run together);
    ``raw``: include the text inside raw HTML (the renderer's own placeholders are raw: left out);
    ``skip_class``: leave out spans of that class."""
    out: list[str] = []
    # An explicit stack: deeply nested emphasis does not exhaust Python's recursion.
    stack: list = [node]
    edge = " " if boundaries else ""
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):         # a boundary space pushed below
            out.append(item[0])
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            _visit(item, out, stack, notes, edge, raw, skip_class)
    return "".join(out)


def _visit(node: dict, out: list[str], stack: list, notes: bool, edge: str, raw: bool,
           skip_class: str | None) -> None:
    t = node.get("t")
    if t == "Str":
        out.append(node["c"])
    elif t in SPACES:
        out.append(" ")
    elif t == "Note" and not notes:
        return
    elif t == "Span" and skip_class and skip_class in node["c"][0][1]:
        out.append(" ")
    elif t in ("RawInline", "RawBlock"):
        # Markup is not text, but what raw HTML holds between its tags is.
        if raw:
            out.append(" " + html.unescape(TAG.sub(" ", node["c"][1])) + " ")
    elif t in LITERALS:
        out.append(" " + node["c"][1] + " ")
    else:
        out.append(edge)
        stack.append((edge,))
        stack.append(node.get("c"))
