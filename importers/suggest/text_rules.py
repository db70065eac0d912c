"""The rules that read a section's text (diagrams need the file's path and are run apart)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from importers.suggest.definitions import definition_rule
from importers.suggest.lists import list_rule
from importers.suggest.model import Suggestion
from importers.suggest.numbers import numeric_rule
from importers.suggest.structure import Section
from importers.suggest.tables import table_rule

Rule = Callable[[Section], Iterator[Suggestion]]

# Adding a rule: a function of one Section yielding Suggestions, listed here.
TEXT_RULES: tuple[Rule, ...] = (definition_rule, list_rule, table_rule, numeric_rule)
