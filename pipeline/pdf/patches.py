"""Local workarounds for WeasyPrint and pydyf, each applied only while a PDF is written.

``cached_page_references``: pydyf's ``PDF.page_references`` (0.13) is a property that builds the
tuple of every page's reference each time it is read, and WeasyPrint reads it once per structure
element and per link (``'Pg': pdf.page_references[page_number]``): tagging a book costs
tags × pages (38,000 tags × 519 pages for Pepys, about 5 s). The cached property returns the same
tuple, rebuilt only when a page has been added, so the file written is byte-identical.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def cached_page_references():
    try:
        import pydyf
    except ImportError:      # pragma: no cover
        yield
        return
    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property):      # another pydyf: leave it alone
        yield
        return
    cache: dict[int, tuple[int, tuple]] = {}

    def page_references(self):
        count = len(self.pages["Kids"])
        hit = cache.get(id(self))
        if hit is None or hit[0] != count:
            hit = cache[id(self)] = (count, original.fget(self))
        return hit[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
