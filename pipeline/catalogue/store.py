"""Where a catalogue's outputs go: a local folder or any fsspec URL (``s3://bucket/prefix`` through
s3fs, ``memory://``, …). A file is written under a temporary name beside its place and moved there
when complete: a reader never sees half a file under its name. A book's ``MANIFEST.json`` (its files'
checksums) is written last."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import fsspec

PART = ".part"
MANIFEST = "MANIFEST.json"


class Store:
    def __init__(self, url: str, storage_options: dict | None = None):
        self.fs, root = fsspec.core.url_to_fs(url, **(storage_options or {}))
        self.root = root.rstrip("/") or root

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def publish(self, folder: str, files: dict[str, Path | bytes]) -> dict[str, dict]:
        """``files`` (name -> local file or bytes) into ``folder`` of the output, each under a temporary
        name first; then the folder's MANIFEST.json. The files' checksums and sizes."""
        self.fs.makedirs(self.path(folder), exist_ok=True)
        self.sweep(folder)
        token = uuid.uuid4().hex[:12]
        sums, moves = {}, []
        for name, content in sorted(files.items()):
            data = content.read_bytes() if isinstance(content, Path) else content
            sums[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            moves.append(self._stage(self.path(folder, name), data, token))
        for temporary, final in moves:
            self.fs.mv(temporary, final)
        manifest = json.dumps(sums, indent=1, sort_keys=True).encode() + b"\n"
        self.fs.mv(*self._stage(self.path(folder, MANIFEST), manifest, token))
        return sums

    def write(self, name: str, data: bytes) -> None:
        """One file at the output's top, by a temporary name."""
        self.fs.makedirs(self.root, exist_ok=True)
        self.fs.mv(*self._stage(self.path(name), data, uuid.uuid4().hex[:12]))

    def _stage(self, final: str, data: bytes, token: str) -> tuple[str, str]:
        """``data`` written beside ``final`` under a temporary name: (that name, ``final``)."""
        folder, name = final.rsplit("/", 1)
        temporary = f"{folder}/.{name}.{token}{PART}"
        self.fs.pipe_file(temporary, data)
        return temporary, final

    def sweep(self, folder: str) -> None:
        """Temporary files an attempt that died left in ``folder`` (never under a file's name)."""
        for leftover in self.fs.glob(self.path(folder, f".*{PART}")):
            self.fs.rm(leftover)

    def read(self, *parts: str) -> bytes:
        return self.fs.cat_file(self.path(*parts))

    def verify(self, folder: str) -> list[str]:
        """The files of ``folder`` whose bytes do not match its MANIFEST.json (empty: all match)."""
        sums = json.loads(self.read(folder, MANIFEST))
        return [name for name, s in sorted(sums.items())
                if hashlib.sha256(self.read(folder, name)).hexdigest() != s["sha256"]]
