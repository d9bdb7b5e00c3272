"""Where the pipeline's own files are: the stylesheets and templates, package data in
``pipeline/styles`` (``styles/`` at a checkout's top is a link to it), found with
``importlib.resources`` wherever the package is installed (``pip install .``, a wheel, pipx, or an
editable install of a checkout)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=4)
def _folder(name: str) -> Path:
    """A folder of the package's data (a real folder: WeasyPrint, Jinja2 and Flask read files by path)."""
    return Path(str(resources.files(__package__) / name)).resolve()


def styles() -> Path:
    """The folder of stylesheets and templates."""
    return _folder("styles")


def skeleton() -> Path:
    """The files ``book-pipeline new`` copies into a new book folder."""
    return _folder("skeleton")
