"""The catalogue on Dask (`book-pipeline catalogue`): a real scheduler and workers on 127.0.0.1, the
default cluster on this machine, a worker killed while it builds, outputs on an S3-compatible server
(moto's, started here on 127.0.0.1), a broken book among good ones and the run that follows its fix.

The books are the two-page sample `book-pipeline new` writes, each with its own title (set in Charis
SIL, the face `make` installs, as every book of the pipeline)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT

DASK = Path(sys.executable).with_name("dask")
FILES = {"{slug}.epub", "{slug}.pdf", "{slug}-handoff.zip", "{slug}-interior.pdf", "{slug}-cover.pdf", "onix.xml",
         "MANIFEST.json"}


def make_books(folder: Path, names: list[str]) -> Path:
    """A catalogue folder of sample books, each titled after its name, from one publisher."""
    from pipeline.newbook import create
    for name in names:
        create(folder / name)
        book = folder / name / "book.yaml"
        text = book.read_text(encoding="utf-8").replace('title: "A Sample Book"', f'title: "Book {name}"')
        book.write_text(text + 'publisher: "Backlist Press"\n', encoding="utf-8")
    return folder


def catalogue(*args, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "catalogue", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dask_cluster(workers: int, env: dict | None = None):
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (workers without a nanny, one
    thread each): the scheduler's address and the workers' processes by name."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, **(env or {})}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, **quiet)]
    named = {}
    try:
        for k in range(1, workers + 1):
            named[f"w{k}"] = subprocess.Popen(
                [DASK, "worker", address, "--name", f"w{k}", "--nthreads", "1", "--no-nanny", "--no-dashboard"],
                env=env, **quiet)
            procs.append(named[f"w{k}"])
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, named
    finally:
        for p in procs:
            p.kill()
            p.wait()


def _state(out: Path) -> dict[str, dict]:
    from pipeline.catalogue.state import State
    state = State(out.with_name(out.name + ".sqlite"))
    try:
        return {row["key"]: row for row in state.books()}
    finally:
        state.close()


def _published(out: Path, key: str, slug: str) -> None:
    """The book's files are those of a bundle, each once, matching its manifest; nothing temporary left."""
    from pipeline.catalogue.store import Store
    assert sorted(p.name for p in (out / key).iterdir()) == sorted(f.format(slug=slug) for f in FILES)
    assert Store(str(out)).verify(key) == []


def test_a_catalogue_built_on_a_running_scheduler_and_two_workers(tmp_path):
    """``--scheduler`` with a real `dask scheduler` and two `dask worker` processes; both workers share
    the rendered chapters and EPUBCheck's verdicts (PIPELINE_CACHE_DIR), writing them at the same time
    (the three books are the same text under three titles)."""
    books = make_books(tmp_path / "books", ["alpha", "beta", "gamma"])
    out = tmp_path / "out"
    shared = {"PIPELINE_CACHE_DIR": str(tmp_path / "shared-cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    with dask_cluster(2, shared) as (address, _):
        said = catalogue(books, "-o", out, "--scheduler", address, env=shared)
    assert said.returncode == 0, said.stderr
    assert f"on 2 Dask worker(s); dashboard:" in said.stderr
    assert said.stderr.strip().splitlines()[-1].startswith("catalogue: 3 built, 0 unchanged, 0 failed")
    state = _state(out)
    assert sorted(state) == ["alpha", "beta", "gamma"]
    assert {(r["status"], r["pages"], r["words"], r["notes"], r["open_decisions"]) for r in state.values()} == \
        {("built", 9, 287, 4, 1)}
    for key in state:
        _published(out, key, f"book-{key}")
    data = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert data["counts"] == {"built": 3, "failed": 0} and [b["key"] for b in data["books"]] == ["alpha", "beta", "gamma"]
    assert data["run"]["scheduler"] == address and data["run"]["workers"] == 2 and data["onix_problems"] == []
    page = (out / "catalogue.html").read_text(encoding="utf-8")
    assert page.count('<span class="status built">built</span>') == 3 and 'href="beta/book-beta.epub"' in page
    # one ONIX message: a product per book and format
    onix = (out / "onix.xml").read_bytes()
    assert onix.count(b"<Product>") == 6 and onix.count(b"<SenderName>Backlist Press</SenderName>") == 1
    assert len(list((tmp_path / "shared-cache" / "render").glob("*.json"))) == 1      # the same chapter, once


def test_a_worker_killed_while_it_builds_loses_no_book(tmp_path):
    """A worker killed (SIGKILL) in the middle of a book: Dask builds that book again on the other
    worker; every book ends built once, its files complete and matching their checksums, nothing
    half-written or temporary left in the output."""
    from distributed import Client

    books = make_books(tmp_path / "books", ["one", "two", "three", "four"])
    out = tmp_path / "out"
    with dask_cluster(2) as (address, workers):
        run = subprocess.Popen([sys.executable, "-m", "pipeline", "catalogue", str(books), "-o", str(out),
                                "--scheduler", address], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        killed = book = None
        with Client(address, timeout="30s") as client:
            names = {}
            deadline = time.monotonic() + 120
            while killed is None and time.monotonic() < deadline:
                names = {a: w["name"] for a, w in client.scheduler_info(n_workers=-1)["workers"].items()}
                busy = [(a, k) for a, keys in client.processing().items() for k in keys if str(k).startswith("book-")]
                if busy:
                    time.sleep(1.0)                       # well inside the book's build
                    (addr, key), = busy[:1]
                    killed, book = names[addr], str(key).split("-")[1]
                    workers[killed].send_signal(signal.SIGKILL)
                time.sleep(0.1)
        _, err = run.communicate(timeout=600)
    assert killed is not None, "no book was seen building"
    assert run.returncode == 0, err
    assert err.strip().splitlines()[-1].startswith("catalogue: 4 built, 0 unchanged, 0 failed")
    state = _state(out)
    assert {k: r["status"] for k, r in state.items()} == {"one": "built", "two": "built", "three": "built",
                                                        "four": "built"}
    # the book being built when its worker died was built by the other one
    survivor = next(a for a, name in names.items() if name != killed)
    assert state[book]["worker"] == survivor
    for key in state:
        _published(out, key, f"book-{key}")
    assert not list(out.rglob("*.part"))


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
