"""The handoff bundle: contents, checksums, gates, reproducibility, ONIX, review page."""

import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from conftest import ROOT
from helpers import build, built, run, seed_book_yaml

ONIX = "{http://ns.editeur.org/onix/3.0/reference}"


@pytest.fixture(scope="module")
def bundle():
    return next(built("bundle", "seed").glob("*-handoff.zip"))


@pytest.fixture(scope="module")
def unpacked(bundle, tmp_path_factory):
    out = tmp_path_factory.mktemp("unpacked")
    zipfile.ZipFile(bundle).extractall(out)
    return out


def test_contents(bundle):
    names = zipfile.ZipFile(bundle).namelist()
    assert bundle.name == "the-stalins-second-revolution-handoff.zip"
    assert set(names) == {
        "the-stalins-second-revolution.epub", "the-stalins-second-revolution.pdf", "book.yaml",
        "markdown/book.md", "markdown/01-000_507538d25292fa2c.md", "onix.xml",
        "reports/normalisation.json", "reports/normalisation.html", "reports/epubcheck.txt",
        "reports/pdf-checks.json", "reports/onix-check.txt", "README.txt", "SHA256SUMS",
        "printer/the-stalins-second-revolution-interior.pdf", "printer/the-stalins-second-revolution-cover.pdf",
        "reports/printer-checks.json"}
    assert names == sorted(names)


def test_sha256sums_verify(unpacked):
    r = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count(": OK") == 15


def test_reports_and_readme(unpacked):
    assert "No errors or warnings." in (unpacked / "reports/epubcheck.txt").read_text()
    readme = (unpacked / "README.txt").read_text()
    assert "sha256sum -c SHA256SUMS" in readme and "onix.xml" in readme
    md = (unpacked / "markdown/book.md").read_text()
    assert md.startswith("# 4. The Stalin’s “second” Revolution") and "pagebreak" not in md   # smart quotes


def test_onix_record(unpacked):
    root = etree.parse(str(unpacked / "onix.xml")).getroot()
    assert root.tag == f"{ONIX}ONIXMessage" and root.get("release") == "3.0"
    products = root.findall(f"{ONIX}Product")
    assert [p.findtext(f".//{ONIX}ProductForm") for p in products] == ["ED", "BC"]
    from pypdf import PdfReader
    pages = len(PdfReader(str(unpacked / "the-stalins-second-revolution.pdf")).pages)
    assert products[1].findtext(f".//{ONIX}ExtentValue") == str(pages)
    assert products[0].findtext(f".//{ONIX}LanguageCode") == "eng"
    # book.yaml gives no publisher, authors, date or ISBN: none is invented
    for tag in ("Publisher", "Contributor", "PublishingDate", "NoContributor"):
        assert root.find(f".//{ONIX}{tag}") is None
    assert all(i.findtext(f"{ONIX}ProductIDType") != "15" for i in root.iter(f"{ONIX}ProductIdentifier"))
    # ONIX requires a Sender: without a publisher the record says so instead of inventing one
    check = (unpacked / "reports/onix-check.txt").read_text()
    assert "1 problem(s)" in check and "add publisher to book.yaml (ONIX: " in check and "( Sender )" in check


def test_onix_with_full_metadata():
    from pipeline.book import Book
    from pipeline.onix import build_onix
    book = Book(title="T", subtitle="S", authors=["A. Author"], language="cs", isbn="978-80-000-0000-1",
                isbn_epub="9788000000002", publisher="P", date="2026-03-01")
    root = etree.fromstring(build_onix(book, 100, 0))
    assert root.findtext(f".//{ONIX}SenderName") == "P"
    assert [i.findtext(f"{ONIX}IDValue") for i in root.iter(f"{ONIX}ProductIdentifier")
            if i.findtext(f"{ONIX}ProductIDType") == "15"] == ["9788000000002", "9788000000001"]
    assert root.findtext(f".//{ONIX}PersonName") == "A. Author"
    assert root.findtext(f".//{ONIX}LanguageCode") == "cze"
    assert root.findtext(f".//{ONIX}PublishingDate/{ONIX}Date") == "20260301"
    from pipeline.onix import check_onix
    assert check_onix(build_onix(book, 100, 0)) == []         # schema-valid with full metadata


def test_second_bundle_is_identical(bundle, tmp_path):
    again = next(build("bundle", tmp_path).glob("*-handoff.zip"))
    assert again.read_bytes() == bundle.read_bytes()


def test_gate_unresolved_note(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text("## 1. One\n\nText.<sup>1</sup> More.<sup>2</sup>\n\n---\n\n1 Note.\n")
    (tmp_path / "book.yaml").write_text(seed_book_yaml(title="Gate"))
    r = run("bundle", "--seeds", seeds, "--book", tmp_path / "book.yaml", "--build", tmp_path / "b",
            "--dist", tmp_path / "d", check=False)
    assert r.returncode == 2
    assert "bundle not written" in r.stderr and "marker 2 has no note" in r.stderr and "01.txt:3" in r.stderr
    assert not list((tmp_path / "d").glob("*-handoff.zip"))


def test_a_proof_bundle_says_so_and_the_run_ends_with_a_summary(tmp_path):
    """With unresolved notes allowed: the file name and the README say it is a proof; the refusal
    without it names the remedy; the run closes with where the files are and what is left to do."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text("## 1. One\n\nText.<sup>1</sup> More.<sup>2</sup>\n\n---\n\n1 Note.\n")
    (tmp_path / "book.yaml").write_text(seed_book_yaml(title="Gate"))
    args = ("--seeds", seeds, "--book", tmp_path / "book.yaml", "--build", tmp_path / "b", "--dist", tmp_path / "d")
    refused = run("bundle", *args, check=False)
    last = refused.stderr.splitlines()[-2:]
    assert refused.returncode == 2 and last[0] == (
        "error: bundle not written: 1 problem(s) in the text below; fix them in the seeds (or make a proof "
        "bundle: --allow-unresolved, or allow_unresolved: true in book.yaml)")
    assert last[1].startswith("error: ") and last[1].endswith("seeds/01.txt:3: marker-without-note: marker 2 has no note")
    proof = run("bundle", *args, "--allow-unresolved")
    (zipped,) = (tmp_path / "d").glob("*.zip")
    assert zipped.name == "gate-proof-handoff.zip"
    readme = zipfile.ZipFile(zipped).read("README.txt").decode()
    assert readme.startswith("PROOF — NOT FOR RELEASE. 1 note reference(s) or note(s) could not be linked")
    lines = proof.stderr.splitlines()
    assert sum(ln.endswith("seeds/01.txt:3: marker-without-note: marker 2 has no note (allowed: a proof bundle)")
               for ln in lines) == 1
    assert not any("/stage/" in line for line in lines)                 # where files end up, not staging
    done = lines.index(f"done: {tmp_path / 'd' / 'gate.epub'}, {tmp_path / 'd' / 'gate.pdf'}, {zipped}")
    assert lines[done + 1] == (f"  for the printer (PDF/X-4): {tmp_path / 'd' / 'gate-interior.pdf'}, "
                               f"{tmp_path / 'd' / 'gate-cover.pdf'}")
    assert f"warning: {tmp_path / 'book.yaml'}: add publisher to book.yaml (ONIX: " in proof.stderr


def test_gate_epubcheck_error(tmp_path, monkeypatch):
    from pipeline import bundle as mod
    from pipeline.build import Project
    from pipeline.errors import PipelineError
    monkeypatch.setattr(mod, "run_epubcheck", lambda path, cache=None: (
        [{"id": "RSC-005", "level": "ERROR", "location": "x.xhtml:1:1", "message": "broken"}], "ERROR"))
    # the EPUB is validated first: a refused bundle does not wait for the book's typesetting
    monkeypatch.setattr("pipeline.pdf.build_pdf", lambda *a, **k: pytest.fail("PDF typeset before EPUBCheck"))
    project = Project.from_args(ROOT, None, None, tmp_path / "build", tmp_path / "dist")
    with pytest.raises(PipelineError, match="EPUBCheck reports 1 error"):
        mod.build_bundle(project, log=lambda m: None)
    assert not list((tmp_path / "dist").glob("*-handoff.zip"))


def test_review_page_opens_in_headless_chromium(unpacked, tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "Debian package chromium is needed (make installs it)"
    page = (unpacked / "reports/normalisation.html").as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    assert "Ambiguous decisions to confirm (1)" in dom
    assert dom.index("Ambiguous decisions") < dom.index("Repairs made")
    assert "paragraph-join" in dom and "grain abroad" in dom
    shot = tmp_path / "review.png"
    subprocess.run([chromium, *flags, "--window-size=1200,1400", f"--screenshot={shot}", page],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000


def test_the_printers_files_are_pdfx_with_the_spine_the_pages_need(unpacked):
    """Interior and cover as PDF/X-4: output intent, version, trim and bleed boxes, fonts embedded,
    no annotations; the cover's spine is the page count times white paper's 0.002252 in."""
    import json

    from pipeline.printer import check_pdfx
    slug = "the-stalins-second-revolution"
    interior = check_pdfx((unpacked / "printer" / f"{slug}-interior.pdf").read_bytes())
    cover = check_pdfx((unpacked / "printer" / f"{slug}-cover.pdf").read_bytes())
    pages = json.loads((unpacked / "reports/pdf-checks.json").read_text())["pages"]
    for checks in (interior, cover):
        assert checks["pdfx_version"] == "PDF/X-4" and checks["output_intent"] and checks["boxes"]
        assert checks["fonts_embedded"] and checks["annotations"] == 0 and checks["trapped"] == "/False"
        assert checks["pdf_version"] == "1.6"
    assert interior["pages"] == pages and interior["trim_in"] == [0.0, 0.0, 6.0, 9.0]
    spine = round(pages * 0.002252, 4)
    assert cover["media_in"] == [0.0, 0.0, round(2 * 6 + spine + 2 * 0.125, 4), 9.25]
    assert cover["trim_in"] == [0.125, 0.125, round(6 + spine + 6 + 0.125, 4), 9.125]
    assert json.loads((unpacked / "reports/printer-checks.json").read_text())["spine_in"] == spine


def test_spine_width_and_text_follow_the_paper_and_the_pages():
    from pipeline.book import Book
    from pipeline.cover import SPINE_TEXT_MIN, spine_width, wrap_of
    assert spine_width(400, "white") == pytest.approx(0.9008) and spine_width(400, "cream") == pytest.approx(1.0)
    assert spine_width(100, "0.003in") == pytest.approx(0.3)
    assert wrap_of(Book(title="T", bleed="0.25in"), 200).bleed == 0.25
    assert wrap_of(Book(title="T"), 200).bleed == 0.125          # a cover always bleeds
    assert spine_width(110, "white") < SPINE_TEXT_MIN < spine_width(112, "white")
