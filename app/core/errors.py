"""One error hierarchy: a message saying what is wrong and a hint saying what to do."""

from __future__ import annotations


class BlueprintError(Exception):
    """An error meant for the user; the CLI and the TUI show `message` and `hint`."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class StoreError(BlueprintError):
    """The collection file cannot be opened, read or written."""


class ImportProblems(BlueprintError):
    """`--strict` import found problems; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "", problems: list | None = None) -> None:
        super().__init__(message, hint)
        self.problems = problems or []


class UsageError(BlueprintError):
    """A command was given arguments it cannot use."""


class RetireRefused(BlueprintError):
    """An import would retire more than half of a notes root's cards; nothing was written."""

    def __init__(self, message: str, hint: str = "", retire: int = 0, total: int = 0) -> None:
        super().__init__(message, hint)
        self.retire = retire
        self.total = total
