"""Errors the pipeline reports to its user: always with a file and, when known, a line."""

from __future__ import annotations


class PipelineError(Exception):
    """A problem with the input or the build that the user must fix.

    The CLI prints it as ``file:line: message`` and exits non-zero; it never shows a traceback.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 more: list[tuple[int | None, str]] = ()):
        """``more``: further problems of the same file, (line, message) each: one problem a line."""
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.more = list(more)

    def _where(self, line: int | None) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{line}: " if line else f"{self.file}: "

    def lines(self) -> list[str]:
        """Each problem as ``file:line: message``, the first one first."""
        return [f"{self._where(self.line)}{self.message}"] + [f"{self._where(ln)}{m}" for ln, m in self.more]

    def __str__(self) -> str:
        return "\n".join(self.lines())
