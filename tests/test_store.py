"""The test store (tests/store.py): what the tests make and then only read is made again whenever
anything it is made from changed, and only then."""

import threading

import pytest

import store


@pytest.fixture
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STORE", tmp_path / "store")
    return tmp_path


def _maker(calls: list):
    def make(folder):
        calls.append(folder.name)
        (folder / "out.txt").write_text(f"made {len(calls)}", encoding="utf-8")
    return make


def test_a_thing_is_made_once_for_the_same_inputs_and_again_when_one_changes(tmp_store):
    source = tmp_store / "chapter.txt"
    source.write_text("one", encoding="utf-8")
    calls = []
    first = store.folder("book", store.key(source, "epub"), _maker(calls))
    assert store.folder("book", store.key(source, "epub"), _maker(calls)) == first and len(calls) == 1
    source.write_text("two", encoding="utf-8")                      # the content, not the name, is the key
    second = store.folder("book", store.key(source, "epub"), _maker(calls))
    assert second != first and len(calls) == 2 and (second / "out.txt").read_text() == "made 2"
    assert not first.exists()                                     # one version per name is kept
    assert store.key(source, "pdf") != store.key(source, "epub")  # and every other part counts


def test_the_environment_is_in_the_key(tmp_store, monkeypatch):
    source = tmp_store / "book.epub"
    source.write_bytes(b"PK")
    before = store.key(source)
    monkeypatch.setattr(store, "_environment", lambda: "another Ace, another Java")
    assert store.key(source) != before


def test_a_folder_counts_its_files_names_and_contents(tmp_store):
    seeds = tmp_store / "seeds"
    seeds.mkdir()
    (seeds / "01.txt").write_text("a", encoding="utf-8")
    before = store.key(seeds)
    (seeds / "01.txt").rename(seeds / "02.txt")
    renamed = store.key(seeds)
    (seeds / "03.txt").write_text("", encoding="utf-8")
    assert len({before, renamed, store.key(seeds)}) == 3


def test_a_name_another_begins_with_is_its_own(tmp_store):
    calls = []
    long = store.folder("epub-seed-page-list", store.key("a"), _maker(calls))
    store.folder("epub-seed", store.key("a"), _maker(calls))
    store.folder("epub-seed", store.key("b"), _maker(calls))
    assert long.exists() and len(calls) == 3


def test_a_failed_make_leaves_nothing_and_the_next_run_makes_it(tmp_store):
    def fail(folder):
        (folder / "half.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("typesetter crashed")

    with pytest.raises(RuntimeError):
        store.folder("book", store.key("a"), fail)
    assert [p.name for p in store.STORE.iterdir() if not p.name.endswith(".lock")] == []
    (store.STORE / f".book-{store.key('a')}.99999").mkdir()       # the work of a run that was killed
    calls = []
    made = store.folder("book", store.key("a"), _maker(calls))
    assert calls and sorted(p.name for p in store.STORE.iterdir() if not p.name.endswith(".lock")) == [made.name]


def test_workers_asking_at_once_make_it_once(tmp_store):
    calls, seen = [], []

    def slow(folder):
        calls.append(1)
        threading.Event().wait(0.2)
        (folder / "out.txt").write_text("x", encoding="utf-8")

    threads = [threading.Thread(target=lambda: seen.append(store.folder("book", store.key("a"), slow)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(set(seen)) == 1 and (seen[0] / "out.txt").exists()


def test_a_value_comes_back_as_computed(tmp_store):
    calls = []
    compute = lambda: calls.append(1) or {"counts": {"serious": 0}, "violations": []}   # noqa: E731
    assert store.value("ace", store.key("a"), compute) == {"counts": {"serious": 0}, "violations": []}
    assert store.value("ace", store.key("a"), compute) == {"counts": {"serious": 0}, "violations": []}
    assert calls == [1]


def test_a_book_is_made_again_when_a_module_its_build_imported_changed_and_only_then(tmp_store, monkeypatch):
    from helpers import imported_modules
    root = tmp_store / "repo"
    for name in ("pipeline/__init__.py", "pipeline/__main__.py", "pipeline/epub.py", "pipeline/layout/__init__.py",
                 "pipeline/review/app.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n", encoding="utf-8")
    monkeypatch.setattr(store, "ROOT", root)
    stderr = ("import time: self [us] | cumulative | imported package\n"
              "import time:       120 |        120 |   weasyprint.css\n"
              "import time:       300 |        900 | pipeline\n"
              "import time:        80 |         80 |     pipeline.layout\n"
              "import time:        95 |        400 |   pipeline.epub\n")
    assert imported_modules(stderr) == {"pipeline", "pipeline.layout", "pipeline.epub", "pipeline.__main__"}
    calls = []

    def make(folder):
        calls.append(1)
        store.record_code(folder, imported_modules(stderr))

    def get():
        return store.folder("epub-book", store.key("epub"), make, valid=store.same_code)

    first = get()
    assert sorted(__import__("json").loads((first / "code.json").read_text())) == [
        "pipeline/__init__.py", "pipeline/__main__.py", "pipeline/epub.py", "pipeline/layout/__init__.py"]
    (root / "pipeline/review/app.py").write_text("# changed, never imported by the build\n", encoding="utf-8")
    assert get() == first and len(calls) == 1
    (root / "pipeline/layout/__init__.py").write_text("# changed\n", encoding="utf-8")
    assert get() == first and len(calls) == 2                    # the same key, made again
    (root / "pipeline/epub.py").unlink()                          # a module gone counts as changed
    assert not store.same_code(first)


def test_a_stored_extraction_is_keyed_by_the_code_extraction_runs_and_only_that():
    """store.code_of: the pipeline's modules an import of the package loads, by their files: a change to
    the page reader makes the round trips' extractions again, a change to the normaliser does not."""
    from conftest import ROOT
    files = {f.relative_to(ROOT).as_posix() for f in store.code_of("pipeline.extract")}
    assert {"pipeline/extract/__init__.py", "pipeline/extract/content.py", "pipeline/extract/page.py",
            "pipeline/errors.py", "pipeline/layout/syntax.py"} <= files
    assert "pipeline/normalise.py" not in files and "pipeline/render.py" not in files
