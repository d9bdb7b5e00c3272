"""A tagged PDF's logical structure: which paragraph (or heading, list item, note…) each piece of marked
content belongs to.

A tagged PDF (Typst, Chromium's prints, Word's and InDesign's exports) says in its structure tree which
structure element every marked-content sequence of a page (its MCID) belongs to. What matters to
extraction is the block an MCID's text is part of: the nearest ancestor that is a paragraph-level
element (``BLOCKS``, after the tree's role map). Where a paragraph goes on over a page break, its
text on both pages belongs to one element; where the next page opens another, the element changes.
The geometry cannot tell that when the page's last line is full and the next page's first line is not
indented (a book that sets space between paragraphs drops that space at a page's top): the tree can
(``page.read_page``). The tree is read once, with pikepdf; a tree that cannot be read, or that does
not hold paragraphs (``trusted``), is not used.
"""

from __future__ import annotations

import pikepdf

from .stats import EDGE_ROWS      # the rows at each edge of a page where furniture stands

# Paragraph-level structure types (ISO 32000 14.8.4, PDF 2.0's additions): an MCID's block is the nearest
# of these above it. Inline types (Span, Em, Link, Lbl, NonStruct…) are looked through.
BLOCKS = frozenset({"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Title", "LI", "LBody", "BlockQuote",
                    "Caption", "Note", "FENote", "TOCI", "Code", "TD", "TH", "Index", "BibEntry"})
ROLE_STEPS = 10          # a role map's chain followed this far (a cycle ends there)
MOST_ELEMENTS = 1_000_000   # a tree larger than this is not used (a hostile file)


def block_elements(pdf: pikepdf.Pdf) -> dict[int, dict[int, int]]:
    """page index (0-based) -> {MCID: the number of its block element}; empty for an untagged PDF or a
    tree that cannot be read. Elements are numbered in the tree's order."""
    try:
        root = pdf.Root.get("/StructTreeRoot")
        if not isinstance(root, pikepdf.Dictionary) or "/K" not in root:
            return {}
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        roles = _roles(root.get("/RoleMap"))
        return _walk(root, pages, roles)
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError, KeyError, RecursionError):
        return {}


def _roles(role_map) -> dict[str, str]:
    """The role map, each custom type followed to a standard one where the chain leads to one."""
    if not isinstance(role_map, pikepdf.Dictionary):
        return {}
    direct = {str(k)[1:]: str(v)[1:] for k, v in role_map.items() if isinstance(v, pikepdf.Name)}
    out = {}
    for name in direct:
        kind = name
        for _ in range(ROLE_STEPS):
            if kind not in direct or kind in BLOCKS:
                break
            kind = direct[kind]
        out[name] = kind
    return out


def _walk(root: pikepdf.Dictionary, pages: dict, roles: dict[str, str]) -> dict[int, dict[int, int]]:
    """Every MCID under the tree, with its block element (iteratively: a deep tree is no recursion)."""
    out: dict[int, dict[int, int]] = {}
    seen: set = set()
    count = 0
    # (node, the page it inherits, its block element's number or None)
    stack = [(kid, None, None) for kid in reversed(_kids(root))]
    while stack:
        node, page, block = stack.pop()
        if isinstance(node, int):
            if page is not None and block is not None:
                out.setdefault(page, {})[int(node)] = block
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue                    # (a cycle, or an element listed twice)
            seen.add(node.objgen)
        count += 1
        if count > MOST_ELEMENTS:
            return {}
        kind = str(node.get("/Type", ""))
        own_page = node.get("/Pg")
        if isinstance(own_page, pikepdf.Dictionary) and own_page.is_indirect:
            page = pages.get(own_page.objgen, page)
        if kind == "/MCR":
            mcid = node.get("/MCID")
            if isinstance(mcid, int):
                stack.append((int(mcid), page, block))
            continue
        if kind == "/OBJR":
            continue
        structure = node.get("/S")
        if isinstance(structure, pikepdf.Name) and roles.get(str(structure)[1:], str(structure)[1:]) in BLOCKS:
            block = count
        stack.extend((kid, page, block) for kid in reversed(_kids(node)))
    return out


def _kids(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def trusted(rows_elements: list[list[set[int]]]) -> bool:
    """Whether the tree holds the book's paragraphs, given each row's set of block elements page by
    page: nine rows in ten that carry marked content belong to one element each, there are three
    elements at least and fewer than two for every three rows. A tree of lines, of one element for
    the whole text, or of elements that each hold pieces of many rows is no evidence."""
    rows = [r for page in rows_elements for r in page if r]
    if len(rows) < 20:
        return False
    single = sum(1 for r in rows if len(r) == 1)
    elements = {e for r in rows for e in r}
    return single >= 0.9 * len(rows) and 3 * len(elements) <= 2 * len(rows) and len(elements) >= 3


UNTAGGED_INSIDE = 0.005  # the share of a page's inner rows that may stand outside the tree


def furniture_untagged(rows_elements: list[list[set[int]]]) -> bool:
    """Whether what stands outside the tree is the pages' furniture: the rows within EDGE_ROWS of a
    page's edges may be untagged (an artifact: running heads, folios), hardly any other row is (a
    tree that leaves text out says nothing of what it left out)."""
    inner = [r for page in rows_elements for r in page[EDGE_ROWS:len(page) - EDGE_ROWS]]
    return bool(inner) and sum(1 for r in inner if not r) <= UNTAGGED_INSIDE * len(inner)


CLEAR_BREAKS = 3         # page breaks inside a paragraph needed to judge the tree there


def keeps_paragraphs_over_pages(breaks: list[tuple[set[int], tuple[str, int]]]) -> bool:
    """Whether the tree keeps a paragraph that goes on over a page break in one element (some writers
    start an element on every page): given, for each page break, the elements of the page before and
    the text and element of the first tagged row after it. Where that row opens in lower case (the
    paragraph goes on), its element must stand on the page before at least as often as not,
    CLEAR_BREAKS such breaks seen; fewer: nothing contradicts the tree."""
    clear = [(before, element) for before, (text, element) in breaks if text[:1].islower()]
    if len(clear) < CLEAR_BREAKS:
        return True
    return 2 * sum(1 for before, element in clear if element in before) >= len(clear)
