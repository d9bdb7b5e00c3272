"""The dev corpora: normalised output equals the gold Markdown in parsed structure."""

import pytest

from conftest import DEV, DEV_LAYOUTS, PEPYS
from helpers import normalised
from structure import compare, parse, unlabelled


@pytest.mark.parametrize("name", ["pepys-01", "pepys-02"])
def test_dev_chapter_matches_gold(name):
    result = normalised([DEV / f"{name}.raw.txt"], f"dev-{name}")
    mine = parse(result.markdown())
    gold = parse((DEV / f"{name}.gold.md").read_text(encoding="utf-8"))
    assert [b for b in mine.blocks if b[0] == "h"] == [b for b in gold.blocks if b[0] == "h"]
    assert len(mine.blocks) == len(gold.blocks)
    for got, want in zip(mine.blocks, gold.blocks):
        assert got == want          # every paragraph with every marker in place
    assert list(mine.notes) == list(gold.notes)
    for label, text in gold.notes.items():
        assert mine.notes[label] == text, label


def test_dev_gap_in_numbering_is_reported_with_location():
    result = normalised([DEV / "pepys-01.raw.txt"], "dev-pepys-01")
    errors = [(e.kind, e.line) for e in result.report.errors]
    assert errors == [("marker-without-note", 5)]


def test_whole_pepys_book_normalises_without_loss():
    files = sorted(PEPYS.glob("*.txt"))
    assert len(files) == 24
    result = normalised(files, "pepys")
    stats = result.report.stats
    assert stats["notes"] == 1211
    assert stats["headings"] == 24
    assert stats["words_lost"] == 0 and stats["words_added"] == 0
    # The source has numbering gaps (markers whose note the edition never printed): all reported.
    assert {e.kind for e in result.report.errors} == {"marker-without-note"}


LAYOUTS = sorted(DEV_LAYOUTS.glob("*.raw.txt"))
EXPECTED_LAYOUT = {
    # file: (placement, numbering, furniture lines, wrapped)
    "pepys-01-symbols": ("foot", "symbols", 0, False),
    "pepys-02-all": ("top", "page", 25, True),
    "pepys-02-chapter-notes": ("none", "chapter", 0, True),
    "seed-pdftotext": ("foot", "page", 25, True),
    "seed-top-bracket": ("top", "continuous", 0, False),
}


def test_every_dev_layout_is_covered():
    assert len(LAYOUTS) == 5 and {p.name.removesuffix(".raw.txt") for p in LAYOUTS} == set(EXPECTED_LAYOUT)


@pytest.mark.parametrize("raw", LAYOUTS, ids=[p.name.removesuffix(".raw.txt") for p in LAYOUTS])
def test_dev_layout_matches_gold_with_labels_ignored(raw):
    """Every heading, paragraph and note text equal; each marker at its place, pointing to the note with
    the same text (the gold keeps the original book's labels; ours may be renumbered)."""
    result = normalised([raw], f"dev-layouts-{raw.name}")
    mine = parse(result.markdown())
    gold = parse(raw.with_name(raw.name.replace(".raw.txt", ".gold.md")).read_text(encoding="utf-8"))
    mine_blocks, mine_notes = unlabelled(mine)
    gold_blocks, gold_notes = unlabelled(gold)
    assert len(mine_blocks) == len(gold_blocks)
    for got, want in zip(mine_blocks, gold_blocks):
        assert got == want
    assert mine_notes == gold_notes
    counts = compare(mine, gold)
    assert all(a == b for key, (a, b) in counts.items() if key != "words"), counts
    assert counts["words"][0] == 0
    assert result.report.stats["words_lost"] == 0 and result.report.stats["words_added"] == 0


@pytest.mark.parametrize("raw", LAYOUTS, ids=[p.name.removesuffix(".raw.txt") for p in LAYOUTS])
def test_dev_layout_is_detected_and_reported(raw):
    result = normalised([raw], f"dev-layouts-{raw.name}")
    lay = result.report.layouts[0]
    placement, numbering, furniture, wrapped = EXPECTED_LAYOUT[raw.name.removesuffix(".raw.txt")]
    assert (lay["placement"], lay["numbering"], lay["furniture"], lay["wrapped"]) == \
        (placement, numbering, furniture, wrapped)
    assert lay["notes_section"] == (raw.name.startswith("pepys-02-chapter") or False)
    assert [e.evidence for e in result.report.entries if e.kind == "layout"] == [lay["summary"]]
