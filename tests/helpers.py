"""Build helpers shared by the output tests: each builds into a temporary folder, never into dist/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import forked
from conftest import ROOT

SHARED_CACHE = ROOT / "build" / "test-store" / "shared"

PEPYS_BOOK = ('title: "The Diary of Samuel Pepys: 1660–1661"\nauthors: ["Samuel Pepys"]\nlanguage: en-GB\nfirst_page: 1\n'
              "allow_unresolved: true\n")   # the source has 21 markers whose notes it never printed


def run(*args, env=None, check=True, python_flags=()):
    """``python -m pipeline *args`` in a new process; with ``python_flags``, a new interpreter, else a
    process forked from one that imported the pipeline already (tests/forked.py)."""
    # Fixed build date, as `make` sets it from the last commit (files the tests write have new mtimes).
    # EPUBCheck's verdicts and rendered chapters, kept by content, are shared by every build of the tests.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PIPELINE_CACHE_DIR": str(SHARED_CACHE), **(env or {})}
    argv = [str(a) for a in args]
    if python_flags:
        r = subprocess.run([sys.executable, *python_flags, "-m", "pipeline", *argv], capture_output=True, text=True,
                           cwd=ROOT, env=env)
    else:
        r = forked.run(argv, env, ROOT)
    if check and r.returncode != 0:
        raise AssertionError(f"pipeline {' '.join(map(str, args))} failed ({r.returncode}):\n{r.stderr}")
    return r


def cli(*args, cwd=None, env=None, timeout=None):
    """``python -m pipeline *args`` in a new interpreter, as a user runs it (from ``cwd``, with ``env``
    over the environment; the build date fixed)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})},
                          timeout=timeout)


def build_args(command: str, tmp: Path, seeds: Path | None = None, book_yaml: str | None = None) -> list:
    """The arguments of a build into ``tmp/build`` and ``tmp/dist`` (``book_yaml`` written to ``tmp``)."""
    args = [command, "--build", tmp / "build", "--dist", tmp / "dist"]
    if seeds:
        args += ["--seeds", seeds]
    if book_yaml is not None:
        (tmp / "book.yaml").write_text(book_yaml, encoding="utf-8")
        args += ["--book", tmp / "book.yaml"]
    return args


def build(command: str, tmp: Path, seeds: Path | None = None, book_yaml: str | None = None, *extra) -> Path:
    """Build into ``tmp/build`` and ``tmp/dist``; the dist folder."""
    run(*build_args(command, tmp, seeds, book_yaml), *extra)
    return tmp / "dist"


def seed_book_yaml(**overrides) -> str:
    import yaml
    data = yaml.safe_load((ROOT / "book.yaml").read_text(encoding="utf-8"))
    data.update(overrides)
    return yaml.safe_dump(data, allow_unicode=True)


def build_book(command: str, tmp: Path, chapters: dict[str, str], title: str):
    """Build a book of the given chapter files (name -> raw text) with a minimal book.yaml; the dist folder."""
    return build(command, tmp, _seeds(tmp, chapters), f'title: "{title}"\nlanguage: en\n')


def built_book(command: str, name: str, tmp: Path, chapters: dict[str, str], title: str) -> Path:
    """``build_book``'s book from the test store (``built``, under ``name``): for tests that read it."""
    return built(command, name, _seeds(tmp, chapters), f'title: "{title}"\nlanguage: en\n')


def _seeds(tmp: Path, chapters: dict[str, str]) -> Path:
    seeds = tmp / "seeds"
    seeds.mkdir(exist_ok=True)
    for name, text in chapters.items():
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


def built(command: str, name: str, seeds: Path | None = None, book_yaml: str | None = None) -> Path:
    """The dist folder of ``build(command, …)`` (its build folder beside it), from the test store
    (tests/store.py) when these very inputs and code built it before: for tests that read a book, not
    for tests of how builds behave. ``name`` names the book in the store. Read it, never change it.

    The code that counts is the pipeline's modules the build imported (``python -X importtime`` lists
    them, in worker processes too): a stored book is made again when one of them changed, not when a
    module it never ran did (the review application, say, for a PDF)."""
    import shutil

    import store

    inputs = [seeds if seeds else ROOT / "seeds", book_yaml if book_yaml is not None else ROOT / "book.yaml",
              ROOT / "styles", Path(__file__)]

    def make(folder: Path) -> None:      # dist/ and build/ as a test's own build leaves them
        r = run(*build_args(command, folder, seeds, book_yaml), python_flags=("-X", "importtime"))
        shutil.rmtree(folder / "build" / "stage", ignore_errors=True)
        store.record_code(folder, imported_modules(r.stderr))

    return store.folder(f"{command}-{name}", store.key(command, *inputs), make,
                        valid=store.same_code) / "dist"


def imported_modules(importtime: str) -> set[str]:
    """The pipeline's modules named in ``python -X importtime``'s report (and ``pipeline.__main__``)."""
    import re
    found = set(re.findall(r"^import time:.*\|\s*(pipeline(?:\.\w+)*)\s*$", importtime, re.M))
    return found | {"pipeline.__main__"}


def page_texts(pdf: Path, name: str) -> list[str]:
    """pypdf's text of each page of ``pdf`` (``extract_text``; several seconds for a book), from the test
    store when these very bytes were read before, like a checker's verdict. ``name`` names it there."""
    import store
    from pypdf import PdfReader
    return store.value(f"pypdf-text-{name}", store.key("pypdf-text", pdf),
                       lambda: [page.extract_text() or "" for page in PdfReader(pdf).pages])


MARGIN = 0.7 * 72     # points from the page's top or bottom edge: where the running heads and folios are (0.5-0.7 in)


def in_margin(char: dict, height: float) -> bool:
    """A pdfplumber character set in the top or the bottom margin of a page of this height."""
    return char["bottom"] < MARGIN or char["top"] > height - MARGIN


def pdfplumber_chars(page) -> list[dict]:
    """pdfplumber's characters of a page, with what ``extract.content.read_content`` gives of them."""
    keys = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "size", "fontname")
    return [{key: c[key] for key in keys} for c in page.chars]


def comparable(chars: list[dict]) -> list[dict]:
    """Characters as both ``read_content`` and pdfplumber give them: all but the MCID (which pdfplumber
    sets only on content marked with it directly, not on content nested inside), the text in NFKC
    (``read_content`` gives a ligature glyph the letters its /ActualText says, 'fl', pdfplumber the
    ligature's character, 'ﬂ'; a variation selector after a symbol, '↩︎', is left out)."""
    import re
    import unicodedata
    return [{key: re.sub("[\ufe00-\ufe0f]", "", unicodedata.normalize("NFKC", value)) if key == "text" else value
             for key, value in c.items() if key != "mcid"} for c in chars]


def pdfplumber_rules(page) -> list[dict]:
    """pdfplumber's horizontal edges of a page, with what ``read_content`` gives of them."""
    return [{key: e[key] for key in ("x0", "x1", "top")} for e in page.edges if e["orientation"] == "h"]


def pdfplumber_pages(pdf: Path, name: str, step: int, rules: bool = False) -> dict:
    """pdfplumber's characters (``chars``) and, if asked, horizontal rules (``rules``) of every
    ``step``-th page of ``pdf``: the reference the project's own page readers are compared with, kept in
    the test store like a checker's verdict (by the PDF's bytes, pdfplumber's version, this module)."""
    import pdfplumber

    import store

    def read() -> dict:
        with pdfplumber.open(pdf) as doc:
            pages = [doc.pages[index] for index in range(0, len(doc.pages), step)]
            return {"chars": [pdfplumber_chars(page) for page in pages],
                    "rules": [pdfplumber_rules(page) for page in pages] if rules else []}
    return store.value(f"pdfplumber-{name}", store.key("pdfplumber", pdf, step, rules, Path(__file__)), read)


def normalised(paths: list[Path], purpose: str, **options):
    """``normalise(paths, **options)`` through the normaliser's own cache (``cache=``, what every build
    uses): each file's recovery and what pandoc read of each piece for the no-loss check, kept in the
    test store under ``purpose`` and replayed when that file and the pipeline's code are the same
    (byte-identical, test_incremental). A fresh clone runs everything; a change to any of the
    pipeline's modules, the word lists, the hyphenation patterns or pandoc does too. Files are named
    by their names, not their temporary folders, so that a file written again is the same file to the
    cache. For tests of what the normaliser gives; tests of its errors call ``normalise``."""
    import store

    from pipeline.normalise import normalise
    return normalise(paths, cache=store.STORE / "normalise" / purpose, names=[Path(p).name for p in paths],
                     **options)


def extracted(pdf: Path, out: Path, name: str, log=lambda *a: None, **options) -> dict:
    """``extract(pdf, out, log=log, **options)`` for a test of what extraction gives: the chapters and the
    report from the test store when the same PDF (by its bytes), options and extraction code
    (``store.code_of``) gave them before, what it said replayed to ``log``. ``name`` names the PDF in the
    store. Tests of how extraction reads pages or refuses a file call ``extract`` itself."""
    import json
    import re
    import shutil

    import store

    def make(folder: Path) -> None:
        said: list[str] = []
        from pipeline.extract import extract
        extract(pdf, folder / "out", log=said.append, **options)
        (folder / "said.json").write_text(json.dumps(said, ensure_ascii=False), encoding="utf-8")

    given = json.dumps(options, sort_keys=True)
    stored = store.folder("extract-" + "-".join([name, *re.findall(r"\w+", given)]),
                          store.key("extract", pdf, given, *store.code_of("pipeline.extract")), make)
    shutil.copytree(stored / "out", out, dirs_exist_ok=True)
    for line in json.loads((stored / "said.json").read_text(encoding="utf-8")):
        log(line)
    return json.loads((out / "extract-report.json").read_text(encoding="utf-8"))


# The print's sizes (styles/print.css, Charis SIL): body 10.5 pt, notes 8.5 pt, a note's call 0.68 of
# the notes' size.
NOTE_PT = 8.5
CALL_PT_MAX = 6.5


def _page_foot_reading(pdf: Path, name: str) -> dict:
    """What a reader finds of the notes in each page of a print with notes at the page foot (kept in
    the test store by the PDF's bytes): the note calls (a number set small in the text), the rows
    that start a note (the notes' size, opening with the label and a full stop), and for each page
    whether it holds text of the body's size and of the notes' size."""
    import re
    from collections import defaultdict

    import pdfplumber

    import store

    def read() -> dict:
        calls, starts, pages = [], [], []
        with pdfplumber.open(pdf) as doc:
            for number, page in enumerate(doc.pages):
                chars = [c for c in page.chars if MARGIN < c["top"] < page.height - MARGIN]
                for word in page.extract_words(extra_attrs=["size"], use_text_flow=True):
                    if MARGIN < word["top"] < page.height - MARGIN and word["size"] < CALL_PT_MAX \
                            and word["text"].isdigit():
                        calls.append((number, word["text"]))
                rows = defaultdict(list)
                for c in chars:
                    rows[round(c["top"])].append(c)
                for top in sorted(rows):
                    row = sorted(rows[top], key=lambda c: c["x0"])
                    m = re.match(r"(\d+)\.", "".join(c["text"] for c in row))
                    if m and abs(row[0]["size"] - NOTE_PT) < 0.3:
                        starts.append((number, m.group(1)))
                pages.append((any(c["size"] > NOTE_PT + 1 for c in chars),
                              any(abs(c["size"] - NOTE_PT) < 0.3 for c in chars)))
        return {"calls": calls, "starts": starts, "pages": pages}

    return store.value(f"page-foot-{name}", store.key("page-foot", pdf, Path(__file__)), read)


def footnote_placement(pdf: Path, name: str) -> list[tuple[str, int, int | None]]:
    """For each note call, in reading order: (label, the page of the call, the page where its note
    starts, or None when no page does)."""
    found = _page_foot_reading(pdf, name)
    out, k = [], 0
    for page, label in found["calls"]:
        hit = next((j for j in range(k, len(found["starts"])) if found["starts"][j][1] == label), None)
        out.append((label, page, found["starts"][hit][0] if hit is not None else None))
        k = hit + 1 if hit is not None else k
    return out


def note_only_pages(pdf: Path, name: str) -> list[int]:
    """The pages (0-based) after the first note call that hold notes and no text of the body's size."""
    found = _page_foot_reading(pdf, name)
    first = found["calls"][0][0] if found["calls"] else len(found["pages"])
    return [n for n, (body, notes) in enumerate(found["pages"]) if n >= first and notes and not body]
