"""`Problem`: what is wrong with an input file, and where. Its own module: the walk and a
re-import with nothing changed report problems without loading the draft types (importers.model
re-exports it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem in an input file, printed as `path:line: message`."""

    path: str
    line: int
    message: str
    notice: bool = False  # skipped content the user need not fix (an unsupported diagram type)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
