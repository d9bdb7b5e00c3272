"""Layouts end to end: other books' page layouts reach the EPUB and PDF intact, and the normaliser holds
up on chapters it has never seen laid out (typeset here in every layout from clean chapters)."""

import functools
import re
import zipfile

import pytest
from lxml import etree

from conftest import DEV_LAYOUTS, PEPYS, SEED
from helpers import SHARED_CACHE, built, built_book, normalised
from structure import compare, parse
from typeset import Style, Typesetter

NS = {"x": "http://www.w3.org/1999/xhtml"}

TWO_CHAPTERS = """## 1. I: The First Journey

We set out in May.* The ship was the *Endeavour*.†

### At Sea

The sea was calm and the wind fair.

---

* In the year 1768.

† A bark of 368 tons.

## 2. II: The Second Journey

### Of Islands<sup>*</sup>

We set out again in July.<sup>†</sup>

---

* The islands of the South Sea.

† In 1772.
"""


@pytest.fixture(scope="module")
def two_chapter_epub(tmp_path_factory):
    dist = built_book("epub", "voyages", tmp_path_factory.mktemp("two"), {"01-voyages.txt": TWO_CHAPTERS}, "Voyages")
    return next(dist.glob("*.epub")), dist.parent


def test_several_chapters_in_one_file_become_chapters(two_chapter_epub):
    epub, tmp = two_chapter_epub
    assert sorted(p.name for p in (tmp / "build" / "clean").glob("*.md")) == \
        ["01-01-voyages-1.md", "02-01-voyages-2.md"]
    z = zipfile.ZipFile(epub)
    nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    toc = [a.text for a in nav.findall(".//x:nav[@id='toc']//x:a", NS)]
    assert toc[1:5] == ["1. I: The First Journey", "At Sea", "2. II: The Second Journey", "Of Islands"]


def test_note_on_a_heading_links_both_ways(two_chapter_epub):
    epub, _ = two_chapter_epub
    z = zipfile.ZipFile(epub)
    ch2 = etree.fromstring(z.read("EPUB/ch02.xhtml"))
    h2 = ch2.find(".//x:h2", NS)
    ref = h2.find("x:a[@role='doc-noteref']", NS)
    assert "".join(h2.itertext()).startswith("Of Islands") and ref is not None
    notes = etree.fromstring(z.read("EPUB/notes.xhtml"))
    target = ref.get("href").split("#")[1]
    note = notes.find(f".//*[@id='{target}']", NS)
    assert "The islands of the South Sea." in "".join(note.itertext())
    back = note.find(".//x:a[@role='doc-backlink']", NS).get("href").split("#")[1]
    assert back == ref.get("id")
    # the symbols printed per page are numbered in reading order: 1, 2 in chapter 1; 3, 4 in chapter 2
    labels = [a.text for doc in ("EPUB/ch01.xhtml", "EPUB/ch02.xhtml")
              for a in etree.fromstring(z.read(doc)).findall(".//x:a[@role='doc-noteref']", NS)]
    assert labels == ["1", "2", "3", "4"]


def test_two_chapter_epub_passes_epubcheck(two_chapter_epub):
    from pipeline.validate import epubcheck_messages
    messages = epubcheck_messages(two_chapter_epub[0], SHARED_CACHE / "epubcheck")   # kept by the EPUB's bytes
    assert [m for m in messages if m["level"] in ("ERROR", "FATAL", "WARNING")] == []


STYLES = {
    "foot-sup": Style(),
    "foot-sup-page-wrapped-furniture": Style(numbering="page", wrap=True, furniture=True),
    "foot-symbol": Style(markers="symbol"),
    "top-bracket": Style(markers="bracket", notes="top"),
    "top-page-wrapped-furniture": Style(numbering="page", notes="top", wrap=True, furniture=True),
    "section-wrapped": Style(notes="section", wrap=True),
    "foot-superscript-form-feeds": Style(markers="superscript", numbering="page", form_feeds=True, wrap=True),
    "foot-symbol-wrapped-furniture": Style(markers="symbol", wrap=True, furniture=True),
    "foot-no-separator-form-feeds": Style(numbering="page", wrap=True, form_feeds=True, separator=False),
    "foot-no-separator-furniture": Style(wrap=True, furniture=True, separator=False),
}


@functools.cache
def _gold(source) -> str:
    """A chapter as the normaliser reads its original layout, markers without notes left out (the
    typesetter prints none): the same for every layout, read once."""
    markdown = normalised([source], f"layouts-gold-{source.stem}").markdown()
    return re.sub(r"\[[^\]]*\]\{\.marker-without-note\}", "", markdown)


@pytest.mark.parametrize("style", STYLES, ids=list(STYLES))
def test_unseen_chapters_in_every_layout(style, tmp_path):
    """Clean chapters (the seed and two Pepys chapters, as the normaliser reads their original layout)
    typeset in each layout and read back: headings exact, at least 99% of notes and markers and 95% of
    paragraphs exact (page breaks between two complete sentences are undecidable in unwrapped text), at
    most 5 word errors per 10,000 words, no chapter refused."""
    totals = {}
    for source in (SEED, PEPYS / "05.txt", PEPYS / "13.txt"):
        gold = _gold(source)
        raw = tmp_path / f"{source.stem}.txt"
        raw.write_text(Typesetter(STYLES[style]).typeset(gold, folio=101), encoding="utf-8")
        result = normalised([raw], f"layouts-{style}-{source.stem}")
        for key, (a, b) in compare(parse(result.markdown()), parse(gold)).items():
            totals.setdefault(key, [0, 0])
            totals[key][0] += a
            totals[key][1] += b
    assert totals["headings"][0] == totals["headings"][1]
    assert totals["notes"][0] >= 0.99 * totals["notes"][1], totals
    assert totals["markers"][0] >= 0.99 * totals["markers"][1], totals
    assert totals["paragraphs"][0] >= 0.95 * totals["paragraphs"][1], totals
    assert totals["words"][0] * 10000 <= 5 * totals["words"][1], totals


def test_dev_layouts_book_builds_an_epub_with_every_note_linked(tmp_path):
    """The five dev-layouts chapters as one book: several layouts in one book, renumbered notes."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i, raw in enumerate(sorted(DEV_LAYOUTS.glob("seed-*.raw.txt")), start=1):
        (seeds / f"{i:02d}.txt").write_text(raw.read_text(encoding="utf-8"), encoding="utf-8")
    dist = built("epub", "dev-layouts", seeds, 'title: "Layouts"\nlanguage: en\n')
    z = zipfile.ZipFile(next(dist.glob("*.epub")))
    refs = [a for n in z.namelist() if re.match(r"EPUB/ch\d+\.xhtml", n)
            for a in etree.fromstring(z.read(n)).findall(".//x:a[@role='doc-noteref']", NS)]
    assert [a.text for a in refs] == [str(n) for n in range(1, 109)]
