"""What a retailer's and a printer's quality desk check: accessibility (Ace by DAISY), loud unresolved
notes, note file sizes."""

import re
import zipfile
from pathlib import Path

import pytest

import store
from conftest import PEPYS, ROOT
from helpers import PEPYS_BOOK, built, built_book, in_margin, run, seed_book_yaml

from pipeline.accessibility import check_epub


@pytest.fixture(scope="module")
def seed_epub():
    return next(built("epub", "seed-page-list", None, seed_book_yaml(first_page=1)).glob("*.epub"))


@pytest.fixture(scope="module")
def pepys_epub():
    return next(built("epub", "pepys", PEPYS, PEPYS_BOOK).glob("*.epub"))


@pytest.mark.parametrize("book", ["seed_epub", "pepys_epub"])
def test_ace_finds_no_critical_serious_or_moderate_violation(book, request):
    epub = request.getfixturevalue(book)
    # Ace's verdict depends on the EPUB's bytes and Ace (in the store's environment key) only
    result = store.value(f"ace-{book}", store.key(epub), lambda: vars(check_epub(epub)))
    assert result["counts"]["critical"] == result["counts"]["serious"] == result["counts"]["moderate"] == 0, \
        result["violations"][:5]


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


@pytest.fixture(scope="module")
def pepys_pdf():
    return next(built("pdf", "pepys", PEPYS, PEPYS_BOOK).glob("*.pdf"))


def test_pepys_notes_pages_have_no_loose_lines_stranded_words_or_crowded_labels(pepys_pdf):
    from pipeline.pdf.check import measure_pdf
    # the measure depends on the PDF's bytes, the quality desk's module and the page reader it imports
    m = store.value("measure-pepys", store.key(pepys_pdf, ROOT / "pipeline/pdf/check.py",
                                               ROOT / "pipeline/extract/content.py"),
                    lambda: measure_pdf(pepys_pdf))
    assert m["notes_pages"] > 80 and m["notes"]["justified"] > 2500      # it measured the notes
    assert m["notes"]["loose"] == 0, m["examples"]              # no justified line over 0.75 em per space
    assert m["notes"]["stranded"] == 0, m["examples"]           # no line of one or two words mid-note
    assert m["notes"]["crowded_labels"] == 0, m["examples"]     # 1266. clear of its text
    # the body's justified lines (spaces shrink as well as stretch: pipeline/pdf/linefit.py): at most
    # 5 % over 0.5 em a space, 0.1 % over 0.75 em (12.7 % and 0.34 % when they only stretched)
    assert m["body"]["lines"] > 10_000 and m["body"]["over_0.5em"] <= 0.05, m["body"]
    assert m["body"]["over_0.75em"] <= 0.001, m["body"]
    assert m["body"]["lines"] > 10_000 and m["body"]["over_0.75em"] < 0.01


def test_pepys_pdf_tags_notes_heads_and_page_labels(pepys_pdf):
    def read() -> dict:
        """The PDF/UA checks' verdict and what the test reads of the tags, page labels and margins: kept
        in the test store by the PDF's bytes, this file and the modules of the checks (like the measure)."""
        import pdfplumber
        import pikepdf

        from pipeline.pdf.tags import _walk, verify
        with pikepdf.open(pepys_pdf) as pdf:
            labels = pikepdf.Array(pdf.Root.PageLabels.Nums)
            found = {"problems": verify(pdf), "claim": pdf.open_metadata().get("pdfuaid:part"),
                     "notes": [str(e.ID) for e in _walk(pdf.Root.StructTreeRoot) if str(e.S) == "/Note"],
                     "labels": [int(labels[0]), str(labels[1].S), int(labels[2]), str(labels[3].S)]}
        with pdfplumber.open(pepys_pdf) as pdf:      # running heads and folios, on a spread in each part
            found["margins"] = []
            for index in (6, 7, 200, 201, 480, 481):
                page = pdf.pages[index]
                found["margins"].append(sorted({str(c.get("tag")) for c in page.chars if in_margin(c, page.height)}))
        return found

    tags = store.value("tags-pepys", store.key(pepys_pdf, Path(__file__), *store.code_of("pipeline.pdf.tags")), read)
    assert tags["problems"] == [] and tags["claim"] == "1"
    assert tags["labels"] == [0, "/r", 6, "/D"]
    assert len(tags["notes"]) == len(set(tags["notes"])) == 1211
    assert tags["margins"] == [["Artifact"]] * 6        # characters in each margin, every one an artifact


def _paragraphs_with_notes(first: int, count: int) -> str:
    """A chapter whose notes are numbered from ``first``, at the foot of its one printed page."""
    words = ("the king went by water to whitehall where he met my lord sandwich and talked long of the "
             "fleet and of the money owed to the seamen").split()
    body, notes = ["# Chapter One", ""], []
    for i in range(count):
        n = first + i
        text = " ".join(words[(i * 7 + j) % len(words)] for j in range(40 + 9 * i))
        body += [text.capitalize() + f".<sup>{n}</sup>", ""]
        notes.append(f"{n} " + " ".join(words[(i * 5 + j) % len(words)] for j in range(8 + 11 * i)).capitalize()
                     + ".")
    return "\n".join(body) + "\n---\n" + "\n".join(notes) + "\n"


@pytest.mark.parametrize("first", [7, 998, 99_990])
def test_labels_of_any_width_hang_in_one_column(first, tmp_path):
    """Labels from one to five digits: right-aligned in a column as wide as the widest, the text of
    every line of a note starting at one edge, at least a quarter em after the label."""
    import pdfplumber
    from pipeline.pdf.check import LABEL_GAP_EM, NOTE_SIZE, page_lines
    from pypdf import PdfReader
    dist = built_book("pdf", f"labels-{first}", tmp_path, {"01.txt": _paragraphs_with_notes(first, 6)}, "Labels")
    pdf_path = next(dist.glob("*.pdf"))
    reader = PdfReader(pdf_path)
    notes_page = next(reader.get_destination_page_number(o) for o in reader.outline
                      if not isinstance(o, list) and o.title == "Notes")
    with pdfplumber.open(pdf_path) as pdf:
        lines = [line for i in range(notes_page, len(reader.pages)) for line in page_lines(pdf, i, *NOTE_SIZE)]
    labelled = [line for line in lines if line.labelled]
    assert [line.words[0] for line in labelled] == [f"{first + i}." for i in range(6)]
    rights = {round(line.edges[0][1], 1) for line in labelled}
    assert max(rights) - min(rights) < 0.6                                   # one right edge
    text_edge = {round(line.edges[1][0]) for line in labelled}               # where each note's text starts
    assert len(text_edge) == 1
    assert {round(line.x0) for line in lines if not line.labelled} == text_edge   # the hanging indent
    assert all(line.gaps[0] >= LABEL_GAP_EM for line in labelled)
    # the EPUB's notes list gets the same column, by the number of characters of its widest label
    epub = next(built_book("epub", f"labels-{first}", tmp_path, {"01.txt": _paragraphs_with_notes(first, 6)},
                           "Labels").glob("*.epub"))
    notes = "".join(zipfile.ZipFile(epub).read(n).decode() for n in zipfile.ZipFile(epub).namelist()
                    if re.match(r"EPUB/notes(-\d+)?\.xhtml$", n))
    assert f'class="notes labels-{max(len(str(first + 5)) + 1, 3)}"' in notes
