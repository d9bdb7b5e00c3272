"""The EPUB: valid for EPUBCheck, endnotes linked both ways at the markers' exact places."""

import re
import zipfile

import pytest
from lxml import etree

from conftest import PEPYS, SEED
from helpers import PEPYS_BOOK, SHARED_CACHE, build, built, seed_book_yaml

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epubcheck(path):
    """EPUBCheck's errors and warnings (its verdict kept by the EPUB's bytes, shared by the tests' builds)."""
    from pipeline.validate import epubcheck_messages
    return [f"{m['id']} | {m['level']} | {m['location']} | {m['message']}"
            for m in epubcheck_messages(path, SHARED_CACHE / "epubcheck") if m["level"] in ("ERROR", "FATAL", "WARNING")]


@pytest.fixture(scope="module")
def seed_epub():
    (epub,) = built("epub", "seed-page-list", None, seed_book_yaml(first_page=1)).glob("*.epub")
    return epub


def docs(epub):
    z = zipfile.ZipFile(epub)
    return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def test_seed_epub_passes_epubcheck(seed_epub):
    assert seed_epub.name == "the-stalins-second-revolution.epub"
    assert epubcheck(seed_epub) == []


def test_zip_layout_and_reproducible(seed_epub, tmp_path):
    z = zipfile.ZipFile(seed_epub)
    first = z.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    again = build("epub", tmp_path, None, seed_book_yaml(first_page=1))
    assert next(again.glob("*.epub")).read_bytes() == seed_epub.read_bytes()


def test_note_references_and_endnotes(seed_epub):
    d = docs(seed_epub)
    chapter, notes = d["EPUB/ch01.xhtml"], d["EPUB/notes.xhtml"]
    refs = chapter.findall(".//x:a[@role='doc-noteref']", NS)
    assert [r.text for r in refs] == [str(n) for n in range(76, 130)]
    assert all(r.get(EPUB_TYPE) == "noteref" for r in refs)
    endnotes = notes.findall(".//x:li[@epub:type='endnote']", NS)
    assert [e.get("id") for e in endnotes] == [f"note-{n}" for n in range(76, 130)]
    section = notes.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "endnotes" and section.get("role") == "doc-endnotes"
    backlinks = notes.findall(".//x:a[@role='doc-backlink']", NS)
    assert len(backlinks) == 54
    # every link resolves to an existing id in the named document
    ids = {name.removeprefix("EPUB/"): {e.get("id") for e in doc.iter() if e.get("id")} for name, doc in d.items()}
    for a in refs + backlinks:
        target, frag = a.get("href").split("#")
        assert frag in ids[target], a.get("href")
    # note 77 carries its continuation from the next page
    text77 = "".join(notes.find(".//x:li[@id='note-77']", NS).itertext())
    assert "(Kalinin M.I.)." in text77 and text77.startswith("77. Daniels R. V.")


def test_references_sit_exactly_where_the_markers_were(seed_epub):
    chapter = docs(seed_epub)["EPUB/ch01.xhtml"]
    raw = SEED.read_text(encoding="utf-8")
    for a in chapter.findall(".//x:a[@role='doc-noteref']", NS):
        p = a.getparent()
        before = (p.text or "") + "".join(
            etree.tostring(c, method="text", encoding="unicode", with_tail=True) for c in p if c is not a and
            list(p).index(c) < list(p).index(a))
        assert before.endswith("\u2060"), (a.text, before[-20:])      # joined to its word: no break before it
        before = re.sub(r"\s+", " ", before.replace("\u2060", ""))[-20:]
        m = re.search(re.escape(f"<sup>{a.text}</sup>"), raw)
        raw_before = re.sub(r"<sup>\d+</sup>", "", raw[: m.start()])
        fold = str.maketrans("’‘“”", "''\"\"")   # the EPUB sets typographic quotes; the raw text has straight ones
        assert re.sub(r"\s+", " ", raw_before).endswith(before.translate(fold)), (a.text, before)


def test_nav_has_toc_landmarks_and_page_list(seed_epub):
    nav = docs(seed_epub)["EPUB/nav.xhtml"]
    kinds = [n.get(EPUB_TYPE) for n in nav.findall(".//x:nav", NS)]
    assert kinds == ["toc", "landmarks", "page-list"]
    toc = [a.text for a in nav.find(".//x:nav[@id='toc']", NS).findall(".//x:a", NS)]
    assert toc[1] == "4. The Stalin’s “second” Revolution" and "Collectivisation of Agriculture and Its Consequences" in toc
    pages = nav.find(".//x:nav[@id='page-list']", NS).findall(".//x:a", NS)
    assert pages[0].text == "1" and pages[0].get("href") == "ch01.xhtml#page-1"
    assert [p.text for p in pages] == [str(i) for i in range(1, len(pages) + 1)]
    assert nav.get("lang") == "en"


def test_no_page_list_without_first_page():
    epub = next(built("epub", "seed").glob("*.epub"))          # the project's book.yaml: no first_page
    z = zipfile.ZipFile(epub)
    assert b"page-list" not in z.read("EPUB/nav.xhtml") and b"pagebreak" not in z.read("EPUB/ch01.xhtml")
    assert b">pageNavigation<" not in z.read("EPUB/content.opf")
    assert epubcheck(epub) == []


def test_accessibility_metadata(seed_epub):
    opf = zipfile.ZipFile(seed_epub).read("EPUB/content.opf").decode()
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityHazard",
                 "schema:accessibilitySummary"):
        assert f'property="{prop}"' in opf
    assert ">pageNavigation<" in opf and ">tableOfContents<" in opf
    assert "dcterms:conformsTo" not in opf     # not claimed without an audit


def test_notes_at_chapter_end_and_raw_html_escaped(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text(
        "## 1. One & <Two>\n\n### Rock & Roll\n\nText with <script>alert(1)</script> and "
        "<img src=http://x/y.png onerror=alert(2)> here.<sup>1</sup>\n\n---\n\n1 A note.\n", encoding="utf-8")
    dist = built("epub", "raw-html", seeds, seed_book_yaml(title="Test Book", notes="chapter"))
    epub = next(dist.glob("*.epub"))
    assert epubcheck(epub) == []
    chapter = zipfile.ZipFile(epub).read("EPUB/ch01.xhtml").decode()
    assert "<script" not in chapter and "<img" not in chapter and "&lt;script&gt;" in chapter
    assert 'href="#note-1"' in chapter and 'href="#noteref-1"' in chapter
    assert "notes.xhtml" not in zipfile.ZipFile(epub).namelist()
    nav = zipfile.ZipFile(epub).read("EPUB/nav.xhtml").decode()
    assert "Rock &amp; Roll" in nav and "<title>1. One &amp; &lt;Two&gt;</title>" in chapter


def test_pepys_book_passes_epubcheck():
    dist = built("epub", "pepys", PEPYS, PEPYS_BOOK)
    epub = next(dist.glob("*.epub"))
    assert epub.name == "the-diary-of-samuel-pepys-1660-1661.epub"
    assert epubcheck(epub) == []
    names = zipfile.ZipFile(epub).namelist()
    assert sum(1 for n in names if re.match(r"EPUB/ch\d\d\.xhtml", n)) == 24


def test_escaped_html_is_reported_with_its_line(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text("## 1. One\n\nPlain text.\n\nText with <script>alert(1)</script> here.\n",
                                  encoding="utf-8")
    (tmp_path / "book.yaml").write_text(seed_book_yaml(title="Escapes"))
    from helpers import run
    r = run("epub", "--seeds", seeds, "--book", tmp_path / "book.yaml", "--build", tmp_path / "b",
            "--dist", tmp_path / "d")
    assert "warning:" in r.stderr and "01.txt:5: raw-html-escaped" in r.stderr


def test_normalisation_is_cached_until_a_seed_changes(tmp_path):
    import shutil
    from helpers import run
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / "01.txt")
    args = ["epub", "--seeds", seeds, "--build", tmp_path / "b", "--dist", tmp_path / "d"]
    assert "normalising 1 chapter" in run(*args).stderr
    assert "normalising" not in run(*args).stderr
    (seeds / "01.txt").write_text(SEED.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    assert "normalising 1 chapter" in run(*args).stderr
