"""``make bench``: what the pipeline costs, beside plain tools, with its targets (exit 1 when missed).

- ``builds``: each build command on the seed and on the Pepys book beside pandoc and bare WeasyPrint
  (normalise, EPUB, PDF, one word changed, nothing changed); the targets (the speed issue's) are
  the Pepys book's, the seed's ratios are printed as figures;
- ``builds.extraction``: the Pepys print read back into raw chapters (time, peak memory);
- ``typeset``: the Pepys PDF measured as a printer's quality desk would (note and body spacing);
- ``catalogue``: a catalogue of 40 books (seed, layouts, Pepys chapters) on 1 and 2 Dask workers;
- ``normaliser``: the normaliser on the Pepys corpus, and its memory on 1, 10 and 50 MB manuscripts;
  ``normaliser.dialects``: pdftotext's and PyMuPDF's chapters beside the same chapters in the seed's
  shape.

The figures are printed and written to ``build/bench.json``.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
from pathlib import Path

from . import builds, catalogue, normaliser, typeset

SIZES_MB = normaliser.SIZES_MB
ROOT = Path(__file__).resolve().parent.parent.parent
PEPYS_YAML = ('title: "The Diary of Samuel Pepys: 1660–1661"\nauthors: ["Samuel Pepys"]\nlanguage: en-GB\n'
              "first_page: 1\nallow_unresolved: true\n")


def bench(paths: list[str], runs: int = 3, log=print, sizes: tuple[int, ...] = SIZES_MB, typeset_pdf: bool = True,
          build_rows: bool = True, out: Path | None = Path("build/bench.json"), catalogue_row: bool = True) -> int:
    figures: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "system": platform.platform(terse=True)}}
    ok = True
    # The build commands first: a child's peak memory counts this process's size when it was started,
    # so they run while this process is small; then what runs in-process.
    corpus = Path(paths[0]).resolve().parent.parent if paths else None
    with tempfile.TemporaryDirectory() as tmp:
        pepys = builds.Book("pepys", [Path(p) for p in paths], PEPYS_YAML, Path(tmp))
        if build_rows:
            figures["builds"] = {}
            seed = builds.Book("seed", sorted((ROOT / "seeds").glob("*.txt")),
                               (ROOT / "book.yaml").read_text(encoding="utf-8"), Path(tmp))
            for book in (seed, pepys):
                rows = builds.measure(book, runs, log)
                missed = builds.targets_met(rows)
                rows["targets_missed"] = missed
                figures["builds"][book.name] = rows
                # The targets are the speed issue's, set on the Pepys book; on the one-file seed,
                # start-up and fixed costs make the ratios (printed all the same) say little.
                binding = book is pepys
                rows["targets_apply"] = binding
                for sentence in missed:
                    log(f"  TARGET MISSED ({book.name}): {sentence}" if binding else
                        f"  over the Pepys targets ({book.name}, fixed costs; not a target): {sentence}")
                ok = ok and (not missed or not binding)
            figures["extract"] = builds.extraction(pepys, runs, log)
        if catalogue_row and corpus is not None and (corpus / "dev-layouts").is_dir():
            figures["catalogue"] = catalogue.measure([Path(p) for p in paths], sorted((ROOT / "seeds").glob("*.txt")),
                                                     corpus, log)
            ok = ok and figures["catalogue"].get("target_met", True)
        # in-process from here: the normaliser's own peak first, then the PDF read with pdfplumber
        normaliser_ok, figures["normaliser"] = normaliser.bench(paths, runs, log, sizes)
        ok = ok and normaliser_ok
        if corpus is not None and (corpus / "dev-tools").is_dir():
            log("input dialects (no target):")
            figures["dialects"] = normaliser.dialects(corpus, runs, log)
        if typeset_pdf:
            figures["typesetting"] = typeset.measure(pepys, log)
            ok = ok and figures["typesetting"]["targets_met"]
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {out}")
    log("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1
