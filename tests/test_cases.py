"""Data-driven normaliser cases: one small file per behaviour in ``tests/cases/normalise/``.

Each file holds a description (lines starting with ``%``), then sections opened by ``=== raw``,
``=== markdown`` (the exact clean Markdown expected) and optionally ``=== report`` (``severity:kind``
entries that must be in the report, one per line; ``!severity:kind`` for one that must not be).
"""

from pathlib import Path

import pytest

from pipeline.normalise import normalise

CASES = sorted((Path(__file__).parent / "cases" / "normalise").glob("*.txt"))


def load(path: Path) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("=== "):
            current = line[4:].strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
        elif line and not line.startswith("%"):
            raise ValueError(f"{path}: text before the first section")
    return {k: "\n".join(v).strip("\n") + "\n" for k, v in sections.items()}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path, tmp_path):
    case = load(path)
    files = sorted(k for k in case if k.startswith("raw"))
    paths = []
    for k in files:
        p = tmp_path / (k.replace(" ", "-") + ".txt")
        p.write_text(case[k], encoding="utf-8")
        paths.append(p)
    result = normalise(paths)
    assert result.markdown() == case["markdown"]
    kinds = {f"{e.severity}:{e.kind}" for e in result.report.entries}
    for want in case.get("report", "").split("\n"):
        want = want.strip()
        if want.startswith("!"):
            assert want[1:] not in kinds, want
        elif want:
            assert want in kinds, want
