"""Ranking: definition-like first, long answers last, a cap per section."""

from __future__ import annotations

from collections import defaultdict

from importers.suggest.model import Suggestion

DEFAULT_CAP = 8  # suggestions kept per section (heading), best first


def rank(suggestions: list[Suggestion], *, cap: int | None = DEFAULT_CAP) -> list[Suggestion]:
    """Best first (score, then the note's order); at most `cap` per section (None: no cap)."""
    ordered = sorted(suggestions, key=lambda s: (-s.score, s.line))
    if cap is None:
        return ordered
    kept: list[Suggestion] = []
    per_section: dict[tuple[str, ...], int] = defaultdict(int)
    for s in ordered:
        if per_section[s.breadcrumb] < cap:
            per_section[s.breadcrumb] += 1
            kept.append(s)
    return kept

