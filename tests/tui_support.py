"""Shared setup of the TUI tests: a small note of our own, a real collection, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.core.importing import import_paths
from app.core.store import Store
from app.tui.app import BlueprintApp, make_app

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)

NOTE = """\
---
deck: Ranking::Basics
tags: [ranking]
---

# Ranking

## Metrics

Q: What does **CTR** stand for?
A: Click-through rate: clicks divided by impressions.

Q: Name two learning-to-rank losses.
A:
- pointwise
- pairwise

Q: Which metric rewards putting relevant items first?
A: NDCG, with $\\log_2$ position discounts.
"""

OTHER = """\
---
deck: Serving
---

# Serving

Q: What does a feature store serve online?
A: Fresh features at low latency.
"""


def clock() -> datetime:
    return NOW


def write_notes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ranking.md").write_text(NOTE, encoding="utf-8")
    (folder / "serving.md").write_text(OTHER, encoding="utf-8")
    return folder


def collection(tmp_path: Path, *, notes: bool = True) -> Store:
    store = Store(tmp_path / "collection.db")
    if notes:
        report = import_paths(store, [write_notes(tmp_path / "notes")], now=NOW)
        assert not report.problems, report.problems
    return store


def app_for(store: Store, **kwargs: object) -> BlueprintApp:
    return make_app(store, clock=clock, tz=UTC, **kwargs)  # type: ignore[arg-type]
