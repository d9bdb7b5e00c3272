"""Errors the pipeline reports to its user: always with a file and, when known, a line."""

from __future__ import annotations


class PipelineError(Exception):
    """A problem with the input or the build that the user must fix.

    The CLI prints it as ``file:line: message`` and exits non-zero; it never shows a traceback.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"
