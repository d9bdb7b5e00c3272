"""``make bench``: speed and memory of the normaliser (and optionally the EPUB) on a whole book.

Targets (fail with exit 1 when missed): normalising the 24-chapter Pepys corpus (1.2 MB) in under
10 s on the reference machine (2 cores), peak memory under 1 GiB.
"""

from __future__ import annotations

import resource
import statistics
import time

from .normalise import normalise

TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 1024


def bench(paths: list[str], runs: int = 3, log=print) -> int:
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
    log("  OK" if ok else "  TARGET MISSED")
    return 0 if ok else 1
