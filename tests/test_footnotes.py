"""Notes at the page foot (``notes: footnotes``): every note starts on its reference's page, a long
one goes on at the foot of the next page, no page holds notes alone, and the print reads back
through ``extract`` (pipeline/pdf/footnotes.py carries the WeasyPrint patch that does it). The
prints are set in Charis SIL (styles/print.css; installed by make)."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import DEV
from helpers import built, extracted, footnote_placement, normalised, note_only_pages, seed_book_yaml
from structure import compare, parse

PEPYS_DEV = 'title: "Pepys"\nlanguage: en-GB\nnotes: footnotes\nallow_unresolved: true\n'


def _dev_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in (1, 2):
        (seeds / f"0{n}-pepys.txt").write_text((DEV / f"pepys-0{n}.raw.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    return seeds


@pytest.fixture(scope="module")
def seed_print():
    return next(built("pdf", "seed-footnotes", None, seed_book_yaml(notes="footnotes")).glob("*.pdf"))


@pytest.fixture(scope="module")
def pepys_print(tmp_path_factory):
    return next(built("pdf", "pepys-dev-footnotes", _dev_seeds(tmp_path_factory.mktemp("pepys")), PEPYS_DEV)
                .glob("*.pdf"))


def test_every_seed_note_starts_on_its_reference_page(seed_print):
    """Before: 29 of 54, some five pages late, and pages of notes alone after the text."""
    placed = footnote_placement(seed_print, "seed-footnotes")
    assert len(placed) == 54
    assert [p for p in placed if p[1] != p[2]] == []
    assert note_only_pages(seed_print, "seed-footnotes") == []


def test_every_dev_pepys_note_starts_on_its_reference_page(pepys_print):
    """Dense, long notes: before, 0 of 225 on their reference's page (up to 41 pages away), 98 pages."""
    placed = footnote_placement(pepys_print, "pepys-dev-footnotes")
    assert len(placed) == 225
    assert [p for p in placed if p[1] != p[2]] == []
    assert note_only_pages(pepys_print, "pepys-dev-footnotes") == []


def test_justified_body_lines_of_the_footnote_print_are_not_loose(pepys_print):
    """Spaces may shrink as well as stretch (pipeline/pdf/linefit.py): the body's justified lines,
    Charis SIL 10.5 pt (styles/print.css), at most 5 % over 0.5 em a space and none over 0.75 em."""
    from pipeline.pdf.check import measure_pdf
    spacing = measure_pdf(pepys_print)["body"]        # the pages after the contents
    assert spacing["lines"] > 1500 and spacing["over_0.5em"] <= 0.05 and spacing["over_0.75em"] == 0, spacing


def test_every_page_of_the_footnote_print_ends_on_the_text_blocks_last_line(pepys_print):
    """Facing pages of equal depth with notes at the foot: the notes end on the text block's last line
    (a note broken over a page left its area short by a line, 40 pages of the Pepys book 0.6-18 pt
    short), and a page of text alone is spaced out to it (4 pt short before). Depth: the bottom of the
    lowest line of text or notes (Charis SIL 10.5 and 8.5 pt)."""
    import pdfplumber
    with pdfplumber.open(pepys_print) as pdf:
        depths = []
        for page in pdf.pages[6:]:
            text = [c for c in page.chars if page.height * 0.075 < c["top"] < page.height * 0.925 and 8 < c["size"] < 11]
            if text:
                depths.append(round(max(c["bottom"] for c in text), 1))
    assert len(depths) == 65 and len(set(depths)) == 1, Counter(depths)


def test_the_footnote_print_comes_back_through_extract(pepys_print, tmp_path):
    """Notes continued at the next page's foot (no label, under a rule across the measure) are read
    back as the continuation of the note before."""
    report = extracted(pepys_print, tmp_path / "out", "pepys-dev-footnotes")
    assert report["notes"] == 225
    files = sorted((tmp_path / "out").glob("*.txt"))
    result = normalised(files, "extract-pepys-dev-footnotes", typography="smart", check=False)
    gold = "\n\n".join((DEV / f"pepys-0{n}.gold.md").read_text(encoding="utf-8") for n in (1, 2))
    counts = compare(parse(result.markdown()), parse(gold))
    assert counts["notes"] == (225, 225) and counts["paragraphs"] == (62, 62), counts
    assert counts["markers"][0] >= 225 and counts["words"][0] <= 10, counts


# A page of 300 x 400 px whose text calls a note far longer than the room under its line.
PAGE = """<style>@page {{ size: 300px 400px; margin: 30px;
  @footnote {{ border-top: 1px solid; max-height: 60%; box-decoration-break: clone }} }}
html {{ font-family: "Charis SIL"; font-size: 10px }} p {{ margin: 0 }}
.fn {{ float: footnote; footnote-policy: line; font-size: 8px }}</style>
<p>{body}<span class="fn">{long}</span> {body}<span class="fn">Short note two.</span> {body}</p>"""
BODY = " ".join(["Body text runs on, line after line, to fill the page."] * 12)
LONG = " ".join(f"Sentence {n} of a long note that runs on for many lines." for n in range(1, 41))


def _feet(document) -> list[str]:
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    def text(box) -> str:       # (a line's text boxes and the lines apart: words never run together)
        own = getattr(box, "text", "") or ""
        return " ".join([own] + [text(c) for c in getattr(box, "children", None) or ()])

    feet = []
    for page in document.pages:
        areas = [b for b in page._page_box.children if isinstance(b, FootnoteAreaBox)]
        feet.append(" ".join(" ".join(text(a) for a in areas).split()))
    return feet


def test_a_long_note_starts_under_its_call_and_goes_on_at_the_next_foot():
    from weasyprint import HTML

    from pipeline.pdf.footnotes import split_footnotes
    with split_footnotes():
        feet = _feet(HTML(string=PAGE.format(body=BODY, long=LONG)).render())
    first = next(i for i, f in enumerate(feet) if "Sentence 1 " in f)
    assert first == 0 and feet[0].startswith("1. Sentence 1 ") and "Sentence 40" not in feet[0]
    # the rest at the next pages' feet, first and without a label; then note 2 (called on page 2)
    assert [f.split()[0] for f in feet[1:3]] == ["many", "many"]
    assert feet[2].endswith("runs on for many lines. 2. Short note two.")
    joined = " ".join(feet)
    assert [joined.count(f"Sentence {n} of") for n in range(1, 41)] == [1] * 40
    assert joined.count("1. ") == 1 and joined.count("2. ") == 1


def test_without_the_patch_weasyprint_defers_the_whole_note():
    """The same page through WeasyPrint as released: the note leaves its call's page (what the patch
    is for; if this fails, WeasyPrint may have learnt to split notes: see pipeline/pdf/footnotes.py)."""
    from weasyprint import HTML
    document = HTML(string=PAGE.format(body=BODY, long=LONG)).render()
    feet = _feet(document)
    first = next(i for i, f in enumerate(feet) if "Sentence 1 " in f)
    assert "Sentence 40 of" in feet[first]                       # whole, wherever it is set
