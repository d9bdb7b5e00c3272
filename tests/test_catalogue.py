"""The catalogue on Dask (`book-pipeline catalogue`) on a running cluster: a real scheduler and two
workers on 127.0.0.1, and one of them killed while it builds (tests/test_catalogue_runs.py: the
default cluster, S3, a broken book, runs again). The books are the two-page sample `book-pipeline new`
writes, each with its own title (set in Charis SIL, the face `make` installs, as every book)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from catalogue_helpers import _published, _state, catalogue, dask_cluster, make_books
from conftest import ROOT


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
    assert "on 2 Dask worker(s); dashboard:" in said.stderr
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
