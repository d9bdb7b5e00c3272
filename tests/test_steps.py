"""The named recovery steps (pipeline.recover: segment, notes, markers, paragraphs, chapters, labels,
checks) by behaviour, one data file a step (tests/steps/<step>.yaml, as pandoc's test/command/):
each case gives a small raw text (one chapter file, or several as ``files``) and what that step
made of it, observed as the step hands it on (``Recoverer.observe``) in a short, exact form:

- segment: each printed page: its body blocks' first words, its note drafts (``label: text``; ``+``
  continues the note before);
- notes: the notes after continuations are joined (``label: text``);
- markers: each marker found, in reading order: ``printed -> note`` (``?`` without its note);
- paragraphs: the paragraphs' text, markers as ``[^label]``, page ends as ``|``;
- chapters: each chapter: its title, paragraphs, notes;
- labels: each chapter's note labels as written;
- checks: the checks' report, ``kind: count``.

The whole-file cases (tests/cases/) and the corpora test the same steps inside whole books.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from pipeline import normalise as normalise_module
from pipeline.model import MARKER_TOKEN, PAGE_BREAK, Heading, Paragraph, marker_index
from pipeline.recover import Recoverer

STEPS = Path(__file__).with_name("steps")
ORDER = ["segment", "notes", "markers", "paragraphs", "chapters", "labels", "checks"]


def _words(text: str, n: int = 4) -> str:
    return " ".join(text.replace(PAGE_BREAK, " ").split()[:n])


def _segment(pages) -> list:
    return [{"body": [_words(" ".join(b.lines)) for b in p.body],
             "notes": [f"{d.label or '+'}: {_words(d.text)}" for d in p.notes]}
            for p in pages if p.has_content]


def _notes(by_page) -> list:
    return [f"{n.label}: {' '.join(n.text.split())}" for page in sorted(by_page) for n in by_page[page]]


def _markers(markers) -> list:
    return [f"{m.printed} -> {m.note.label if m.note else '?'}" for m in markers]


def _text(text: str, markers) -> str:
    labels = {m.index: m.label or (m.note.label if m.note else m.printed) for m in markers}
    text = MARKER_TOKEN.sub(lambda t: f"[^{labels.get(marker_index(t.group(0)[1:-1]), '?')}]", text)
    return " ".join(text.replace(PAGE_BREAK, " | ").split())


def _paragraphs(result) -> list:
    items, markers = result
    return [("# " if isinstance(b, Heading) else "") + _text(b.text, markers) for b, _ in items]


def _chapters(chapters) -> list:
    return [{"title": _text(ch.title, ch.markers), "paragraphs": sum(isinstance(b, Paragraph) for b in ch.blocks),
             "notes": len(ch.notes)} for ch in chapters]


def _labels(chapters) -> list:
    return [[n.label for n in ch.notes] for ch in chapters]


def _checks(entries) -> dict:
    return dict(sorted(Counter(e.kind for e in entries).items()))


VIEWS = {"segment": _segment, "notes": _notes, "markers": _markers, "paragraphs": _paragraphs,
         "chapters": _chapters, "labels": _labels, "checks": _checks}


def observe(files: dict[str, str], tmp: Path, monkeypatch) -> dict:
    """Each step's result for the chapter files given (name -> text), in its view; a step that runs
    once per file keeps its first file's."""
    seen: dict = {}

    class Observed(Recoverer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, observe=lambda step, result: seen.setdefault(step, VIEWS[step](result)),
                             **kwargs)
    monkeypatch.setattr(normalise_module, "Recoverer", Observed)
    paths = []
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
        paths.append(tmp / name)
    normalise_module.normalise(paths, names=list(files))
    return seen


def _cases():
    for path in sorted(STEPS.glob("*.yaml")):
        for k, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield pytest.param(path.stem, case, id=f"{path.stem}[{k}] {case['what']}")


@pytest.mark.parametrize("step, case", list(_cases()))
def test_step(step, case, tmp_path, monkeypatch):
    files = case.get("files") or {"01.txt": case["raw"]}
    assert observe(files, tmp_path, monkeypatch)[step] == case[step]


def test_every_step_has_its_data_file():
    assert sorted(p.stem for p in STEPS.glob("*.yaml")) == sorted(ORDER)
