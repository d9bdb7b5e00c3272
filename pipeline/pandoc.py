"""Pandoc, run with a time limit: every conversion of the pipeline goes through here.

pypandoc-binary provides the executable; it is called directly (no format checks per call), with the
input on stdin, and stopped when it takes longer than ``TIMEOUT`` seconds (pathological input must never
hang a build). Several texts can be converted side by side, one process per core.
"""

from __future__ import annotations

import json
import subprocess
import threading
from functools import lru_cache

from .errors import PipelineError

TIMEOUT = 300.0   # seconds for one conversion (the 24-chapter Pepys book reads in about 2 s)


@lru_cache(maxsize=1)
def executable() -> str:
    import pypandoc
    return pypandoc.get_pandoc_path()


@lru_cache(maxsize=1)
def version() -> str:
    """The pandoc in use (pypandoc-binary's release names it)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version
    try:
        return f"pypandoc-binary {dist_version('pypandoc-binary')}"
    except PackageNotFoundError:      # pragma: no cover
        return executable()


def convert(text: str, source: str, target: str, extra_args: tuple[str, ...] = (), what: str | None = None) -> str:
    """``text`` converted from ``source`` to ``target`` format."""
    return convert_many([text], source, target, extra_args, what)[0]


def read_json(markdown: str, what: str | None = None) -> dict:
    """Pandoc's reading of Markdown (``markdown-smart``: the author's quotes stay as typed) as a JSON AST."""
    return json.loads(convert(markdown, "markdown-smart", "json", what=what))


def read_json_files(paths: list, what: str | None = None) -> dict:
    """Pandoc's reading of several Markdown files as one JSON AST, each file read on its own
    (``--file-scope``: its note labels and heading identifiers are its own), their blocks in order."""
    cmd = [executable(), "--from", "markdown-smart", "--to", "json", "--file-scope", *map(str, paths)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise _too_slow(what) from None
    if done.returncode != 0:
        raise _failed(what, done.stderr)
    return json.loads(done.stdout.decode("utf-8"))


def _too_slow(what: str | None) -> PipelineError:
    return PipelineError(f"pandoc stopped after {TIMEOUT:.0f} s reading {what or 'the Markdown'}: the text holds "
                         f"something pandoc cannot read in reasonable time")


def _failed(what: str | None, stderr: bytes) -> PipelineError:
    return PipelineError(f"pandoc could not convert {what or 'the Markdown'}: "
                         f"{stderr.decode('utf-8', 'replace').strip()[:300]}")


def convert_many(texts: list[str], source: str, target: str, extra_args: tuple[str, ...] = (),
                 what: str | None = None) -> list[str]:
    """Each text converted, the pandoc processes running side by side."""
    cmd = [executable(), "--from", source, "--to", target, *extra_args]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in texts]
    results: list = [None] * len(texts)

    def run(i: int) -> None:
        try:
            out, err = procs[i].communicate(texts[i].encode("utf-8"), timeout=TIMEOUT)
            results[i] = (procs[i].returncode, out, err)
        except BaseException as exc:  # reported by the calling thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outputs = []
    for r in results:
        if isinstance(r, BaseException):
            for p in procs:
                p.kill()
                p.wait()
            if isinstance(r, subprocess.TimeoutExpired):
                raise _too_slow(what) from None
            raise r
        code, out, err = r
        if code != 0:
            raise _failed(what, err)
        outputs.append(out.decode("utf-8"))
    return outputs


def convert_each(texts: list[str], source: str, target: str, extra_args: tuple[str, ...] = (),
                 what: str | None = None):
    """Each text converted, in order, a few at a time (one process per core): a generator, so that a
    caller processing each output as it comes holds only a few in memory."""
    from concurrent.futures import ThreadPoolExecutor

    n = workers(len(texts))
    with ThreadPoolExecutor(max_workers=n) as pool:
        pending = []
        for i, text in enumerate(texts):
            pending.append(pool.submit(convert, text, source, target, extra_args, what))
            if len(pending) > n:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def workers(n: int) -> int:
    """How many conversions to run side by side."""
    from .files import cores
    return max(1, min(cores(), 4, n))
