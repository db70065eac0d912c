"""Benchmark: how long the stats screen takes to show on a big review history.

Run: `python bench/bench_stats_open.py [--cards N] [--rounds R]`.
Three sides alternate in one run, each a fresh app per round (its stylesheet loaded anew):
- ours: the screen as shipped (counts and the load simulation in worker threads);
- floor: the same screen with nothing to compute (placeholders only): the widgets' own cost;
- before: the numbers computed on the UI thread as the screen mounts (how it was).
Goal: the screen shows within 1.5x the floor (it no longer waits for the numbers).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, Run, alternate, print_table, ratio, secs, spread  # noqa: E402

from app.core.collection import Collection  # noqa: E402
from app.tui.app import make_app  # noqa: E402
from app.tui.screens.stats import StatsScreen  # noqa: E402

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
GOAL = 1.5


STATS_CSS = str(Path(sys.modules[StatsScreen.__module__].__file__ or "").with_name("stats.tcss"))


class EmptyStats(StatsScreen):
    CSS_PATH = STATS_CSS  # a subclass elsewhere would look for it beside this file

    def refresh_stats(self) -> None:  # placeholders only
        pass


class SynchronousStats(StatsScreen):
    CSS_PATH = STATS_CSS

    def on_mount(self) -> None:  # what on_mount used to do before the screen showed
        c = self.collection
        self._counted(self.Counted(c.study_stats(), c.stats()))
        sim = c.forecast(new_per_day=self.new_per_day,
                         retention=self.retention)["simulation"]["reviews"]
        self._simulated(self.Simulated(self.new_per_day, self.retention,
                                       [d["date"][5:] for d in sim],
                                       [d["reviews"] for d in sim]))


def history(path: Path, cards: int) -> Path:
    rng = random.Random(3)
    lines = ["card_id,review_rating,review_time,review_duration"]
    start = NOW - timedelta(days=400)
    for card in range(cards):
        at, interval = start + timedelta(hours=rng.randint(0, 2000)), 1.0
        for _ in range(7):
            recalled = rng.random() < 0.95 ** interval
            lines.append(f"{card},{rng.choice((2, 3, 3, 4)) if recalled else 1},"
                         f"{at.isoformat()},5000")
            interval = interval * 2.5 if recalled else 1.0
            at += timedelta(days=interval)
    path.write_text("\n".join(lines) + "\n")
    return path


def shown(collection: Collection, screen: type[StatsScreen]) -> Run:
    async def run() -> float:
        app = make_app(collection)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            await app.push_screen(screen(collection))
            elapsed = time.perf_counter() - start
            await app.workers.wait_for_complete()  # the next round starts on a quiet app
        return elapsed

    return Run(asyncio.run(run()), 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-stats-"))
    collection = Collection.open(folder / "c.db", clock=lambda: NOW, tz=UTC)
    collection.import_review_log(history(folder / "log.csv", args.cards))
    runs = alternate({"ours": lambda: shown(collection, StatsScreen),
                      "floor": lambda: shown(collection, EmptyStats),
                      "before": lambda: shown(collection, SynchronousStats)}, args.rounds)
    ours, floor, before = secs(runs["ours"]), secs(runs["floor"]), secs(runs["before"])
    r = ratio(ours, floor)
    print_table([
        Row(f"stats screen shown, {args.cards:,} cards / {args.cards * 7:,} reviews",
            spread(ours), spread(floor), f"{r:.2f}x", f"<= {GOAL}x the empty screen",
            r <= GOAL),
        Row("before: numbers computed as it mounted", spread(before), spread(floor),
            f"{ratio(before, floor):.2f}x"),
    ])
    collection.close()


if __name__ == "__main__":
    main()
