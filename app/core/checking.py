"""`blueprint check`: parse notes and their diagrams without a collection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.files import discover
from app.core.note_walk import parse_file, plain_note, split_notices, walk_notes
from importers.model import Problem


@dataclass
class CheckResult:
    files: int = 0
    cards: int = 0
    diagrams: int = 0
    without_cards: int = 0  # files holding text but no cards (plain notes)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def check_paths(paths: list[Path]) -> CheckResult:
    result = CheckResult()
    groups, problems = discover(paths)
    result.problems.extend(problems)
    for visit in walk_notes(groups):
        result.files += 1
        read = visit.read()
        if read.problem is not None:
            result.problems.append(read.problem)
            continue
        assert read.text is not None
        drafts, rows, problems = parse_file(read.text, visit.note)
        result.problems.extend(problems)
        result.cards += len(drafts)
        result.diagrams += len(rows)
        if plain_note(drafts, problems, read.text):
            result.without_cards += 1
    result.problems, result.notices = split_notices(result.problems)
    return result
