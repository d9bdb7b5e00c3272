"""A publisher's backlist built on Dask: ``book-pipeline catalogue CATALOGUE -o OUT``.

- :mod:`.books`: the catalogue's books (a folder of book folders or a YAML list) and their inputs'
  fingerprints;
- :mod:`.state`: the run's state in SQLite beside OUT (one writer, this client);
- :mod:`.task`: one book built and published on a worker;
- :mod:`.store`: the output, a folder or any fsspec URL, written by temporary names and moves;
- :mod:`.views`: ``catalogue.json``, the catalogue page and one ONIX message, views of the state.

Each book is one Dask task. By default a ``LocalCluster`` on this machine (a worker process per core,
one thread each, the machine's memory shared between them); ``--scheduler`` (or
``DASK_SCHEDULER_ADDRESS``) uses a running cluster instead, whose workers must have the pipeline
installed and see the book folders and the output. A book whose inputs did not change since it was
built is not built again; a failed one is.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PipelineError
from ..onix import explain
from .books import CatalogueBook, code_version, content_fingerprint, input_files, read_catalogue, stat_signature
from .state import State
from .store import MANIFEST, Store
from .views import catalogue_html, catalogue_json, onix_message

__all__ = ["run_catalogue", "default_state", "Outcome"]

WORKER_WAIT = 60        # seconds a running cluster is given to have a worker


@dataclass
class Outcome:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)       # (key, message)
    seconds: float = 0.0
    workers: int = 0
    state: Path | None = None


def default_state(out: str) -> Path:
    """The state beside OUT (``OUT.sqlite``); for an fsspec URL, in ``.catalogue/`` of the working folder."""
    if "://" not in out or out.startswith("file://"):
        path = Path(out.removeprefix("file://")).resolve()
        return path.with_name(path.name + ".sqlite")
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in out.split("://", 1)[1].strip("/"))
    return Path(".catalogue") / f"{name}.sqlite"


def run_catalogue(catalogue: Path, out: str, scheduler: str | None = None, workers: int | None = None,
                  state_path: Path | None = None, storage_options: dict | None = None, log=print,
                  progress: bool = True) -> Outcome:
    """Build every book of ``catalogue`` whose inputs changed or that failed, into ``out``; then the
    catalogue's own files. What happened to each book is in the state and in the outcome."""
    books = read_catalogue(catalogue)
    if "://" not in out:                  # (a local folder named as every worker finds it)
        out = str(Path(out).resolve())
    store = Store(out, storage_options)
    state = State(state_path or default_state(out))
    outcome = Outcome(state=state.path)
    try:
        run = state.start_run(scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or "local", len(books))
        todo, fingerprints = _to_build(books, state, store, outcome)
        start = time.perf_counter()
        if todo:
            _build(todo, fingerprints, out, storage_options, scheduler, workers, state, outcome, log, progress)
        outcome.seconds = time.perf_counter() - start
        state.finish_run(run, outcome.workers, len(outcome.built), len(outcome.failed), len(outcome.unchanged),
                         outcome.seconds)
        _publish_views(state, store, catalogue, books, log)
    finally:
        state.close()
    return outcome


def _to_build(books: list[CatalogueBook], state: State, store: Store, outcome: Outcome):
    """The books to build (inputs changed, or not built from these inputs, or their files missing) and
    every book's fingerprint; the others are unchanged. A book's files are read only when their names,
    sizes or times changed since the state saw them."""
    code = code_version()
    published = {p.rstrip("/").rsplit("/", 2)[-2] for p in store.fs.glob(store.path("*", MANIFEST))}
    todo, fingerprints = [], {}
    for book in books:
        files = input_files(book.folder)
        stat = stat_signature(files) + code[:16]
        row = state.book(book.key)
        known = row is not None and row["stat"] == stat and row["fingerprint"]
        fingerprint = row["fingerprint"] if known else content_fingerprint(files, code)
        fingerprints[book.key] = fingerprint
        state.save(book.key, commit=False, folder=str(book.folder), stat=stat, fingerprint=fingerprint)
        if row is not None and row["status"] == "built" and row["built_from"] == fingerprint \
                and book.key in published:
            outcome.unchanged.append(book.key)
        else:
            todo.append(book)
    state.forget_others({b.key for b in books})          # (and one commit for all)
    return todo, fingerprints


def _client(scheduler: str | None, workers: int | None, log):
    """A client of the cluster at ``scheduler`` (or ``DASK_SCHEDULER_ADDRESS``), else of a new
    LocalCluster: a worker process per core (or ``workers``), one thread each (a book's layout is
    single-threaded), the machine's memory shared between them."""
    import logging

    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise PipelineError(f"no Dask scheduler answers at {address} ({exc}): start one (dask scheduler) "
                                f"or leave out --scheduler for a cluster on this machine") from None
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except (TimeoutError, OSError):
            client.close()
            raise PipelineError(f"the Dask scheduler at {address} has no worker after {WORKER_WAIT} s: start some "
                                f"(dask worker {address} --nthreads 1)") from None
        return client
    import psutil

    n = workers or os.cpu_count() or 1
    memory = int(psutil.virtual_memory().total * 0.9 / n)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=memory,
                           silence_logs=logging.ERROR, dashboard_address=":0")
    return Client(cluster)


def _build(todo, fingerprints, out, storage_options, scheduler, workers, state, outcome, log, progress) -> None:
    from distributed import as_completed

    from .task import build_book

    client = _client(scheduler, workers, log)
    try:
        outcome.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        log(f"building {len(todo)} book(s) on {outcome.workers} Dask worker(s); dashboard: {client.dashboard_link}")
        futures = {client.submit(build_book, b.key, str(b.folder), out, fingerprints[b.key], storage_options,
                                 key=f"book-{b.key}-{fingerprints[b.key][:12]}", pure=False): b for b in todo}
        bar = _progress(list(futures)) if progress else None
        for future in as_completed(futures):
            book = futures[future]
            _record(book, future, fingerprints[book.key], state, outcome)
        if bar is not None:
            bar.join(timeout=5)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(futures) -> threading.Thread | None:
    """Dask's own progress bar on the terminal (none when output is not interactive)."""
    if not sys.stderr.isatty():
        return None
    from distributed import progress

    thread = threading.Thread(target=progress, args=(futures,), kwargs={"notebook": False}, daemon=True)
    thread.start()
    return thread


def _record(book: CatalogueBook, future, fingerprint: str, state: State, outcome: Outcome) -> None:
    if future.status == "finished":
        r = future.result()
    else:
        exc = future.exception()
        if type(exc).__name__ == "KilledWorker":       # the worker was lost each time Dask tried
            message = (f"{book.folder}: the worker building it was lost each time Dask tried (killed, or out of "
                       f"memory?): try again with fewer workers or more memory a worker")
        else:                                          # the task could not run there (the pipeline not installed?)
            message = (f"{book.folder}: the task failed on its worker ({type(exc).__name__}: {exc}): does the "
                       f"worker have this pipeline installed and see the book's folder?")
        r = {"status": "failed", "message": message}
    fields = {k: r.get(k) for k in ("status", "message", "seconds", "worker", "peak_mb", "title", "pages", "words",
                                    "notes", "warnings", "open_decisions", "outputs", "bundle", "onix")
              if k in r}
    if r["status"] == "built":
        fields.update(built_from=fingerprint, message="")
        outcome.built.append(book.key)
    else:
        fields.update(built_from=None)
        outcome.failed.append((book.key, r.get("message", "")))
    state.save(book.key, **fields)


def _publish_views(state: State, store: Store, catalogue: Path, books: list[CatalogueBook], log) -> None:
    rows = {r["key"]: r for r in state.books()}
    ordered = [rows[b.key] for b in books]
    run = state.runs()[-1]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or run["started"])
    onix, problems = onix_message(ordered, epoch)
    problems = [explain(problem) for problem in problems]
    for problem in problems[:10]:
        log(f"warning: onix.xml: {problem}")
    store.write("onix.xml", onix)
    store.write("catalogue.json", catalogue_json(ordered, run, problems))
    store.write("catalogue.html", catalogue_html(ordered, run, Path(catalogue).name))
