import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_507538d25292fa2c.txt"
DEV = SHARED / "corpus" / "dev"
PEPYS = SHARED / "corpus" / "pepys-1660-1661"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def seed_result():
    from helpers import normalised
    return normalised([SEED], "seed")
DEV_LAYOUTS = SHARED / "corpus" / "dev-layouts"
