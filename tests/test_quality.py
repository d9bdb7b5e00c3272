"""What a retailer's and a printer's quality desk check: accessibility (Ace by DAISY), loud unresolved
notes, note file sizes."""

import re
import zipfile

import pytest

from conftest import PEPYS
from helpers import PEPYS_BOOK, build, run, seed_book_yaml

from pipeline.accessibility import check_epub


@pytest.fixture(scope="module")
def seed_epub(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seed")
    return next(build("epub", tmp, None, seed_book_yaml(first_page=1)).glob("*.epub"))


@pytest.fixture(scope="module")
def pepys_epub(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pepys")
    return next(build("epub", tmp, PEPYS, PEPYS_BOOK).glob("*.epub"))


@pytest.mark.parametrize("book", ["seed_epub", "pepys_epub"])
def test_ace_finds_no_critical_serious_or_moderate_violation(book, request):
    result = check_epub(request.getfixturevalue(book))
    assert result.counts["critical"] == result.counts["serious"] == result.counts["moderate"] == 0, \
        result.violations[:5]


def test_note_links_follow_the_reading_theme(seed_epub):
    css = zipfile.ZipFile(seed_epub).read("EPUB/css/book.css").decode()
    assert "color-scheme: light dark" in css
    rule = re.search(r"a\.noteref \{[^}]*\}", css).group(0)
    assert "color: inherit" in rule and "text-decoration: underline" in rule


def test_every_notes_file_is_under_250_kb(pepys_epub):
    z = zipfile.ZipFile(pepys_epub)
    notes = [i for i in z.infolist() if re.match(r"EPUB/notes(-\d+)?\.xhtml$", i.filename)]
    assert len(notes) > 1 and all(i.file_size < 250_000 for i in notes)
    nav = z.read("EPUB/nav.xhtml").decode()
    assert all(f'href="{i.filename.removeprefix("EPUB/")}"' in nav for i in notes)


def test_unresolved_markers_stop_a_build_and_are_listed_with_their_lines(tmp_path):
    (tmp_path / "book.yaml").write_text('title: "Pepys"\nlanguage: en-GB\n', encoding="utf-8")
    r = run("epub", "--seeds", PEPYS, "--book", tmp_path / "book.yaml", "--build", tmp_path / "b",
            "--dist", tmp_path / "d", check=False)
    assert r.returncode == 1
    listed = re.findall(r"error: \S+/(\d\d)\.txt:(\d+): marker-without-note: marker (\d+) has no note", r.stderr)
    assert len(listed) == 21 and ("01", "5", "54") in listed
    assert not list((tmp_path / "d").glob("*.epub"))
    # ... and make proofs when asked: the missing note shows as [54?]
    r = run("epub", "--seeds", PEPYS, "--book", tmp_path / "book.yaml", "--build", tmp_path / "b",
            "--dist", tmp_path / "d", "--allow-unresolved")
    ch1 = zipfile.ZipFile(next((tmp_path / "d").glob("*.epub"))).read("EPUB/ch01.xhtml").decode()
    assert '<sup class="unresolved" title="note 54 is missing">[54?]</sup>' in ch1
