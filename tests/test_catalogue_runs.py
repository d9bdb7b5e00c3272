"""The catalogue on the default cluster on this machine: outputs on an S3-compatible server (moto's,
started here on 127.0.0.1), a broken book among good ones and the run that follows its fix, a wrong
catalogue list, and what a run again reads (tests/test_catalogue.py: a running cluster)."""

from __future__ import annotations

import json

import pytest

from catalogue_helpers import FILES, _free_port, _state, catalogue, make_books


def test_a_catalogue_written_to_s3_on_the_default_cluster(tmp_path):
    """OUT as ``s3://bucket/prefix`` on moto's S3 server (127.0.0.1), through s3fs, from the default
    cluster on this machine; read back and checked against the manifests."""
    import s3fs
    from moto.server import ThreadedMotoServer

    from pipeline.catalogue.store import Store

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
               "FSSPEC_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
        options = {"endpoint_url": env["FSSPEC_S3_ENDPOINT_URL"], "key": "testing", "secret": "testing"}
        s3fs.S3FileSystem(**options).mkdir("backlist")
        books = make_books(tmp_path / "books", ["north", "south"])
        said = catalogue(books, "-o", "s3://backlist/2026", "--workers", "2", "--state", tmp_path / "state.sqlite",
                         env=env)
        assert said.returncode == 0, said.stderr
        assert "on 2 Dask worker(s)" in said.stderr
        store = Store("s3://backlist/2026", options)
        data = json.loads(store.read("catalogue.json"))
        assert data["counts"] == {"built": 2, "failed": 0} and data["run"]["scheduler"] == "local"
        for key in ("north", "south"):
            assert store.verify(key) == []
            assert sorted(p.rsplit("/", 1)[1] for p in store.fs.ls(store.path(key))) == \
                sorted(f.format(slug=f"book-{key}") for f in FILES)
        assert store.read("onix.xml").count(b"<Product>") == 4
        assert not store.fs.glob(store.path("**", "*.part"))
    finally:
        server.stop()


def test_a_broken_book_is_reported_and_alone_built_again_once_fixed(tmp_path):
    """One book's book.yaml is wrong: the others are built, the broken one is reported with its file and
    line (exit status 1); fixed, the next run builds it and nothing else."""
    books = make_books(tmp_path / "books", ["good", "broken"])
    yaml_file = books / "broken" / "book.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("notes: book ", "notes: sideways "),
                         encoding="utf-8")
    out = tmp_path / "out"
    first = catalogue(books, "-o", out, "--workers", "1")
    assert first.returncode == 1
    line = next(i for i, t in enumerate(yaml_file.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("notes:"))
    assert f"error: broken: {yaml_file}:{line}: notes: Input should be 'book', 'chapter' or 'footnotes'" in first.stderr
    assert "catalogue: 1 built, 0 unchanged, 1 failed" in first.stderr
    state = _state(out)
    assert (state["good"]["status"], state["broken"]["status"]) == ("built", "failed")
    assert f"{yaml_file}:{line}:" in state["broken"]["message"] and not (out / "broken").exists()
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("notes: sideways ", "notes: book "),
                         encoding="utf-8")
    second = catalogue(books, "-o", out, "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert "catalogue: 1 built, 1 unchanged, 0 failed" in second.stderr
    assert _state(out)["broken"]["status"] == "built"
    third = catalogue(books, "-o", out, "--workers", "1")
    assert "catalogue: 0 built, 2 unchanged, 0 failed" in third.stderr


@pytest.mark.parametrize("listing, message", [
    ("- books/good\n- books/missing\n", "{list}:2: books/missing: not a book folder (no book.yaml in it)"),
    ("books: [good]\n", "{list}:1: a catalogue list is a YAML list of book folders"),
])
def test_a_catalogue_list_with_a_wrong_entry_is_refused_with_its_line(tmp_path, listing, message):
    make_books(tmp_path / "books", ["good"])
    (tmp_path / "list.yaml").write_text(listing, encoding="utf-8")
    said = catalogue(tmp_path / "list.yaml", "-o", tmp_path / "out")
    assert said.returncode == 2 and message.format(list=tmp_path / "list.yaml") in said.stderr
    assert "Traceback" not in said.stderr


def test_a_run_again_reads_only_the_folders_whose_files_changed(tmp_path, monkeypatch):
    """What to build is decided from the state: a book whose files' names, sizes and times are those
    the state saw keeps its fingerprint without its files being read; one whose seed changed is read
    and built again; a book whose published files are gone is built again."""
    import pipeline.catalogue as cat
    from pipeline.catalogue import Outcome
    from pipeline.catalogue.books import read_catalogue
    from pipeline.catalogue.state import State
    from pipeline.catalogue.store import Store

    books = read_catalogue(make_books(tmp_path / "books", ["a", "b", "c"]))
    store, state = Store(str(tmp_path / "out")), State(tmp_path / "out.sqlite")
    todo, prints = cat._to_build(books, state, store, Outcome())
    assert [b.key for b in todo] == ["a", "b", "c"]
    for b in books:                                       # as a run that built them leaves them
        state.save(b.key, status="built", built_from=prints[b.key])
        store.publish(b.key, {"x.txt": b"x"})
    read = []
    real = cat.content_fingerprint
    monkeypatch.setattr(cat, "content_fingerprint", lambda files, code: read.append(files[0].parent.name) or
                        real(files, code))
    outcome = Outcome()
    assert cat._to_build(books, state, store, outcome)[0] == [] and outcome.unchanged == ["a", "b", "c"]
    assert read == []
    seed = tmp_path / "books" / "b" / "seeds" / "01-sample.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (tmp_path / "out" / "c" / "MANIFEST.json").unlink()
    todo, again = cat._to_build(books, state, store, Outcome())
    assert [b.key for b in todo] == ["b", "c"] and read == ["b"] and again["c"] == prints["c"] != again["b"]
    state.close()
