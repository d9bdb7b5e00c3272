"""``python -m pipeline …`` for the tests without starting Python again for each command.

A build started as a new interpreter spends about a second importing WeasyPrint, the pipeline and their
dependencies before it does anything; the tests start a few dozen. Here each command runs in a process
forked from a server that imported them once (the standard library's ``forkserver``, one per test
worker): a new process for every command, as a user's shell gives, with the command's own environment,
working folder, output and exit status, and nothing left over from an earlier command (the server never
runs one). What is not the same: every command of a worker shares the server's string-hash seed, where
new interpreters each draw their own. The tests that compare a build with another byte for byte
(test_pdf, test_epub, test_bundle) compare one made here with one kept in the test store, made by a new
interpreter (``helpers.built``). The tests of bad input on the command line start new interpreters.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# What nearly every command imports; a module left out is imported by the command that needs it.
PRELOAD = ["pipeline.cli", "pipeline.build", "pipeline.bundle", "pipeline.epub", "pipeline.normalise",
           "pipeline.pdf", "pipeline.pdf.layout", "pipeline.onix", "pipeline.review.page", "pipeline.review.app",
           "weasyprint", "pikepdf", "pypdf", "pypandoc", "rich"]

_context = None


def _server():
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload([*PRELOAD, __name__])
    return _context


def warm() -> None:
    """Start this process's server now: it imports while the first tests run."""
    from multiprocessing import forkserver
    _server()
    forkserver.ensure_running()


def _command(argv: list[str], env: dict[str, str], cwd: str, out: str, err: str) -> None:
    """The forked process: ``python -m pipeline *argv`` with this environment, folder and output files."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = [str(Path(cwd) / "pipeline" / "__main__.py"), *argv]
    from pipeline.cli import main
    sys.exit(main(argv))


def start(argv: list[str], env: dict[str, str], cwd: Path, out: Path, err: Path) -> multiprocessing.Process:
    """``python -m pipeline *argv`` started and left running (a server), its output written to ``out`` and
    ``err``: stop it with ``terminate()`` and ``join()``."""
    process = _server().Process(target=_command, args=(argv, env, str(cwd), str(out), str(err)))
    process.start()
    return process


def run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """What ``subprocess.run([python, "-m", "pipeline", *argv], capture_output=True, text=True)`` gives."""
    with tempfile.TemporaryDirectory(prefix="pipeline-run-") as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        process = start(argv, env, cwd, out, err)
        process.join()
        read = (lambda path: path.read_text() if path.exists() else "")
        return subprocess.CompletedProcess([sys.executable, "-m", "pipeline", *argv], process.exitcode,
                                           read(out), read(err))
