"""Problems found while loading a fact base, reported compiler-style."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from factbrowse.core.wording import plural

MAX_PER_FILE = 50
"""Problems listed for one file; one more line says how many others it has. A hostile file
can have 600,000, and a person fixes the first ones first anyway."""


def shown(path: Path | str) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 appear as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column."""

    path: Path
    line: int
    col: int
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def display_path(self, within: Path | None = None) -> str:
        """The path relative to the working folder when it is inside it, as compilers print
        (or to ``within``, when given and inside it); bytes of a name that are not UTF-8 shown
        escaped (``\\xff``), so it always prints."""
        if within is not None and self.path.is_relative_to(within):
            return shown(self.path.relative_to(within))
        try:
            rel = os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            rel = ".."
        return shown(self.path if rel.startswith("..") else rel)

    def __str__(self) -> str:
        return f"{self.display_path()}:{self.line}:{self.col}: {self.severity}: {self.message}"


def error(path: Path, line: int, col: int, message: str) -> Problem:
    return Problem(path, line, col, Severity.ERROR, message)


def warning(path: Path, line: int, col: int, message: str) -> Problem:
    return Problem(path, line, col, Severity.WARNING, message)


def more_problems(path: Path, line: int, col: int, more: int, errors: bool) -> Problem:
    """The line that stands for the ``more`` problems of a file not listed."""
    make = error if errors else warning
    return make(path, line, col, f"... and {plural(more, 'more problem')} in this file")
