"""What the tests make and then only read, kept between runs: whole books built by the pipeline, other
engines' PDFs, checkers' verdicts.

Each thing is kept in ``build/test-store/`` under a key of everything it is made from: the parts the
caller gives (files and folders by content, not by date: the inputs, the styles, the helper module that
makes it), the installed Python packages, the npm lock file, and the files of the tools the tests start
(Java, Chromium, groff, pdflatex). A change to any of them makes it again; a run on a fresh clone (CI)
makes everything. A book built by the pipeline counts, of the pipeline's code, the modules its build
imported (``record_code``/``same_code``, see ``helpers.built``): a change to the review application
does not make the Pepys PDF again. A checker's verdict on a file (Ace, EPUBCheck, the quality desk's
measure) is keyed by the file's own bytes and the checker, so it is reused whenever the file comes out
the same.

Tests of how a build behaves (what it reuses, what it refuses, that two builds are identical) build
for themselves and never come here. ``make clean`` or ``rm -rf build/test-store`` starts from nothing.
Workers of one run (pytest-xdist) make each thing once: a lock per thing, the first one makes it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from pipeline.files import sha256_file

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "build" / "test-store"
TOOLS = ("java", "chromium", "groff", "pdflatex", "node", "pdftoppm")


def _hash_path(h, path: Path) -> None:
    """A file's or a folder's contents (names relative to it), in a stable order."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        h.update(f"{f.relative_to(path) if path.is_dir() else ''}\0{sha256_file(f)}\0".encode())


@lru_cache(maxsize=1)
def _environment() -> str:
    """The installed packages and the tools' files (a system upgrade changes their size or date)."""
    from importlib.metadata import distributions
    h = hashlib.sha256(sys.version.encode())
    h.update("\n".join(sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())).encode())
    lock = ROOT / "package-lock.json"
    if lock.exists():
        _hash_path(h, lock)
    for tool in TOOLS:
        found = shutil.which(tool)
        if found:
            real = Path(found).resolve()
            st = real.stat()
            h.update(f"{tool}\0{real}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def key(*parts) -> str:
    """A key of the environment and the parts: paths by content, anything else by its text."""
    h = hashlib.sha256(_environment().encode())
    for part in parts:
        h.update(b"\1")
        if isinstance(part, Path):
            _hash_path(h, part)
        else:
            h.update(str(part).encode())
    return h.hexdigest()[:24]


@contextmanager
def _locked(name: str):
    STORE.mkdir(parents=True, exist_ok=True)
    with open(STORE / f".{name}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def folder(name: str, key_: str, make: Callable[[Path], None],
           valid: Callable[[Path], bool] = lambda folder: True) -> Path:
    """The folder ``make`` filled for this name and key, made now if the store has none or ``valid``
    refuses the one it has. One version per name is kept: a new key replaces the old one."""
    final = STORE / f"{name}-{key_}"
    if final.is_dir() and valid(final):
        return final
    with _locked(name):
        if final.is_dir():
            if valid(final):
                return final
            shutil.rmtree(final)
        for left in STORE.iterdir():       # a run killed while making this name left its work behind
            if re.fullmatch(rf"\.{re.escape(name)}-[0-9a-f]{{24}}\.\d+", left.name):
                shutil.rmtree(left, ignore_errors=True)
        work = STORE / f".{name}-{key_}.{os.getpid()}"
        work.mkdir(parents=True)
        try:
            make(work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        for old in STORE.iterdir():        # this name's other keys (not names it begins)
            if re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{24}}", old.name):
                shutil.rmtree(old, ignore_errors=True)
        os.replace(work, final)
    return final


def _module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def record_code(folder: Path, modules: set[str]) -> None:
    """Write down the hash of each module's source file (what ``same_code`` checks)."""
    files = sorted(f for f in map(_module_file, modules) if f)
    assert any(f.name == "__main__.py" for f in files) and len(files) > 3, f"too few modules recorded: {modules}"
    (folder / "code.json").write_text(json.dumps({str(f.relative_to(ROOT)): sha256_file(f) for f in files}, indent=1),
                                      encoding="utf-8")


def same_code(folder: Path) -> bool:
    """Every module recorded by ``record_code`` is there with the same source."""
    try:
        recorded = json.loads((folder / "code.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all((ROOT / f).is_file() and sha256_file(ROOT / f) == h for f, h in recorded.items())


@lru_cache(maxsize=None)
def code_of(module: str) -> tuple[Path, ...]:
    """The source files of the pipeline's modules that importing ``module`` loads (in a fresh
    interpreter): what a stored result of that module's work is keyed by, beside its inputs."""
    import subprocess
    listed = subprocess.run([sys.executable, "-c", f"import sys, {module}; print(*sorted(sys.modules))"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    files = tuple(f for f in map(_module_file, (m for m in listed if m.split(".")[0] == "pipeline")) if f)
    assert any(f.parent.name == module.split(".")[-1] or f.stem == module.split(".")[-1] for f in files), listed
    return files


def value(name: str, key_: str, compute: Callable[[], object]):
    """``compute()``'s JSON value for this name and key, computed now if the store has none."""
    path = folder(name, key_, lambda d: (d / "value.json").write_text(
        json.dumps(compute(), ensure_ascii=False, sort_keys=True), encoding="utf-8")) / "value.json"
    return json.loads(path.read_text(encoding="utf-8"))
