"""Writing ``corrections.yaml`` for the review application: one change at a time, the file's comments
and order kept (ruamel.yaml's round trip), written atomically, checked before it replaces the old one."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import PipelineError
from ..files import write_atomic
from .config import _checked

HEADER = """\
# The editor's corrections, read by every build (make markdown, epub, pdf, bundle).
# decisions: rulings on the normaliser's decisions, by id (confirm, or the other reading).
# edits: text corrections: chapter (file name), find, replace, count (default 1), why.
"""
OPEN = "open"     # a decision given back to the rule (its ruling removed)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def _load(path: Path) -> CommentedMap:
    if not path.exists():
        return _yaml().load(HEADER + "decisions: []\nedits: []\n")
    data = _yaml().load(path.read_text(encoding="utf-8-sig"))
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise PipelineError("corrections.yaml must be a mapping with 'decisions' and/or 'edits'", str(path))
    return data


def _list(data: CommentedMap, key: str) -> CommentedSeq:
    if not isinstance(data.get(key), list):
        data[key] = CommentedSeq()
    return data[key]


def _save(path: Path, data: CommentedMap) -> None:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    text = buf.getvalue()
    _checked(_yaml().load(text), path)          # never write a file the build would refuse
    write_atomic(path, text)


def set_decision(path: Path, did: str, choice: str, excerpt: str = "") -> None:
    """Record the editor's ``choice`` for decision ``did`` (``open`` removes the ruling)."""
    data = _load(path)
    decisions = _list(data, "decisions")
    for i, entry in enumerate(decisions):
        if isinstance(entry, dict) and entry.get("id") == did:
            if choice == OPEN:
                del decisions[i]
            else:
                entry["choice"] = choice
            break
    else:
        if choice != OPEN:
            entry = CommentedMap([("id", did), ("choice", choice)])
            if excerpt:
                entry["excerpt"] = excerpt
            decisions.append(entry)
    _save(path, data)


def add_edit(path: Path, chapter: str, find: str, replace: str, count: int = 1, why: str = "") -> None:
    data = _load(path)
    entry = CommentedMap([("chapter", chapter), ("find", find), ("replace", replace)])
    if count != 1:
        entry["count"] = count
    if why:
        entry["why"] = why
    _list(data, "edits").append(entry)
    _save(path, data)


def edit_key(chapter: str, find: str, replace: str, count: int = 1) -> str:
    """A correction's stable name: what it says, not where it stands in the list (a stale page or a
    double click must not remove the next one)."""
    import hashlib
    return hashlib.sha256("\x1f".join([chapter, find, replace, str(count)]).encode()).hexdigest()[:16]


def remove_edit(path: Path, key: str) -> None:
    data = _load(path)
    edits = _list(data, "edits")
    for i, entry in enumerate(edits):
        if edit_key(str(entry.get("chapter", "")).strip().removesuffix(".txt"), entry.get("find", ""),
                    entry.get("replace", ""), entry.get("count", 1)) == key:
            del edits[i]
            _save(path, data)
            return
    raise PipelineError("that correction is not in corrections.yaml (removed already?)", str(path))


def snapshot(path: Path) -> bytes | None:
    """The file's bytes (None when absent), to put back when a change makes the build fail."""
    return path.read_bytes() if path.exists() else None


def restore(path: Path, old: bytes | None) -> None:
    if old is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, old)
