"""The catalogue run's state: a SQLite database beside the output (one writer: the client).

One row a book: where its folder is, its inputs' ``stat`` signature and fingerprint, its status
(``built``, ``failed``), the fingerprint it was last built from, its timings and messages, what it
holds (pages, words, notes, warnings, open decisions) and the checksums of its published files. One
row a run. ``catalogue.json`` and the catalogue page are views of it; a run of 10,000 books resumes
from it without rereading every folder (``books.stat_signature``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

COLUMNS = {
    "key": "TEXT PRIMARY KEY", "folder": "TEXT", "stat": "TEXT", "fingerprint": "TEXT", "status": "TEXT",
    "built_from": "TEXT", "message": "TEXT", "seconds": "REAL", "worker": "TEXT", "peak_mb": "REAL",
    "title": "TEXT", "pages": "INTEGER", "words": "INTEGER", "notes": "INTEGER", "warnings": "INTEGER",
    "open_decisions": "INTEGER", "outputs": "TEXT", "bundle": "TEXT", "onix": "BLOB", "updated": "REAL",
    "run": "INTEGER",
}
JSON_COLUMNS = ("outputs",)


class State:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(f"CREATE TABLE IF NOT EXISTS books ({', '.join(f'{k} {t}' for k, t in COLUMNS.items())})")
        self.db.execute("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started REAL, finished REAL, "
                        "scheduler TEXT, workers INTEGER, books INTEGER, built INTEGER, failed INTEGER, "
                        "unchanged INTEGER, seconds REAL)")
        self.db.commit()

    def book(self, key: str) -> dict | None:
        row = self.db.execute("SELECT * FROM books WHERE key = ?", (key,)).fetchone()
        return self._dict(row) if row else None

    def books(self) -> list[dict]:
        return [self._dict(r) for r in self.db.execute("SELECT * FROM books ORDER BY key")]

    def save(self, key: str, commit: bool = True, **fields) -> None:
        """A book's row, created or updated with ``fields`` (the others kept); ``commit=False`` leaves
        the commit to a later call (thousands of rows in one transaction)."""
        fields = {k: json.dumps(v, sort_keys=True) if k in JSON_COLUMNS else v for k, v in fields.items()
                  if k in COLUMNS and k != "key"}
        fields["updated"] = time.time()
        names = ", ".join(fields)
        self.db.execute(f"INSERT INTO books (key, {names}) VALUES (?, {', '.join('?' * len(fields))}) "
                        f"ON CONFLICT(key) DO UPDATE SET {', '.join(f'{k} = excluded.{k}' for k in fields)}",
                        (key, *fields.values()))
        if commit:
            self.db.commit()

    def forget_others(self, keys: set[str]) -> None:
        """Books no longer in the catalogue leave the state (their published files stay)."""
        for row in self.db.execute("SELECT key FROM books").fetchall():
            if row["key"] not in keys:
                self.db.execute("DELETE FROM books WHERE key = ?", (row["key"],))
        self.db.commit()

    def start_run(self, scheduler: str, books: int) -> int:
        cur = self.db.execute("INSERT INTO runs (started, scheduler, books) VALUES (?, ?, ?)",
                              (time.time(), scheduler, books))
        self.db.commit()
        return int(cur.lastrowid)

    def finish_run(self, run: int, workers: int, built: int, failed: int, unchanged: int, seconds: float) -> None:
        self.db.execute("UPDATE runs SET finished = ?, workers = ?, built = ?, failed = ?, unchanged = ?, seconds = ? "
                        "WHERE id = ?", (time.time(), workers, built, failed, unchanged, seconds, run))
        self.db.commit()

    def runs(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM runs ORDER BY id")]

    def close(self) -> None:
        self.db.close()

    @staticmethod
    def _dict(row: sqlite3.Row) -> dict:
        d = dict(row)
        for k in JSON_COLUMNS:
            d[k] = json.loads(d[k]) if d.get(k) else {}
        return d
