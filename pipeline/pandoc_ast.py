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


def plain_text(node, notes: bool = True, boundaries: bool = False, raw: bool = True) -> str:
    """The text of an AST node or list of nodes. ``notes``: include the text of footnotes;
    ``boundaries``: a space around every block and formatting element (so words never run together);
    ``raw``: include the text inside raw HTML (the renderer's own placeholders are raw: left out)."""
    out: list[str] = []
    _walk(node, out, notes, " " if boundaries else "", raw)
    return "".join(out)


def _walk(node, out: list[str], notes: bool, edge: str, raw: bool) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, out, notes, edge, raw)
        return
    if not isinstance(node, dict):
        return
    t = node.get("t")
    if t == "Str":
        out.append(node["c"])
    elif t in SPACES:
        out.append(" ")
    elif t == "Note" and not notes:
        return
    elif t in ("RawInline", "RawBlock"):
        # Markup is not text, but what raw HTML holds between its tags is.
        if raw:
            out.append(" " + html.unescape(TAG.sub(" ", node["c"][1])) + " ")
    elif t in LITERALS:
        out.append(" " + node["c"][1] + " ")
    else:
        out.append(edge)
        _walk(node.get("c"), out, notes, edge, raw)
        out.append(edge)
