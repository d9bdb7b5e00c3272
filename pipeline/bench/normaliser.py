"""The normaliser's speed and memory on a whole book, and how they grow with size.

Targets (exit 1 when missed), on the reference machine (2 cores):

- the 24-chapter Pepys corpus (1.2 MB) normalised in under 10 s, peak memory under 1 GiB;
- manuscripts of 1, 10 and 50 MB (the corpus repeated, one file each) normalised with memory growing
  linearly: the peak above that of a one-chapter manuscript (the interpreter, dictionaries and
  libraries) under 40 times the manuscript's size. Times are reported (they grow linearly too).

Each size is measured in a fresh process, so that its peak memory is its own. ``dialects`` times the
other tools' text (corpus/dev-tools: pdftotext and PyMuPDF) beside the same chapters in the seed's
shape (corpus/dev), a figure without a target: what reading another tool's shape costs.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..normalise import normalise

TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 1024
SIZES_MB = (1, 10, 50)
MEMORY_FACTOR = 40


def bench(paths: list[str], runs: int = 3, log=print, sizes: tuple[int, ...] = SIZES_MB) -> tuple[bool, dict]:
    size = sum(len(open(p, "rb").read()) for p in paths)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = normalise(paths)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = result.report.stats
    log(f"normalise: {len(paths)} files, {size / 1e6:.2f} MB, {stats['words_in']} words, {stats['notes']} notes")
    log(f"  time: best {min(times):.2f} s, median {statistics.median(times):.2f} s over {runs} runs "
        f"(target < {TARGET_SECONDS:.0f} s)")
    log(f"  peak memory: {peak_mb:.0f} MB (target < {TARGET_PEAK_MB} MB)")
    ok = min(times) < TARGET_SECONDS and peak_mb < TARGET_PEAK_MB
    if sizes:
        ok = _scaling(paths, sizes, log) and ok
    log("  OK" if ok else "  TARGET MISSED")
    return ok, {"files": len(paths), "mb": round(size / 1e6, 2), "words": stats["words_in"], "notes": stats["notes"],
                "best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3),
                "peak_mb": round(peak_mb), "targets_met": ok}


def _scaling(paths: list[str], sizes: tuple[int, ...], log) -> bool:
    """Manuscripts of the given sizes (MB), made by repeating the corpus into one file each."""
    book = "\n\n".join(Path(p).read_text(encoding="utf-8") for p in paths)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        base = _probe(Path(paths[0]))
        log(f"  baseline (one chapter, {Path(paths[0]).stat().st_size / 1e6:.2f} MB): peak {base['peak_mb']:.0f} MB")
        for mb in sizes:
            path = Path(tmp) / f"manuscript-{mb}mb.txt"
            copies = max(1, round(mb * 1e6 / len(book.encode())))
            path.write_text("\n\n".join([book] * copies), encoding="utf-8")
            actual = path.stat().st_size / 1e6
            m = _probe(path)
            if "error" in m:
                log(f"  {actual:.1f} MB: FAILED: {m['error']}")
                ok = False
                continue
            factor = (m["peak_mb"] - base["peak_mb"]) / actual
            within = factor < MEMORY_FACTOR
            ok = ok and within
            log(f"  {actual:5.1f} MB ({m['words']} words): {m['seconds']:6.1f} s, peak {m['peak_mb']:.0f} MB, "
                f"{factor:.0f} MB per MB above the baseline (target < {MEMORY_FACTOR}){'' if within else '  MISSED'}")
    return ok


def _probe(path: Path) -> dict:
    """Normalise one file in a fresh process: its time, peak memory and words."""
    probe = ("import json, resource, sys, time\n"
             "from pipeline.normalise import normalise\n"
             "t = time.perf_counter(); r = normalise([sys.argv[1]])\n"
             "print(json.dumps({'seconds': time.perf_counter() - t, "
             "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
             "'words': r.report.stats['words_in']}))\n")
    r = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        lines = r.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit {r.returncode}"}
    return json.loads(r.stdout.strip().splitlines()[-1])


def dialects(corpus: Path, runs: int = 3, log=print) -> dict:
    """Each dialect's files of ``corpus`` (dev-tools) normalised, beside the dev chapters in the seed's
    shape: best time over ``runs``, per file."""
    groups = {"seed's shape (dev)": sorted((corpus / "dev").glob("*.raw.txt")),
              "pdftotext": sorted((corpus / "dev-tools").glob("*-pdftotext.raw.txt")),
              "pymupdf": sorted((corpus / "dev-tools").glob("*-pymupdf.raw.txt"))}
    out = {}
    for name, files in groups.items():
        if not files:
            continue
        best = []
        for f in files:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                normalise([f], check=True)
                times.append(time.perf_counter() - start)
            best.append(min(times))
        out[name] = {"files": len(files), "mean_best_s": round(statistics.mean(best), 3)}
        log(f"  {name}: {len(files)} chapter(s), {statistics.mean(best):.2f} s a chapter (best of {runs})")
    return out
