"""Shared setup of the TUI tests: a small note of our own, a real collection, a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from app.core.collection import Collection
from app.core.importing import import_paths
from app.core.scheduler import make_scheduler
from app.core.store import Store
from app.tui.app import BlueprintApp, make_app
from app.tui.screens.review import ReviewScreen

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


SCHEDULER = make_scheduler(fuzz=False)  # golden intervals: no fuzz


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


def app_for(store: Store, *, review_deck: str | None = None,
            start_review: bool = False) -> BlueprintApp:
    collection = Collection(store, clock=clock, tz=UTC, scheduler=SCHEDULER)
    return make_app(collection, review_deck=review_deck, start_review=start_review)


@asynccontextmanager
async def reviewing(store: Store) -> AsyncIterator[tuple[BlueprintApp, Pilot, ReviewScreen]]:
    """The app started straight into a review at 120x40, its first card on screen."""
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        yield app, pilot, screen


DIAGRAM_NOTE = """\
---
deck: Serving::Diagram
---

# Ads serving

```mermaid
flowchart LR
  %% id: tui-serving
  %% aliases: FS = feature store
  %% skip: REQ, RESP
  REQ[Request] --> CG[Candidate generation<br/>15 ms]
  CG --> FS[Feature store<br/>10 ms]
  FS --> RK[Ranking model<br/>40 ms]
  RK --> RESP[Response]
```
"""


def diagram_collection(tmp_path: Path) -> Store:
    store = Store(tmp_path / "collection.db")
    folder = tmp_path / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "serving.md").write_text(DIAGRAM_NOTE, encoding="utf-8")
    report = import_paths(store, [folder], now=NOW)
    assert not report.problems, report.problems
    return store


def text_of(widget: object, width: int = 100) -> str:
    """What a Static shows, as plain text (Rich renderables rendered with a Console)."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(widget.content)  # type: ignore[attr-defined]
    return console.file.getvalue()  # type: ignore[attr-defined]


async def settle(pilot: object) -> None:
    """Wait until every worker of the app (counts, simulations, jobs) is done and shown."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
