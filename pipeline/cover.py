"""The book's covers: the EPUB's cover image and the printer's cover (the full wrap: back, spine, front).

``cover:`` in book.yaml names the front cover (JPEG or PNG); it is checked (readable, RGB or greyscale,
at least 1600 × 2560 px recommended, a book's proportions) and becomes the EPUB's cover image and
cover page. Without one a typographic cover is made (title, subtitle, authors, publisher, set in
Charis SIL by WeasyPrint and rendered to PNG by PDFium), so that no book ships without a cover.

The print cover's spine is the page count times the paper's thickness per page (``paper: white`` or
``cream``, the print-on-demand trade's figures, or a thickness such as ``0.0025in``); the spine carries
the title and the authors only when it is wide enough to hold them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from .book import Book, _inches
from .errors import PipelineError
from .files import fingerprint, write_atomic
from .resources import styles

# Thickness of one page (half a leaf), inches: the print-on-demand trade's figures for 50-60 lb paper.
PAPER = {"white": 0.002252, "cream": 0.0025}
RECOMMENDED = (1600, 2560)           # px: what the e-book stores ask for (1:1.6)
GENERATED = (1600, 2560)
SPINE_TEXT_MIN = 0.25                # in: a spine narrower than this carries no text (about 110 pages)


@dataclass
class CoverImage:
    data: bytes
    media_type: str                  # image/jpeg | image/png
    width: int
    height: int
    generated: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def extension(self) -> str:
        return "png" if self.media_type == "image/png" else "jpg"


def check_image(path: Path) -> CoverImage:
    """The cover image as an EPUB can carry it, with what a store would object to. A CMYK JPEG (a
    printer's file) is converted to RGB and reported; what is not an image is refused."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            fmt, mode, (width, height) = image.format, image.mode, image.size
            warnings = []
            if fmt not in ("JPEG", "PNG"):
                raise PipelineError(f"the cover is a {fmt} image; give a JPEG or a PNG", str(path))
            data = path.read_bytes()
            if mode not in ("RGB", "L", "RGBA", "LA", "P"):
                buf = io.BytesIO()
                image.convert("RGB").save(buf, "JPEG", quality=92)
                data, fmt = buf.getvalue(), "JPEG"
                warnings.append(f"the cover is in {mode}: converted to RGB for the EPUB (e-books show RGB)")
    except (UnidentifiedImageError, OSError) as exc:
        raise PipelineError(f"the cover cannot be read as an image ({exc.__class__.__name__})", str(path)) from None
    if width < RECOMMENDED[0] or height < RECOMMENDED[1]:
        warnings.append(f"the cover is {width} × {height} px; e-book stores ask for at least "
                        f"{RECOMMENDED[0]} × {RECOMMENDED[1]}")
    ratio = height / width if width else 0
    if not 1.3 <= ratio <= 1.8:
        warnings.append(f"the cover's height is {ratio:.2f} times its width; a book's is about 1.5 (1.6 for "
                        f"e-book stores)")
    return CoverImage(data, "image/jpeg" if fmt == "JPEG" else "image/png", width, height, False, warnings)


def epub_cover(book: Book, cache: Path | None = None) -> CoverImage:
    """The EPUB's cover: the book's image, else a typographic cover made for it (kept in ``cache``)."""
    if book.cover:
        return check_image(Path(book.cover))
    return generated_cover(book, cache)


GENERATED_SIZES = {"title": "150px", "subtitle": "80px", "author": "86px", "publisher": "56px"}


def generated_cover(book: Book, cache: Path | None = None) -> CoverImage:
    """A typographic front cover, 1600 × 2560 px PNG (the same bytes for the same book). Typesetting
    and rasterising it takes most of a second: with a ``cache`` folder, the PNG is kept there under a
    hash of the cover's HTML (title, authors, publisher…), its styles, this module and the versions of
    the typesetter and the rasteriser, and an EPUB built again takes it from there."""
    from importlib.metadata import version

    width_px, height_px = GENERATED
    args = dict(wrap=False, width=f"{width_px}px", height=f"{height_px}px", inset="120px", sizes=GENERATED_SIZES)
    path = None
    if cache is not None:
        # (the versions from the packages' metadata: importing the typesetter costs more than the lookup)
        key = fingerprint([Path(__file__), *sorted((styles() / "cover").iterdir())],
                          {"html": _html(book, **args), "weasyprint": version("weasyprint"),
                           "pdfium": version("pypdfium2"), "font": _font_file("Charis SIL")})
        path = cache / f"{key}.png"
        if path.exists():
            return CoverImage(path.read_bytes(), "image/png", *GENERATED, True)
    import pypdfium2

    pdf = _render(book, **args)
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width_px / page.get_width())
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != GENERATED:
        image = image.resize(GENERATED)
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    if path is not None:
        write_atomic(path, buf.getvalue())        # (its folder made as it writes)
    return CoverImage(buf.getvalue(), "image/png", *GENERATED, True)


def _font_file(family: str) -> str:
    """The font file fontconfig gives for ``family``, with its size (a key's part: the cover is set in
    the machine's font)."""
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        return ""
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout.strip()
    return f"{found} {Path(found).stat().st_size}" if found and Path(found).exists() else found


def spine_width(pages: int, paper: str) -> float:
    """The spine's width in inches for a book of ``pages`` pages on ``paper``."""
    per_page = PAPER.get(paper)
    if per_page is None:
        per_page = _inches(paper)
    return pages * per_page


@dataclass
class Wrap:
    """The print cover's geometry, inches: trim, spine, bleed and the whole sheet."""
    trim_width: float
    trim_height: float
    spine: float
    bleed: float

    @property
    def width(self) -> float:
        return 2 * self.trim_width + self.spine + 2 * self.bleed

    @property
    def height(self) -> float:
        return self.trim_height + 2 * self.bleed


def wrap_of(book: Book, pages: int) -> Wrap:
    bleed = _inches(book.bleed) if book.bleed not in ("0", "") else 0.125   # a cover always bleeds
    return Wrap(_inches(book.trim_width), _inches(book.trim_height), spine_width(pages, book.paper), bleed)


def cover_pdf(book: Book, pages: int) -> tuple[bytes, Wrap]:
    """The printer's cover as PDF bytes: back, spine and front on one sheet with bleed all round."""
    w = wrap_of(book, pages)
    image = Path(book.cover).as_uri() if book.cover else None
    spine_text = (f"{book.title}" + (f"  ·  {', '.join(book.authors)}" if book.authors else "")
                  if w.spine >= SPINE_TEXT_MIN else "")
    pdf = _render(book, wrap=True, width=f"{w.width:.4f}in", height=f"{w.height:.4f}in", inset=f"{w.bleed + 0.5:.4f}in",
                  sizes={"title": "30pt", "subtitle": "16pt", "author": "17pt", "publisher": "11pt", "blurb": "11pt",
                         "spine": f"{min(13.0, w.spine * 72 * 0.45):.1f}pt"},
                  geometry={"back_width": f"{w.bleed + w.trim_width:.4f}in",
                            "spine_left": f"{w.bleed + w.trim_width:.4f}in", "spine_width": f"{w.spine:.4f}in",
                            "front_left": f"{w.bleed + w.trim_width + w.spine:.4f}in",
                            "front_width": f"{w.trim_width + w.bleed:.4f}in"},
                  image=image, spine_text=spine_text)
    return pdf, w


def _render(book: Book, wrap: bool, width: str, height: str, inset: str, sizes: dict, geometry: dict | None = None,
            image: str | None = None, spine_text: str = "") -> bytes:
    from weasyprint import HTML

    from .pdf.layout import restricted_fetcher

    folder = styles() / "cover"
    html = _html(book, wrap, width, height, inset, sizes, geometry, image, spine_text)
    allowed = [folder] + ([Path(book.cover).parent] if book.cover else [])
    return HTML(string=html, base_url=str(folder) + "/", url_fetcher=restricted_fetcher(allowed)).write_pdf()


def _html(book: Book, wrap: bool, width: str, height: str, inset: str, sizes: dict, geometry: dict | None = None,
          image: str | None = None, spine_text: str = "") -> str:
    """The cover's HTML (styles/cover/cover.html.j2)."""
    from jinja2 import Environment, FileSystemLoader

    folder = styles() / "cover"
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=True).get_template("cover.html.j2").render(
        book=book, wrap=wrap, width=width, height=height, inset=inset, image=image, spine_text=spine_text,
        title_size=sizes["title"], subtitle_size=sizes["subtitle"], author_size=sizes["author"],
        publisher_size=sizes["publisher"], blurb_size=sizes.get("blurb", "11pt"), spine_size=sizes.get("spine", "10pt"),
        **(geometry or {"back_width": "0", "spine_left": "0", "spine_width": "0", "front_left": "0",
                        "front_width": width}))
