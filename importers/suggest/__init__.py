"""Cards drafted from plain notes' structure: definitions, short lists, tables, numbers, diagrams.

Each rule is a function of one `Section` yielding `Suggestion`s; `suggest_note` runs them all,
drops duplicates, ranks and caps. Pure functions of text: no database, no file system.
"""

from __future__ import annotations

from bisect import bisect_right

from importers.markdown import parse_note
from importers.suggest.definitions import definition_rule
from importers.suggest.diagram_rule import diagram_rule
from importers.suggest.lists import list_rule
from importers.suggest.model import RULES, Suggestion
from importers.suggest.numbers import numeric_rule
from importers.suggest.rank import DEFAULT_CAP, rank
from importers.suggest.structure import sections
from importers.suggest.text_rules import TEXT_RULES


def suggest_note(text: str, source_path: str, *, cap: int | None = DEFAULT_CAP,
                 diagrams: bool = True) -> list[Suggestion]:
    """Every suggestion for one note, best first, at most `cap` per section."""
    found: list[Suggestion] = []
    seen: set[str] = set()
    diagram_count = [0]
    parts = sections(text)
    carded = _sections_with_cards(text, source_path, [p.line for p in parts])
    for i, section in enumerate(parts):
        if i not in carded:  # a section with written cards has its cards already
            for rule in TEXT_RULES:
                found.extend(rule(section))
        if diagrams:
            found.extend(diagram_rule(section, source_path, diagram_count))
    unique = []
    for s in found:
        if s.id not in seen:
            seen.add(s.id)
            unique.append(s.with_path(source_path))
    return rank(unique, cap=cap)


def _sections_with_cards(text: str, source_path: str, starts: list[int]) -> set[int]:
    """Indexes of the sections holding a card written in card syntax."""
    card_lines = [c.line for c in parse_note(text, source_path).cards if not c.diagram_key]
    return {bisect_right(starts, line) - 1 for line in card_lines}


__all__ = ["suggest_note", "Suggestion", "RULES", "DEFAULT_CAP", "definition_rule", "list_rule",
           "numeric_rule", "diagram_rule"]
