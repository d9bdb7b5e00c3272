"""The PDF's structure tree, made to say what the book is (PDF/UA-1).

WeasyPrint tags what it lays out, page by page, from the HTML element names. Three things it cannot
know are fixed here, in two steps:

While WeasyPrint writes the PDF (``structure_hooks``), each structure element it makes is told which
HTML element it comes from: the element's ``data-pdf-tag`` gives the tag (``TOC``, ``TOCI``, ``Note``)
and ``data-pdf-id`` its identifier; each link gets a description (``aria-label``, else ``Note 76``
for a ``doc-noteref`` link, else the link's text), which ``finish`` gives to its annotations instead
of their target's id.

Then the written file is finished with pikepdf (``finish``):

- running heads and folios (WeasyPrint's margin boxes, tagged but left out of the tree) become
  pagination artifacts;
- the pieces WeasyPrint makes of one element split across pages (a chapter, a paragraph, a note) are
  joined into one structure element;
- list bodies inside notes give way to the note's own paragraphs;
- the parent tree and the ID tree are rebuilt; ``/PageLabels`` number the front matter in roman
  and the main matter in arabic from 1;
- every stream is compressed as the file is saved (WeasyPrint writes them uncompressed, as every
  page's content is rewritten here anyway).

``verify`` checks what a PDF/UA-1 file must satisfy and a program can decide (the machine-checkable
part of the Matterhorn Protocol that this document can fail); the PDF claims PDF/UA-1 in its metadata
only when that check passes. What only a person can judge (reading order of floated content, alt text
quality) and the rest of the Matterhorn Protocol are not verified: see the README.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

KEY = "/PipelineKey"      # private, removed by ``finish``: the HTML element a structure element comes from
ALT = "/PipelineAlt"      # private, removed by ``finish``: a Link element's description
# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
    "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH",
    "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link",
    "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"}
# Operators that put marks on the page: each must be inside tagged content or an artifact.
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI"}
_SCANNED = "BDC BMC EMC " + " ".join(sorted(PAINTING))     # the operators verify reads


def _describe(element) -> str | None:
    """A link's description for assistive technology."""
    label = element.get("aria-label") or element.get("title")
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    if not label and element.get("role") == "doc-noteref":
        label = f"Note {text}"
    return label or text or None


@contextmanager
def structure_hooks():
    """Within this block, WeasyPrint's tagging marks each structure element with its HTML element.
    Yields False (and changes nothing) if this WeasyPrint's tagging is not the one known here."""
    try:
        import pydyf
        import weasyprint.pdf.tags as wtags
    except ImportError:      # pragma: no cover
        yield False
        return
    original = getattr(wtags, "_build_box_tree", None)
    if original is None:
        yield False
        return
    keys: dict[int, int] = {}
    held = []      # the HTML elements keyed, kept alive so that their ids stay theirs

    def build(box, parent, pdf, page_number, nums, annotations, tags):
        source = getattr(getattr(box, "_box", box), "element", None)
        for element in original(box, parent, pdf, page_number, nums, annotations, tags):
            if source is not None and "PipelineKey" not in element:
                if id(source) not in keys:
                    keys[id(source)] = len(keys)
                    held.append(source)
                tag = str(element["S"])
                wanted = source.get("data-pdf-tag")
                if wanted and tag != "/LBody":     # a list item's body keeps its tag (see finish)
                    element["S"] = f"/{wanted}"
                    if source.get("data-pdf-id"):
                        element["ID"] = pydyf.String(source.get("data-pdf-id"))
                element["PipelineKey"] = pydyf.String(f"{keys[id(source)]}{tag}")
                if tag == "/Link" and _describe(source):
                    element["PipelineAlt"] = pydyf.String(_describe(source))
            yield element

    wtags._build_box_tree = build
    try:
        yield True
    finally:
        wtags._build_box_tree = original


# ---------------------------------------------------------------------------------------------------
# Finishing the written file


def finish(path: Path, front_pages: int, claim: bool = True) -> list[str]:
    """Fix the structure of the PDF at ``path`` in place (see the module's doc); the problems
    ``verify`` finds afterwards (the PDF/UA-1 claim is removed from the metadata if there are any)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.StructTreeRoot
        _join_fragments(root)
        _unwrap_list_bodies(root)
        elements = _walk(root)      # the tree's final shape: the steps below only change elements
        held = _reachable_mcids(pdf, elements)   # joining and unwrapping move marked content, never drop it
        _pagination_artifacts(pdf, held)
        _links_to_link_elements(elements)
        _describe_links(elements)
        _strip_keys(elements)
        _rebuild_parent_tree(pdf, elements)
        _id_tree(pdf, elements)
        _page_labels(pdf, front_pages)
        for page in pdf.pages:
            if "/Annots" in page.obj:
                page.obj.Tabs = pikepdf.Name.S     # tab order follows the structure
        problems = verify(pdf, elements, held)
        if problems or not claim:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                if "pdfuaid:part" in meta:
                    del meta["pdfuaid:part"]
        # every stream compressed here (Flate), as WeasyPrint wrote them uncompressed
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True)
    return problems


def _kids(element) -> list:
    import pikepdf
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _is_element(obj) -> bool:
    import pikepdf
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _walk(element) -> list:
    """The structure elements under ``element``, depth first, in order (a list: the tree is deep and
    large, a recursive generator costs depth × size)."""
    import pikepdf
    out = []
    stack = [element]
    while stack:
        node = stack.pop()
        if node is not element:
            out.append(node)
        k = node.get("/K")
        if isinstance(k, pikepdf.Array):
            stack.extend(kid for kid in reversed(list(k)) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
        elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
            stack.append(k)
    return out


def _reachable_mcids(pdf, elements: list | None = None) -> dict[tuple, set[int]]:
    """Per page (object id), the MCIDs that structure elements in the tree hold."""
    import pikepdf
    found: dict[tuple, set[int]] = {}
    for element in elements if elements is not None else _walk(pdf.Root.StructTreeRoot):
        for kid in _kids(element):
            if isinstance(kid, int):
                found.setdefault(element.Pg.objgen, set()).add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.get("/Pg"))
                found.setdefault(page.objgen, set()).add(int(kid.MCID))
    return found


_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _pagination_artifacts(pdf, reachable: dict[tuple, set[int]]) -> None:
    """Marked content that no element of the tree holds (``reachable``: per page, the MCIDs held;
    WeasyPrint's margin boxes: running heads, folios) becomes a pagination artifact."""
    import pikepdf
    for page in pdf.pages:
        keep = reachable.get(page.obj.objgen, set())
        streams = page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]
        for stream in streams:
            data = stream.read_bytes()

            def sub(m: re.Match) -> bytes:
                if int(m.group(2)) in keep:
                    return m.group(0)
                return b"/Artifact <</Type /Pagination>> BDC"
            new = _MARKED.sub(sub, data)
            if new != data:
                stream.write(new)


def _join_fragments(root) -> None:
    """One structure element per HTML element: the pieces of an element split across pages (same key)
    are joined into the first, in reading order; a piece nested inside its own first piece (WeasyPrint
    can open one HTML element twice) is unwrapped where it stands."""
    import pikepdf
    first: dict[str, object] = {}

    def visit(element) -> bool:
        changed = False
        kids = element.get("/K")
        if not isinstance(kids, pikepdf.Array):
            return False
        i = 0
        while i < len(kids):
            kid = kids[i]
            key = str(kid.get(KEY)) if _is_element(kid) and KEY in kid else None
            if key is None:
                i += 1
                continue
            if key in first and first[key].objgen != kid.objgen:
                if _inside(element, first[key]):
                    # Nested in its own first piece: unwrapped where it stands (reading order kept).
                    inner = [_adopt(k, kid, element) for k in _kids(kid)]
                    del kids[i]
                    for k in reversed(inner):
                        kids.insert(i, k)
                    i += len(inner)
                else:
                    _move_kids(kid, first[key])
                    del kids[i]
                changed = True
                continue
            first.setdefault(key, kid)
            i += 1
        for kid in list(kids):
            if _is_element(kid):
                changed = visit(kid) or changed
        return changed

    while visit(root.K[0] if isinstance(root.K, pikepdf.Array) else root.K):
        first.clear()


def _inside(element, ancestor) -> bool:
    """Whether ``element`` is ``ancestor`` or lies under it (following the parent links)."""
    seen = 0
    while element is not None and _is_element(element) and seen < 10_000:
        if element.objgen == ancestor.objgen:
            return True
        element = element.get("/P")
        seen += 1
    return False


def _adopt(kid, owner, parent):
    """``kid`` of ``owner`` made a kid of ``parent``: marked content keeps its page (an explicit marked-
    content reference, as ``parent`` may span pages), an element its new parent."""
    import pikepdf
    if isinstance(kid, int):
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=owner.Pg, MCID=int(kid))
    if _is_element(kid):
        kid.P = parent
    return kid


def _move_kids(source, target) -> None:
    """Append ``source``'s kids to ``target``'s, in place (``source`` may be a kid of ``target``, whose
    kids array the caller is walking)."""
    import pikepdf
    if not isinstance(target.get("/K"), pikepdf.Array):
        target.K = pikepdf.Array(_kids(target))
    kids = target.K
    for i, kid in enumerate(list(kids)):     # target now spans pages: its MCIDs name their page too
        kids[i] = _adopt(kid, target, target)
    for kid in _kids(source):
        kids.append(_adopt(kid, source, target))


def _unwrap_list_bodies(root) -> None:
    """A list item turned into a note or a contents entry keeps WeasyPrint's list body inside it: a
    note holds its paragraphs directly; a contents entry's body is its ``Reference``."""
    import pikepdf
    for element in list(_walk(root)):
        parent = element.get("/P")
        if str(element.S) != "/LBody" or parent is None or not _is_element(parent):
            continue
        if str(parent.S) == "/TOCI":
            element.S = pikepdf.Name.Reference
        elif str(parent.S) != "/LI":
            kids = parent.K
            at = next(i for i, k in enumerate(kids) if _is_element(k) and k.objgen == element.objgen)
            del kids[at]
            for offset, kid in enumerate(_kids(element)):
                kids.insert(at + offset, _adopt(kid, element, parent))


def _links_to_link_elements(elements: list) -> None:
    """A link annotation WeasyPrint attached to a box inside a link (the title and the page number of a
    contents entry) belongs to that ``Link`` element."""
    import pikepdf
    links: dict[tuple, object] = {}
    for element in elements:
        if str(element.S) == "/Link" or not isinstance(element.get("/K"), pikepdf.Array):
            continue
        link = _link_of(element.get("/P"), links)
        if link is None:
            continue
        kids = element.K
        for i in reversed(range(len(kids))):
            kid = kids[i]
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                del kids[i]
                if not isinstance(link.get("/K"), pikepdf.Array):
                    link.K = pikepdf.Array(_kids(link))
                link.K.append(kid)


def _link_of(element, known: dict):
    """The ``Link`` element that is ``element`` or holds it (None: none); ``known`` remembers the
    answer for each element asked about (a tree of 38,000 elements is asked about all of them)."""
    path = []
    found = None
    while element is not None and _is_element(element):
        objgen = element.objgen
        if objgen in known:
            found = known[objgen]
            break
        path.append(objgen)
        if str(element.S) == "/Link":
            found = element
            break
        element = element.get("/P")
    for objgen in path:
        known[objgen] = found
    return found


def _describe_links(elements: list) -> None:
    """Every annotation of a Link element carries the link's description (a contents entry's title
    and page number are boxes of their own, each with an annotation)."""
    import pikepdf
    for element in elements:
        if str(element.S) != "/Link" or ALT not in element:
            continue
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                kid.Obj.Contents = pikepdf.String(str(element[ALT]))


def _strip_keys(elements: list) -> None:
    for element in elements:
        for key in (KEY, ALT):
            if key in element:
                del element[key]


def _rebuild_parent_tree(pdf, elements: list) -> None:
    """The parent tree, from the final structure: each page's MCIDs and each annotation to its element."""
    import pikepdf
    pages = {page.obj.objgen: page for page in pdf.pages}
    per_page: dict[tuple, dict[int, object]] = {}
    annots: dict[int, object] = {}
    for element in elements:
        for kid in _kids(element):
            if isinstance(kid, int):
                per_page.setdefault(element.Pg.objgen, {})[int(kid)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = kid.get("/Pg", element.get("/Pg"))
                per_page.setdefault(page.objgen, {})[int(kid.MCID)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                annot = kid.Obj
                if "/StructParent" in annot:
                    annots[int(annot.StructParent)] = element
    nums = pikepdf.Array()
    entries = {}
    for objgen, page in pages.items():
        if "/StructParents" not in page.obj:
            continue
        mcids = per_page.get(objgen, {})
        arr = pikepdf.Array([mcids.get(i) for i in range(max(mcids, default=-1) + 1)])
        entries[int(page.obj.StructParents)] = pdf.make_indirect(arr)
    for index, element in annots.items():
        entries[index] = element
    for index in sorted(entries):
        nums.append(index)
        nums.append(entries[index])
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = max(entries, default=-1) + 1


def _id_tree(pdf, elements: list) -> None:
    import pikepdf
    ids = {}
    for element in elements:
        if "/ID" in element:
            ids.setdefault(str(element.ID), element)
    if ids:
        names = pikepdf.Array()
        for name in sorted(ids):
            names.append(pikepdf.String(name))
            names.append(ids[name])
        pdf.Root.StructTreeRoot.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))


def _page_labels(pdf, front_pages: int) -> None:
    """Roman numbers (i, ii, …) for the front matter, arabic from 1 for the main matter."""
    import pikepdf
    nums = pikepdf.Array()
    if front_pages:
        nums.extend([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
    nums.extend([front_pages, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=nums)


# ---------------------------------------------------------------------------------------------------
# Verification


def verify(pdf, elements: list | None = None, held: dict[tuple, set[int]] | None = None) -> list[str]:
    """What PDF/UA-1 requires and a program can decide, for the kinds of content this pipeline makes.
    ``pdf`` is an open pikepdf document (``elements``: its structure elements, and ``held``: the
    MCIDs they hold per page, if already listed); the problems found, each a sentence (empty: none)."""
    import pikepdf
    problems = []
    root = pdf.Root
    if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
        problems.append("the catalog's MarkInfo does not say the file is tagged")
    if not str(root.get("/Lang", "")).strip():
        problems.append("the catalog has no /Lang")
    if not (root.get("/ViewerPreferences") and bool(root.ViewerPreferences.get("/DisplayDocTitle"))):
        problems.append("DisplayDocTitle is not set")
    meta = pdf.open_metadata()
    if not meta.get("dc:title"):
        problems.append("the XMP metadata has no dc:title")
    if "/StructTreeRoot" not in root:
        return problems + ["there is no structure tree"]

    elements = _walk(root.StructTreeRoot) if elements is None else elements
    held = _reachable_mcids(pdf, elements) if held is None else held
    types = Counter(str(e.S)[1:] for e in elements)
    role_map = {str(k)[1:]: str(v)[1:] for k, v in root.StructTreeRoot.get("/RoleMap", {}).items()}
    for tag in types:
        if tag not in STANDARD_TYPES and role_map.get(tag) not in STANDARD_TYPES:
            problems.append(f"structure type {tag} is neither standard nor role-mapped")
    ids = Counter(str(e.ID) for e in elements if str(e.S) == "/Note" and "/ID" in e)
    if types["Note"] and (sum(ids.values()) != types["Note"] or any(n > 1 for n in ids.values())):
        problems.append("a Note has no ID, or two Notes share one")
    levels = [int(str(e.S)[2:]) for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    if levels and levels[0] != 1:
        problems.append(f"the first heading is H{levels[0]}, not H1")
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            problems.append(f"heading levels skip from H{a} to H{b}")
            break
    for e in elements:
        if str(e.S) == "/Figure" and not str(e.get("/Alt", "")).strip():
            problems.append("a Figure has no alternate text")
            break

    parent_tree = dict(pikepdf.NumberTree(root.StructTreeRoot.ParentTree).items())
    for number, page in enumerate(pdf.pages, start=1):
        problems += _verify_page(page, number, held.get(page.obj.objgen, set()), parent_tree)
    for page in pdf.pages:
        for font in (page.obj.get("/Resources", {}).get("/Font", {}) or {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font {font.get('/BaseFont')} is not embedded")
                return problems
    return problems


def _verify_page(page, number: int, held: set[int], parent_tree: dict) -> list[str]:
    import pikepdf
    problems = []
    stack: list[bool] = []     # open marked content: whether it is tagged (or an artifact)
    covered = 0                # how many of them are
    untagged = 0
    mcids = set()
    for operands, operator in pikepdf.parse_content_stream(page, _SCANNED):
        op = str(operator)
        if op == "BDC" or op == "BMC":
            if str(operands[0]) == "/Artifact":
                kind = True
            elif op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                kind = True
                mcids.add(int(operands[1].MCID))
            else:
                kind = False
            stack.append(kind)
            covered += kind
        elif op == "EMC":
            if stack:
                covered -= stack.pop()
        elif not covered:
            untagged += 1
    if untagged:
        problems.append(f"page {number}: {untagged} marks neither tagged nor an artifact")
    if mcids - held:
        problems.append(f"page {number}: marked content {sorted(mcids - held)[:5]} is not in the structure tree")
    if "/StructParents" in page.obj:
        entry = parent_tree.get(int(page.obj.StructParents))
        for mcid in mcids:
            if entry is None or mcid >= len(entry) or not _is_element(entry[mcid]):
                problems.append(f"page {number}: the parent tree does not map marked content {mcid}")
                break
    elif mcids:
        problems.append(f"page {number}: tagged content but no /StructParents")
    for annot in page.obj.get("/Annots", []):
        if annot.get("/Subtype") != "/Link":
            continue
        if not str(annot.get("/Contents", "")).strip():
            problems.append(f"page {number}: a link without a description")
        if "/StructParent" not in annot or not _is_element(parent_tree.get(int(annot.StructParent))):
            problems.append(f"page {number}: a link outside the structure tree")
        elif str(parent_tree[int(annot.StructParent)].S) != "/Link":
            problems.append(f"page {number}: a link annotation whose element is not a Link")
    if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
        problems.append(f"page {number}: links but no structure tab order (/Tabs /S)")
    return problems
