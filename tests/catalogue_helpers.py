"""What the catalogue tests share: sample books, the command, a Dask cluster of processes on 127.0.0.1,
the state and the published files read back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

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
