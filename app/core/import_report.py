"""What an import reports: counts, problems and notices, the changes, the Obsidian schedules."""

from __future__ import annotations

from importers.problem import Problem


class ImportReport:
    """Counts and lists, all starting empty. A plain class: a dataclass's methods are compiled
    at every start-up, and a re-import with nothing changed is mostly start-up."""

    def __init__(self) -> None:
        self.added = 0
        self.changed = 0
        self.unchanged = 0
        self.retired = 0
        self.revived = 0
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []  # skipped content the user need not fix
        self.files_parsed = 0
        self.files_skipped = 0
        self.diagrams = 0
        self.without_cards = 0  # files read that hold text but no cards (plain notes)
        self.changes: list[tuple[str, str]] = []  # (what, "path:line front"), when asked for
        # notes read this time that carry Obsidian SR schedules: (root, rel path, shown, text)
        self.osr_notes: list[tuple[str, str, str, str]] = []
        self.osr_kept = 0  # cards given their Obsidian schedule (app/core/osr_import.py)
        self.osr_unplaced: list[Problem] = []

    def summary(self) -> str:
        return (f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.retired} retired, {self.revived} revived, {len(self.problems)} problems")
