"""``book-pipeline new DIR``: a book folder to start from — a commented ``book.yaml``, ``seeds/`` with a
short sample chapter (two pages of Pepys's diary in the seed's shape: a paragraph and a word broken
at the page end, notes at the page foot) and a ``.gitignore`` for what builds write."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import PipelineError
from .files import listing
from .resources import skeleton

FILES = {"book.yaml": "book.yaml", "gitignore": ".gitignore", "seeds/01-sample.txt": "seeds/01-sample.txt"}


def create(folder: Path) -> list[Path]:
    """Write a new book folder at ``folder`` (created; refused when it holds anything already)."""
    if folder.exists() and not folder.is_dir():
        raise PipelineError(f"{folder}: is a file; give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        present = sorted(p.name for p in folder.iterdir())
        raise PipelineError(f"{folder}: not empty ({listing(present)}); give the name of a new folder (nothing was written)")
    written = []
    for source, target in FILES.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(skeleton() / source, path)
        written.append(path)
    return written
