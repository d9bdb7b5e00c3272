"""Whole, fresh files: atomic writes, and a record of what each output was built from.

Every output is written to a temporary name beside it and renamed into place, so an interrupted build
(Ctrl-C, a kill, a full disk) never leaves a truncated file under the real name. ``build/outputs.json``
records, for each output, the fingerprint of its inputs (content hashes, not modification times) and the
hash of the output itself: an output is reused only when both still match — a deleted seed, an edited
style or a damaged file all mean a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def listing(names: list[str], shown: int = 5) -> str:
    """Names for a message: the first few, and how many more."""
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path``'s new content to; renamed into place when the block succeeds,
    removed when it fails."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # (a short name whatever the target's: a long file name plus a suffix would pass the system's limit)
    stem = path.name if len(path.name) <= 80 else hashlib.sha256(path.name.encode()).hexdigest()[:16]
    tmp = path.with_name(f".{stem}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def cache_folder(build: Path, name: str) -> Path:
    """Where a cache keyed by content is kept: ``$PIPELINE_CACHE_DIR/<name>`` when that is set (shared
    by every project and build that sets it: editions of one book, a CI cache, the tests), else
    ``build/<name>``. Only caches whose keys hold everything their entries come from go there."""
    shared = os.environ.get("PIPELINE_CACHE_DIR")
    return Path(shared) / name if shared else build / name


def cores() -> int:
    """How many cores a build may keep busy at once (chapters rendered side by side, conversions of the
    no-loss check, PDF pages read): ``PIPELINE_CORES`` when set (a catalogue's worker sets it to its
    own threads, one: a worker per core, each book on its core), else the machine's."""
    value = os.environ.get("PIPELINE_CORES", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


PACKAGE = Path(__file__).resolve().parent


def code_files() -> list[Path]:
    """The pipeline's own source files (a change of code means a rebuild)."""
    return sorted(PACKAGE.rglob("*.py"))


def fingerprint(files: list[Path], extra: dict | None = None) -> str:
    """A hash of files (names and contents, in the order given) and settings."""
    h = hashlib.sha256()
    for f in files:
        h.update(str(f).encode() + b"\0")
        h.update(Path(f).read_bytes() if Path(f).exists() else b"<missing>")
        h.update(b"\0")
    h.update(json.dumps(extra or {}, sort_keys=True).encode())
    return h.hexdigest()


class Outputs:
    """``build/outputs.json``: the inputs fingerprint and content hash of every output built."""

    def __init__(self, build: Path):
        self.path = Path(build) / "outputs.json"
        try:
            self.records = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.records = {}

    def fresh(self, output: Path, inputs: str) -> bool:
        rec = self.records.get(str(output))
        return bool(rec) and rec.get("inputs") == inputs and Path(output).exists() \
            and rec.get("sha256") == sha256_file(Path(output))

    def record(self, output: Path, inputs: str, entries: list[dict] | None = None) -> None:
        """``output`` built from ``inputs``, with what its writer reported (``entries``: a later build
        that reuses the output reports them again)."""
        self.records[str(output)] = {"inputs": inputs, "sha256": sha256_file(Path(output)),
                                     **({"entries": entries} if entries else {})}
        write_atomic(self.path, json.dumps(self.records, indent=1, sort_keys=True) + "\n")

    def entries(self, output: Path) -> list[dict]:
        """What the writer of ``output`` reported when it built it."""
        return self.records.get(str(output), {}).get("entries", [])

    def forget(self, output: Path) -> None:
        if self.records.pop(str(output), None) is not None:
            write_atomic(self.path, json.dumps(self.records, indent=1, sort_keys=True) + "\n")
