import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_507538d25292fa2c.txt"
DEV = SHARED / "corpus" / "dev"
PEPYS = SHARED / "corpus" / "pepys-1660-1661"
DEV_LAYOUTS = SHARED / "corpus" / "dev-layouts"
DEV_TOOLS = SHARED / "corpus" / "dev-tools"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def seed_result():
    from helpers import normalised
    return normalised([SEED], "seed")


def pytest_sessionstart(session):
    """A process that runs tests (a pytest-xdist worker, or pytest without workers) starts its server of
    pipeline commands (tests/forked.py) at once; the controller of the workers runs none."""
    if hasattr(session.config, "workerinput") or not session.config.getoption("numprocesses", None):
        import forked
        forked.warm()
