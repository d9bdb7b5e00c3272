import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_507538d25292fa2c.txt"
DEV = SHARED / "corpus" / "dev"
PEPYS = SHARED / "corpus" / "pepys-1660-1661"
DEV_LAYOUTS = SHARED / "corpus" / "dev-layouts"

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The test files that typeset, extract or check whole books, longest first (as a run from nothing
# times them): pytest-xdist hands out whole files in collection order (the Makefile turns its reordering
# by number of tests off), so these start first and no worker is left alone with one at the end.
LONGEST_FIRST = ("test_quality.py", "test_extract.py", "test_fresh_outputs.py", "test_epub.py",
                 "test_layouts_e2e.py", "test_pdf.py", "test_incremental.py", "test_bundle.py",
                 "test_review_app.py", "test_normalise_gold.py", "test_properties.py", "test_mutations.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))   # (stable: the rest as collected)


@pytest.fixture(scope="session")
def seed_result():
    from pipeline.normalise import normalise
    return normalise([SEED])
