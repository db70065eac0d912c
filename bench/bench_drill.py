"""Benchmark: how long the drill screens take to answer a key, 45-minute drill of a shipped case.

Run: `python bench/bench_drill.py [--quick]`. A real collection with the shipped decks, the real
app driven by Pilot (headless, 120x40). Each key is timed from the press to the next screen
refresh; a bare Textual app with one TextArea takes the same typed keys, alternating key by key
with ours, as the floor. Goal: every drill key ≤ 50 ms at p99.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, Row, pct, print_table  # noqa: E402

from app.core.collection import Collection  # noqa: E402
from app.tui.app import make_app  # noqa: E402
from app.tui.screens.drill import DrillScreen  # noqa: E402

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
GOAL_MS = 50.0


async def _press(pilot, app, key: str) -> float:
    """Milliseconds from the key press to the refresh that shows its effect."""
    start = time.perf_counter()
    await pilot.press(key)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    return (time.perf_counter() - start) * 1000


async def measure(db: Path, rounds: int) -> dict[str, list[float]]:
    from textual.app import App
    from textual.widgets import TextArea

    class Bare(App[None]):
        def compose(self):
            yield TextArea()

    collection = Collection.open(db, clock=lambda: NOW, tz=UTC)
    ours = make_app(collection, drill=("ad-click-prediction", 45))
    bare = Bare()
    times: dict[str, list[float]] = {"type": [], "bare type": [], "to checklist": [],
                                     "confirm, next step": [], "skip step": []}
    async with ours.run_test(size=(120, 40)) as op, bare.run_test(size=(120, 40)) as bp:
        await op.pause()
        await bp.pause()
        assert isinstance(ours.screen, DrillScreen)
        for _ in range(rounds):
            screen = ours.screen
            assert isinstance(screen, DrillScreen)
            if screen.phase == "summary":
                break
            for ch in "label from an attribution window":
                key = "space" if ch == " " else ch
                times["type"].append(await _press(op, ours, key))
                times["bare type"].append(await _press(bp, bare, key))
            times["to checklist"].append(await _press(op, ours, "ctrl+n"))
            if screen.drill.current + 1 < len(screen.drill.steps) - 1:
                times["confirm, next step"].append(await _press(op, ours, "ctrl+n"))
            else:
                times["skip step"].append(await _press(op, ours, "ctrl+s"))
    collection.close()
    return times


def rows(work: Path, quick: bool) -> list[Row]:
    db = work / "drill.db"
    collection = Collection.open(db, clock=lambda: NOW, tz=UTC)
    collection.import_paths([REPO / "decks"])
    collection.close()
    times = asyncio.run(measure(db, 3 if quick else 6))
    bare = times.pop("bare type")
    out = []
    for name, values in times.items():
        if not values:
            continue
        p99 = pct(values, 99)
        floor = (f"bare TextArea p50 {pct(bare, 50):.1f} ms, p99 {pct(bare, 99):.1f} ms"
                 if name == "type" else "—")
        out.append(Row(f"drill key: {name} (n={len(values)})",
                       f"p50 {pct(values, 50):.1f} ms, p99 {p99:.1f} ms", floor,
                       f"{pct(values, 50) / pct(bare, 50):.2f}×" if name == "type" else "—",
                       f"p99 ≤ {GOAL_MS:.0f} ms", p99 <= GOAL_MS))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps, for development")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-drill-") as tmp:
        print_table(rows(Path(tmp), args.quick))


if __name__ == "__main__":
    main()
