"""Pandoc's JSON AST, walked: rewritten by filters (``walk``) and read as plain text (``plain_text``).

``walk`` is pandoc's filter walk, top-down: the renderer's filters (render.py) turn notes into note
references, page-break spans into page markers, raw markup into text. ``plain_text`` reads what a node
says: the no-loss check counts the words pandoc reads (notes included, block and formatting boundaries
as spaces); the renderer takes titles for the contents and running heads (notes left out).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

Filter = Callable[[dict], "dict | list | None"]

TAG = re.compile(r"</?[A-Za-z][^>]*>")
SPACES = ("Space", "SoftBreak", "LineBreak")
LITERALS = ("Code", "CodeBlock", "Math")


def walk(value, filters: Mapping[str, Filter]):
    """``value`` (an element, a list of them, or any part of the AST) walked top-down in document
    order, as a pandoc Lua filter with ``traverse = 'topdown'``: each element whose type (``t``) has a
    filter is given to it. The filter returns None to keep the element and walk on into its contents,
    or what replaces it: an element, or a list of elements spliced into the list that held it; a
    replacement is not walked again (the filter walks what it keeps of the element's contents). Every
    element is reached, whatever holds it (list items, table cells, citations). The walked value is
    returned; elements kept are changed in place."""
    if isinstance(value, list):
        out: list = []
        for item in value:
            done = _element(item, filters) if _is_element(item) else walk(item, filters)
            if isinstance(done, list) and _is_element(item):
                out.extend(done)
            else:
                out.append(done)
        return out
    if _is_element(value):
        done = _element(value, filters)
        if isinstance(done, list):
            raise TypeError(f"a {value['t']} element outside a list cannot be replaced by a list")
        return done
    if isinstance(value, dict):           # a record that is not an element (a citation)
        return {key: walk(item, filters) for key, item in value.items()}
    return value


def _is_element(value) -> bool:
    return isinstance(value, dict) and "t" in value


def _element(node: dict, filters: Mapping[str, Filter]):
    action = filters.get(node["t"])
    done = action(node) if action is not None else None
    if done is not None:
        return done
    if "c" in node:
        node["c"] = walk(node["c"], filters)
    return node


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
