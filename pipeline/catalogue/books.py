"""The books of a catalogue and what each is built from.

A catalogue is a folder of book folders (each a ``book.yaml`` with ``seeds/``, as ``book-pipeline new``
makes them) or a YAML list of book folders. Each book is known by its key (its folder's name, made
unique), under which its files are published and its state is kept.

Whether a book must be built again is decided by its inputs' fingerprint (their bytes and the
pipeline's code), as the single-book build decides. A run of thousands of books does not read every
folder again: a book whose input files' names, sizes and modification times (its ``stat`` signature)
are those of the last run keeps the fingerprint the state holds.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import PipelineError
from ..files import code_files, fingerprint

BOOK_FILE = "book.yaml"


@dataclass(frozen=True)
class CatalogueBook:
    key: str           # its name in the output and in the state (the folder's name, made unique)
    folder: Path


def read_catalogue(path: Path) -> list[CatalogueBook]:
    """The books of a catalogue folder or YAML list, in order; a problem is refused with its place."""
    path = Path(path)
    if path.is_dir():
        folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")
                         and (p / BOOK_FILE).is_file())
        if not folders:
            raise PipelineError("no book folders here (a book folder holds book.yaml and seeds/: "
                                "`book-pipeline new FOLDER` makes one)", str(path))
    elif path.is_file():
        folders = _listed(path)
    else:
        raise PipelineError("no such catalogue: give a folder of book folders or a YAML list of them", str(path))
    books, seen = [], set()
    for folder in folders:
        key, n = folder.name, 1
        while key in seen:
            n += 1
            key = f"{folder.name}-{n}"
        seen.add(key)
        books.append(CatalogueBook(key, folder.resolve()))
    return books


def _listed(path: Path) -> list[Path]:
    """The folders a YAML list names (relative to the list's folder), each checked, with its line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise PipelineError(f"not a YAML list of book folders: {getattr(exc, 'problem', exc)}", str(path),
                            line + 1 if line is not None else None) from None
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise PipelineError("a catalogue list is a YAML list of book folders (- books/one)", str(path),
                            node.start_mark.line + 1 if node is not None else None)
    folders = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            raise PipelineError("each entry is a book folder's path", str(path), line)
        folder = (path.parent / item.value.strip()).resolve()
        if not (folder / BOOK_FILE).is_file():
            raise PipelineError(f"{item.value.strip()}: not a book folder (no {BOOK_FILE} in it)", str(path), line)
        folders.append(folder)
    return folders


def input_files(folder: Path) -> list[Path]:
    """What a book is built from: book.yaml, corrections.yaml, the seeds (every file of seeds/, hidden
    ones too: the build says what it leaves out) and the files book.yaml names (cover, printer's profile)."""
    files = [folder / BOOK_FILE]
    if (folder / "corrections.yaml").exists():
        files.append(folder / "corrections.yaml")
    seeds = folder / "seeds"
    if seeds.is_dir():
        files += sorted(p for p in seeds.iterdir() if p.is_file())
    try:
        data = yaml.safe_load((folder / BOOK_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        data = {}                       # (the build reports it, with its line)
    if isinstance(data, dict):
        for key in ("cover", "print_profile"):
            if isinstance(data.get(key), str) and (folder / data[key]).is_file():
                files.append(folder / data[key])
    return files


def stat_signature(files: list[Path]) -> str:
    """The files' names, sizes and modification times: unchanged, their bytes are taken as unchanged."""
    h = hashlib.sha256()
    for f in files:
        try:
            st = os.stat(f)
            h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{f}\0missing\n".encode())
    return h.hexdigest()


def code_version() -> str:
    """The pipeline's code: a change of code builds every book again (as it rebuilds one book)."""
    return fingerprint(code_files())


def content_fingerprint(files: list[Path], code: str) -> str:
    return fingerprint(files, {"code": code})
