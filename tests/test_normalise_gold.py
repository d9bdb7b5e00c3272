"""The dev corpus: normalised output equals the gold Markdown in parsed structure."""

import pytest

from conftest import DEV, PEPYS
from structure import parse

from pipeline.normalise import normalise


@pytest.mark.parametrize("name", ["pepys-01", "pepys-02"])
def test_dev_chapter_matches_gold(name):
    result = normalise([DEV / f"{name}.raw.txt"])
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
    result = normalise([DEV / "pepys-01.raw.txt"])
    errors = [(e.kind, e.line) for e in result.report.errors]
    assert errors == [("marker-without-note", 5)]


def test_whole_pepys_book_normalises_without_loss():
    files = sorted(PEPYS.glob("*.txt"))
    assert len(files) == 24
    result = normalise(files)
    stats = result.report.stats
    assert stats["notes"] == 1211
    assert stats["headings"] == 24
    assert stats["words_lost"] == 0 and stats["words_added"] == 0
    # The source has numbering gaps (markers whose note the edition never printed): all reported.
    assert {e.kind for e in result.report.errors} == {"marker-without-note"}
