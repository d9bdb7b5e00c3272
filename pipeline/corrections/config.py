"""Reading ``corrections.yaml``: the editor's rulings on decisions and the text corrections.

::

    decisions:
      - id: page-break-3f09a1c2      # from the review page (kind + surrounding text, never a line number)
        choice: join                 # or the other reading, or "confirm"
        excerpt: "…grain abroad. ¶ The pace of…"   # what the decision was about (shown when stale)
    edits:
      - chapter: 04-stalin           # the chapter file's name (without .txt)
        find: "Stalin’s “Second” Revolution"
        replace: "Stalin’s Second Revolution"
        count: 1                     # how often ``find`` must occur (default 1)
        why: "house style"

Every entry is checked; problems are reported together, each with its line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import PipelineError
from .decisions import CONFIRM, FAMILIES

FILE_NAME = "corrections.yaml"
MAX_BYTES = 4 * 1024 * 1024
ID = re.compile(r"\A(?P<family>[a-z-]+)-[0-9a-f]{8}(?:-\d{1,6})?\Z")     # (\Z: no trailing newline)
DECISION_KEYS = ("id", "choice", "excerpt", "why")            # required ones first
EDIT_KEYS = ("chapter", "find", "replace", "count", "why")


@dataclass
class Edit:
    chapter: str
    find: str
    replace: str
    count: int = 1
    why: str = ""
    line: int = 0       # its line in corrections.yaml

    @property
    def label(self) -> str:
        return f"edit '{self.find[:40]}' in {self.chapter}"


@dataclass
class Corrections:
    path: Path | None = None
    rulings: dict[str, str] = field(default_factory=dict)      # decision id -> choice
    excerpts: dict[str, str] = field(default_factory=dict)     # decision id -> excerpt (for stale ones)
    lines: dict[str, int] = field(default_factory=dict)        # decision id -> line in the file
    edits: list[Edit] = field(default_factory=list)

    @property
    def where(self) -> str:
        """The file's name as reports give it (relative to the working directory where possible)."""
        if self.path is None:
            return FILE_NAME
        try:
            rel = os.path.relpath(self.path)
        except ValueError:
            return str(self.path)
        return str(self.path) if rel.startswith("..") else rel


def load_corrections(path: Path) -> Corrections:
    """``corrections.yaml`` checked; an absent file means no corrections."""
    path = Path(path)
    if not path.exists():
        return Corrections(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read {FILE_NAME}: {exc.strerror}", str(path)) from None
    if len(raw) > MAX_BYTES:
        raise PipelineError(f"{FILE_NAME} is {len(raw)} bytes; at most {MAX_BYTES // 1024 // 1024} MiB", str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save {FILE_NAME} as UTF-8",
                            str(path), raw[: exc.start].count(b"\n") + 1) from None
    if _has_alias(text):
        raise PipelineError(f"YAML anchors and aliases (&name, *name) are not allowed in {FILE_NAME}", str(path))
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PipelineError(f"invalid YAML: {getattr(exc, 'problem', None) or exc}", str(path),
                            mark.line + 1 if mark is not None else None) from None
    return _checked(data, path)


def _has_alias(text: str) -> bool:
    import yaml
    try:
        return any(isinstance(e, (yaml.AliasEvent,)) or getattr(e, "anchor", None)
                   for e in yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False


def _line(node, key=None) -> int:
    try:
        if key is None:
            return node.lc.line + 1
        return node.lc.key(key)[0] + 1 if isinstance(key, str) else node.lc.item(key)[0] + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0


def _checked(data, path: Path) -> Corrections:
    out = Corrections(path)
    problems: list[tuple[int, str]] = []
    if data is None:
        return out
    if not isinstance(data, dict):
        raise PipelineError(f"{FILE_NAME} must be a mapping with 'decisions' and/or 'edits'", str(path), 1)
    for key in data:
        if key not in ("decisions", "edits"):
            problems.append((_line(data, key), f"unknown key '{key}' (known: decisions, edits)"))
    decisions = data.get("decisions") or []
    edits = data.get("edits") or []
    for name, value in (("decisions", decisions), ("edits", edits)):
        if not isinstance(value, list):
            problems.append((_line(data, name), f"'{name}' must be a list of entries (- …)"))
    if isinstance(decisions, list):
        for i, entry in enumerate(decisions):
            _decision(entry, _line(decisions, i), out, problems)
    if isinstance(edits, list):
        for i, entry in enumerate(edits):
            _edit(entry, _line(edits, i), out, problems)
    if problems:
        problems.sort()
        said = [(ln or None, f"invalid {FILE_NAME}: " + (f"line {ln}: " if ln else "") + m) for ln, m in problems]
        (line, first), *more = said              # one problem a line, each with its line
        raise PipelineError(first, str(path), line, more)
    return out


# C0 controls other than tab, and DEL: what a manuscript may not hold (pages.CONTROL), form feeds too
# (a correction stays within a paragraph)
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _text(entry: dict, key: str) -> str | None:
    v = entry.get(key)
    return v if isinstance(v, str) else None


def _mapping(entry, line: int, what: str, keys: tuple[str, ...], required: int, problems: list) -> bool:
    """Whether ``entry`` is a mapping; its unknown keys reported (``keys``: its ``required`` ones first)."""
    if not isinstance(entry, dict):
        problems.append((line, f"{what} is a mapping: {', '.join(keys[:required])} "
                               f"(and {', '.join(keys[required:])})"))
        return False
    for key in entry:
        if key not in keys:
            problems.append((_line(entry, key), f"unknown key '{key}' in {what} (known: {', '.join(keys)})"))
    return True


def _decision(entry, line: int, out: Corrections, problems: list) -> None:
    if not _mapping(entry, line, "a decision", DECISION_KEYS, 2, problems):
        return
    did, choice = _text(entry, "id"), _text(entry, "choice")
    m = ID.match(did or "")
    if not did or not m or m.group("family") not in FAMILIES:
        problems.append((line, f"decision id {entry.get('id')!r} is not one the review page gives "
                               f"(<{ '|'.join(FAMILIES) }>-<8 hex digits>)"))
        return
    family = FAMILIES[m.group("family")]
    allowed = (*family.choices, CONFIRM)
    if choice not in allowed:
        problems.append((_line(entry, "choice") or line, f"decision {did}: choice must be one of "
                                                         f"{', '.join(allowed)} (got {entry.get('choice')!r})"))
        return
    if did in out.rulings:
        problems.append((line, f"decision {did} is given twice (first on line {out.lines[did]})"))
        return
    out.rulings[did] = choice
    out.excerpts[did] = _text(entry, "excerpt") or ""
    out.lines[did] = line


def _edit(entry, line: int, out: Corrections, problems: list) -> None:
    if not _mapping(entry, line, "an edit", EDIT_KEYS, 3, problems):
        return
    chapter, find, replace = _text(entry, "chapter"), _text(entry, "find"), _text(entry, "replace")
    count = entry.get("count", 1)
    bad = [k for k, v in (("chapter", chapter), ("find", find), ("replace", replace)) if v is None]
    if bad:
        problems.append((line, f"an edit needs {', '.join(bad)} (text)"))
        return
    if not find.strip():
        problems.append((line, "an edit's find must not be empty"))
    elif find == replace:
        problems.append((line, f"edit '{find[:40]}': replace is the same as find"))
    elif "\n" in find or "\n" in replace:
        problems.append((line, f"edit '{find[:40]}': find and replace stay within one paragraph (no line breaks)"))
    elif (bad := CONTROL.search(find + replace)):
        problems.append((line, f"edit '{find[:40]}': control character U+{ord(bad.group(0)):04X} in find or replace: "
                               f"a correction is plain text like the manuscript (tabs only)"))
    elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
        problems.append((_line(entry, "count") or line, f"edit '{find[:40]}': count must be a whole number "
                                                        f"from 1 (got {count!r})"))
    else:
        out.edits.append(Edit(chapter.strip().removesuffix(".txt"), find, replace, count,
                              _text(entry, "why") or "", line))
