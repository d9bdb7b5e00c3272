"""One book of a catalogue, built on a Dask worker: its bundle (EPUB, PDF, the printer's files,
Markdown, ONIX, reports) built in the book's folder (its ``build/`` caches as a single build keeps
them), then published to the output (``store.Store``: temporary names, then moves; the manifest last).

A book that fails (bad input, a refused check) returns its message with the file and line: the task
succeeds, the book is reported failed and the others go on. A worker lost mid-build (killed, out of
memory) raises nothing here: Dask runs the task again elsewhere, and what the lost attempt left in
the output is only ever under temporary names, swept by the next."""

from __future__ import annotations

import io
import json
import os
import resource
import socket
import tempfile
import time
import zipfile
from pathlib import Path

from ..errors import PipelineError
from .store import Store


def build_book(key: str, folder: str, out: str, fingerprint: str, storage_options: dict | None = None) -> dict:
    """Build and publish one book; what the catalogue records of it."""
    start = time.perf_counter()
    result: dict = {"key": key, "fingerprint": fingerprint, "worker": _worker()}
    # The book keeps as many cores busy as its worker has threads (one): the workers share the
    # machine's cores, none of them oversubscribed (as Dask sets OMP_NUM_THREADS for its workers).
    os.environ["PIPELINE_CORES"] = str(_threads())
    messages: list[str] = []
    try:
        result.update(_build_and_publish(key, Path(folder), Store(out, storage_options), messages))
        result["status"] = "built"
    except PipelineError as exc:
        result.update(status="failed", message="\n".join(exc.lines()))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        result.update(status="failed", message=f"{where}{exc.strerror or exc}")
    except Exception as exc:                      # a bug of ours: the book fails with its name, the others go on
        result.update(status="failed", message=f"{folder}: internal error ({type(exc).__name__}: {exc}); "
                                               f"please report it with the book")
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _build_and_publish(key: str, folder: Path, store: Store, messages: list[str]) -> dict:
    from ..build import Project
    from ..bundle import build_bundle

    with tempfile.TemporaryDirectory(prefix="catalogue-") as tmp:
        dist = Path(tmp) / "dist"
        project = Project.from_args(folder, dist=dist)
        with project.locked(messages.append):
            bundle = build_bundle(project, log=messages.append)
        files = {p.name: p for p in sorted(dist.iterdir()) if p.is_file()}
        zipped = zipfile.ZipFile(io.BytesIO(bundle.read_bytes()))
        files["onix.xml"] = zipped.read("onix.xml")
        summary = _summary(project, json.loads(zipped.read("reports/normalisation.json")),
                           json.loads(zipped.read("reports/pdf-checks.json")))
        summary["outputs"] = store.publish(key, files)
        summary["onix"] = files["onix.xml"]             # (the catalogue's ONIX message is made of the books')
        summary["bundle"] = bundle.name
    return summary


def _summary(project, report: dict, pdf_checks: dict) -> dict:
    """What the catalogue shows of a book, from its bundle's reports."""
    entries = report.get("entries", [])
    return {"title": project.book().title, "pages": pdf_checks["pages"],
            "words": report.get("stats", {}).get("words_in", 0), "notes": report.get("stats", {}).get("notes", 0),
            "warnings": sum(1 for e in entries if e["severity"] == "warning"),
            "open_decisions": report.get("review", {}).get("open", 0)}


def _threads() -> int:
    try:
        from distributed import get_worker
        return max(1, get_worker().state.nthreads)
    except (ImportError, ValueError, AttributeError):
        return 1


def _worker() -> str:
    try:
        from distributed import get_worker
        return get_worker().address
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"
