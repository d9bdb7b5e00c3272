"""Covers: the EPUB's cover image and page (given in book.yaml, or a typographic one made for the book,
set in Charis SIL), checked as stores check them."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from helpers import built, seed_book_yaml

CHAPTER = "## 1. One\n\nText of the chapter.<sup>1</sup>\n\n---\n\n1 A note.\n"


@pytest.fixture(scope="module")
def seed_epub():
    return next(built("epub", "seed").glob("*.epub"))


def _opf(epub: zipfile.ZipFile) -> str:
    return epub.read("EPUB/content.opf").decode()


def test_a_book_without_a_cover_gets_a_typographic_one(seed_epub):
    from PIL import Image
    epub = zipfile.ZipFile(seed_epub)
    opf = _opf(epub)
    item = re.search(r'<item [^>]*properties="cover-image"[^>]*/>', opf).group(0)
    assert 'href="images/cover.png"' in item and 'media-type="image/png"' in item
    assert Image.open(io.BytesIO(epub.read("EPUB/images/cover.png"))).size == (1600, 2560)
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine[:3] == ["cover", "titlepage", "nav"]
    page = epub.read("EPUB/cover.xhtml").decode()
    assert 'role="doc-cover"' in page and 'alt="Cover: The Stalin’s “Second” Revolution"' in page
    assert '<meta name="cover" content="cover-img"' in opf


def test_the_generated_cover_is_the_same_every_time():
    from pipeline.book import Book
    from pipeline.cover import generated_cover
    book = Book(title="Voyages", authors=["A. Author"], publisher="P")
    first, second = generated_cover(book), generated_cover(book)
    assert first.data == second.data and first.generated and first.media_type == "image/png"


def _image(path, size, mode="RGB"):
    from PIL import Image
    Image.new(mode, size, "white" if mode == "RGB" else (0, 0, 0, 0)).save(path, "JPEG")


def test_a_given_cover_is_the_epubs_with_what_a_store_would_object_to(tmp_path):
    _image(tmp_path / "front.jpg", (800, 1200))
    yaml = seed_book_yaml(title="Covered", cover="front.jpg")
    from helpers import build_args, run
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text(CHAPTER, encoding="utf-8")
    said = run(*build_args("epub", tmp_path, seeds, yaml))
    epub = zipfile.ZipFile(next((tmp_path / "dist").glob("*.epub")))
    assert epub.read("EPUB/images/cover.jpg") == (tmp_path / "front.jpg").read_bytes()
    # the build's report, as the command says it (warnings)
    assert [line for line in said.stderr.splitlines() if "cover-checked" in line] == [
        "warning: front.jpg:0: cover-checked: the cover is 800 × 1200 px; e-book stores ask for at least 1600 × 2560"]


def test_a_cmyk_cover_is_converted_for_the_epub(tmp_path):
    from PIL import Image

    from pipeline.cover import check_image
    _image(tmp_path / "cmyk.jpg", (1600, 2560), "CMYK")
    cover = check_image(tmp_path / "cmyk.jpg")
    assert Image.open(io.BytesIO(cover.data)).mode == "RGB"
    assert cover.warnings == ["the cover is in CMYK: converted to RGB for the EPUB (e-books show RGB)"]


@pytest.mark.parametrize("line, words", [
    ('cover: front.gif\n', "cover must be a JPEG or PNG image"),
    ('cover: missing.jpg\n', "cover: no file missing.jpg"),
    ('cover: notes.png\n', "cannot be read as an image"),
])
def test_bad_covers_are_refused_with_their_line(tmp_path, line, words):
    from pipeline.book import load_book
    from pipeline.cover import epub_cover
    from pipeline.errors import PipelineError
    (tmp_path / "notes.png").write_text("not an image")
    (tmp_path / "book.yaml").write_text("title: T\n" + line, encoding="utf-8")
    with pytest.raises(PipelineError, match=words) as exc:
        epub_cover(load_book(tmp_path / "book.yaml"))
    assert exc.value.line in (2, None)


def build_book_with(tmp, book_yaml: str):
    from helpers import build
    seeds = tmp / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text(CHAPTER, encoding="utf-8")
    return build("epub", tmp, seeds, book_yaml)
