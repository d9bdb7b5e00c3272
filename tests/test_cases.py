"""Data-driven normaliser cases: one small file per behaviour in ``tests/cases/normalise/``.

Each file holds a description (lines starting with ``%``), then sections opened by ``=== raw``,
``=== markdown`` (the exact clean Markdown expected) and optionally ``=== report`` (``severity:kind ×N``:
exactly N such entries in the report, one kind a line; ``!severity:kind`` for one that must not be) and
``=== corrections`` (an editor's ``corrections.yaml`` the normaliser reads).
"""

from collections import Counter
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
    corrections = None
    if "corrections" in case:
        from pipeline.corrections.config import load_corrections
        (tmp_path / "corrections.yaml").write_text(case["corrections"], encoding="utf-8")
        corrections = load_corrections(tmp_path / "corrections.yaml")
    result = normalise(paths, corrections=corrections)
    assert result.markdown() == case["markdown"]
    # ``severity:kind ×N``: exactly N such entries; ``!severity:kind``: none
    kinds = Counter(f"{e.severity}:{e.kind}" for e in result.report.entries)
    for want in case.get("report", "").split("\n"):
        want = want.strip()
        if want.startswith("!"):
            assert kinds[want[1:]] == 0, want
        elif want:
            kind, _, count = want.partition(" ×")
            assert kinds[kind] == int(count), (want, kinds[kind])


TEXTS = [line for line in (Path(__file__).parent / "cases" / "markdown-text.txt").read_text(encoding="utf-8").split("\n")
         if line and not line.startswith("%")]


def _read_back(markdown: str):
    from pipeline.pandoc import read_json
    return read_json(markdown)["blocks"]


def _plain(inlines) -> str:
    from structure import _inline
    out: list[str] = []
    _inline(inlines, out, [])
    return "".join(out)


@pytest.mark.parametrize("text", TEXTS)
def test_writer_text_reads_back_as_written(text):
    """Pandoc reads the written paragraph, heading and note back as exactly the text written: every
    block-start construct pandoc knows (lists, rules, quotes, fences, tables, definitions, title blocks)
    and inline syntax (links, spans, math, code, citations, super/subscripts) stays text."""
    from pipeline.model import Chapter, Heading, Marker, Note, Paragraph, marker_token
    note = Note("1", text, "t.txt", 1, referenced=True)
    from pipeline.model import PAGE_BREAK
    ch = Chapter("t.txt", [Heading(2, text, "t.txt", 1), Paragraph(text + " " + marker_token(0), "t.txt", 2),
                           Paragraph(text + PAGE_BREAK, "t.txt", 3)],
                 [note], [Marker("1", "sup", "t.txt", 2, 1, note, "1", 0)])
    from pipeline.markdown import chapter_markdown
    import re
    blocks = _read_back(chapter_markdown(ch))
    # As read back: white space collapsed, _emphasis_ shown as *emphasis*.
    text = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"*\1*", re.sub(r"\s+", " ", text))
    assert [b["t"] for b in blocks] == ["Header", "Para", "Para"], chapter_markdown(ch)
    assert _plain(blocks[0]["c"][2]).strip() == text.strip()
    assert _plain(blocks[2]["c"]) == text
    para = blocks[1]["c"]
    assert para[-1]["t"] == "Note" and _plain(para[:-1]) == text + " "
    note_blocks = para[-1]["c"]
    assert len(note_blocks) == 1 and note_blocks[0]["t"] == "Para" and _plain(note_blocks[0]["c"]) == text
