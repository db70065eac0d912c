"""What an import reports: counts, problems and notices, the changes, the Obsidian schedules."""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.problem import Problem


@dataclass
class ImportReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0
    revived: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # skipped content the user need not fix
    files_parsed: int = 0
    files_skipped: int = 0
    diagrams: int = 0
    without_cards: int = 0  # files read that hold text but no cards (plain notes)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (what, "path:line front")
    # notes read this time that carry Obsidian SR schedules: (root, rel path, shown path, text)
    osr_notes: list[tuple[str, str, str, str]] = field(default_factory=list)
    osr_kept: int = 0  # cards given their Obsidian schedule (app/core/osr_import.py)
    osr_unplaced: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.retired} retired, {self.revived} revived, {len(self.problems)} problems")
