"""The catalogue row of ``make bench``: a generated catalogue of 40 books built on 1 and on 2 Dask
workers (a LocalCluster on this machine), from nothing each time: books an hour, the scaling
efficiency, each worker's peak memory, and the scheduling overhead a book.

The books: the seed; the five layout examples of ``corpus/dev-layouts`` (other layouts and a
pdftotext text); the 24 Pepys chapters one a book; eight books of two chapters and two of four;
notes at the end of the book, of each chapter or at the page's foot in turn (the footnote print lays
out differently). Target (the catalogue issue's): two workers at least 1.7 times the books an hour of
one.

A lone worker's book is not confined to one core: the JVM running EPUBCheck compiles on another
thread, and what a book runs beside its own process (pandoc, Java) takes the idle core. So the
row also builds the catalogue with one worker held to one core (``sched_setaffinity``, inherited by
the worker and what it runs): what one core gives, the figure two cores are to be compared with.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SCALING_TARGET = 1.7
NOTES = ("book", "chapter", "footnotes")


def generate(root: Path, pepys: list[Path], seed: list[Path], layouts: list[Path]) -> list[Path]:
    """The catalogue's book folders under ``root``, in the order above."""
    books: list[tuple[str, list[Path]]] = [("seed", seed)]
    books += [(f"layout-{p.name.removesuffix('.raw.txt')}", [p]) for p in layouts]
    books += [(f"pepys-{p.stem}", [p]) for p in pepys]
    books += [(f"pepys-{pepys[i].stem}-{pepys[i + 1].stem}", pepys[i:i + 2]) for i in range(0, 16, 2)]
    books += [(f"pepys-{pepys[i].stem}-{pepys[i + 3].stem}", pepys[i:i + 4]) for i in range(16, 24, 4)]
    folders = []
    for k, (name, files) in enumerate(books):
        folder = root / f"{k + 1:02d}-{name}"
        (folder / "seeds").mkdir(parents=True)
        for i, f in enumerate(files, start=1):
            shutil.copy(f, folder / "seeds" / f"{i:02d}.txt")
        (folder / "book.yaml").write_text(
            f'title: "Book {k + 1}: {name}"\nlanguage: en\npublisher: "Bench Press"\n'
            f"notes: {NOTES[k % len(NOTES)]}\nallow_unresolved: true\n", encoding="utf-8")
        folders.append(folder)
    return folders


def measure(pepys: list[Path], seed: list[Path], corpus: Path, log,
            workers: tuple[int | str, ...] = (1, "1-one-core", 2)) -> dict:
    from ..catalogue import run_catalogue
    from ..catalogue.state import State

    layouts = sorted((corpus / "dev-layouts").glob("*.raw.txt"))
    rows: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalogue"
        folders = generate(root, pepys, seed, layouts)
        log(f"catalogue: {len(folders)} books ({sum(len(list((f / 'seeds').iterdir())) for f in folders)} chapter "
            f"files) on {' and '.join(map(str, workers))} worker(s), from nothing each time")
        for label in workers:
            n = int(str(label).split("-")[0])
            for f in folders:
                shutil.rmtree(f / "build", ignore_errors=True)
            out = Path(tmp) / f"out-{label}"
            start = time.perf_counter()
            with _one_core(str(label).endswith("one-core")):
                outcome = run_catalogue(root, str(out), workers=n, log=lambda m: None, progress=False)
            wall = time.perf_counter() - start
            state = State(out.with_name(out.name + ".sqlite"))
            books = state.books()
            state.close()
            tasks = [b["seconds"] for b in books if b["seconds"] is not None]
            peaks: dict[str, float] = {}
            for b in books:
                peaks[b["worker"]] = max(peaks.get(b["worker"], 0.0), b["peak_mb"] or 0.0)
            row = rows[str(label)] = {
                "books": len(books), "built": len(outcome.built), "failed": len(outcome.failed),
                "wall_s": round(wall, 1), "books_an_hour": round(len(outcome.built) / wall * 3600),
                "task_s": {"median": round(statistics.median(tasks), 2), "max": round(max(tasks), 2),
                           "sum": round(sum(tasks), 1)},
                "peak_mb_per_worker": sorted(round(v) for v in peaks.values()),
                # what the cluster spent a book beyond the books' own builds: starting the cluster,
                # scheduling, sending results, and the last books' tail while a worker waits
                "overhead_s_per_book": round((wall * n - sum(tasks)) / len(books), 2),
            }
            log(f"  {label} worker(s): {row['books_an_hour']} books an hour ({wall:.0f} s for {len(outcome.built)} "
                f"built, {len(outcome.failed)} failed), task median {row['task_s']['median']} s, peak "
                f"{max(peaks.values()):.0f} MB a worker, overhead {row['overhead_s_per_book']} s a book")
            for key, message in outcome.failed:
                log(f"    failed: {key}: {message.splitlines()[0] if message else ''}")
    if "1" in rows and "2" in rows:
        speedup = rows["2"]["books_an_hour"] / rows["1"]["books_an_hour"]
        rows["speedup_2_over_1"] = round(speedup, 2)
        rows["scaling_efficiency"] = round(speedup / 2, 2)
        rows["target"] = SCALING_TARGET
        rows["target_met"] = speedup >= SCALING_TARGET
        log(f"  two workers: {speedup:.2f}x the books an hour of one (efficiency {speedup / 2:.0%}; target "
            f"{SCALING_TARGET}x){'' if speedup >= SCALING_TARGET else ' TARGET MISSED'}")
        if "1-one-core" in rows:
            per_core = rows["2"]["books_an_hour"] / rows["1-one-core"]["books_an_hour"]
            rows["speedup_2_over_one_core"] = round(per_core, 2)
            log(f"  two workers on two cores: {per_core:.2f}x one worker on one core (a lone worker's book "
                f"also used the idle core: {rows['1']['books_an_hour'] / rows['1-one-core']['books_an_hour']:.2f}x)")
    return rows


@contextmanager
def _one_core(pin: bool):
    """This process (and the cluster it starts) held to its first core while ``pin``."""
    if not pin or not hasattr(os, "sched_setaffinity"):
        yield
        return
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cpus)
