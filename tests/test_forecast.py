"""The forecast: due counts per day from stored due dates, the simulated load, the stats screen."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers import write
from test_cli import run
from test_fsrs_eval import synthetic_log
from tui_support import settle

from app.core.collection import Collection
from app.core.forecast import due_forecast, simulate_load
from app.core.store import Store
from app.core.timeutil import day_bounds, parse_utc

NOW = datetime(2024, 2, 10, 12, tzinfo=UTC)


def _collection(tmp_path: Path) -> str:
    coll = str(tmp_path / "c.db")
    run("--collection", coll, "import-reviews", str(synthetic_log(tmp_path / "log.csv")))
    write(tmp_path / "n", "new.md", "".join(f"Q: new {i}\nA: a{i}\n\n" for i in range(40)))
    run("--collection", coll, "import", str(tmp_path / "n"))
    return coll


def test_next_seven_days_equal_a_direct_count_of_due_dates(tmp_path: Path) -> None:
    coll = _collection(tmp_path)
    store = Store(coll)
    forecast = due_forecast(store, now=NOW, tz=UTC)
    start, _ = day_bounds(NOW, UTC)
    cards = [c for c in json.loads(run("--collection", coll, "list", "--json").stdout)
             if c["state"] != "new" and c["due"]]
    for day in range(7):
        end = start + timedelta(days=day + 1)
        low = start + timedelta(days=day) if day else datetime.min.replace(tzinfo=UTC)
        direct = sum(1 for c in cards if low <= parse_utc(c["due"]) < end)
        assert forecast[day].count == direct, day
        assert forecast[day].date == (start + timedelta(days=day)).date().isoformat()
    assert sum(d.count for d in forecast[:7]) > 0
    store.close()


def test_simulated_load_follows_new_cards_and_retention(tmp_path: Path) -> None:
    store = Store(_collection(tmp_path))
    none = simulate_load(store, now=NOW, tz=UTC, new_per_day=0, retention=0.9)
    some = simulate_load(store, now=NOW, tz=UTC, new_per_day=10, retention=0.9)
    assert len(none) == len(some) == 30
    # each new card is seen at least once on its first day (and again in its learning steps)
    assert all(s.count >= n.count for s, n in zip(some[:4], none[:4], strict=True))
    assert some[0].count >= none[0].count + 10
    assert sum(d.count for d in some) > sum(d.count for d in none)
    strict = simulate_load(store, now=NOW, tz=UTC, new_per_day=0, retention=0.97)
    assert sum(d.count for d in strict) > sum(d.count for d in none)
    # seeded: the same inputs give the same load
    assert simulate_load(store, now=NOW, tz=UTC, new_per_day=10, retention=0.9) == some
    store.close()


def test_stats_json_has_forecast_and_simulation(tmp_path: Path) -> None:
    coll = _collection(tmp_path)
    data = json.loads(run("--collection", coll, "stats", "--json", "--new", "5",
                          "--retention", "0.85").stdout)
    assert len(data["forecast"]) == 30 and set(data["forecast"][0]) == {"date", "due"}
    assert data["simulation"]["new_per_day"] == 5 and data["simulation"]["retention"] == 0.85
    assert len(data["simulation"]["reviews"]) == 30
    bad = run("--collection", coll, "stats", "--retention", "0.5")
    assert bad.returncode == 2
    # Plain `stats --json` stays a quick count: the simulation only runs when asked for.
    plain = json.loads(run("--collection", coll, "stats", "--json").stdout)
    assert "simulation" not in plain and len(plain["forecast"]) == 30
    asked = json.loads(run("--collection", coll, "stats", "--json", "--simulate").stdout)
    assert asked["simulation"]["new_per_day"] == 20 and asked["simulation"]["retention"] == 0.9


async def test_stats_screen_plots_the_simulated_load(tmp_path: Path) -> None:
    from app.tui.app import make_app
    from app.tui.screens.stats import StatsScreen

    coll = _collection(tmp_path)
    collection = Collection.open(coll, clock=lambda: NOW, tz=UTC)
    app = make_app(collection)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.load is not None
        before = list(screen.load)
        assert screen.load == [d["reviews"] for d in collection.forecast()["simulation"]["reviews"]]
        await pilot.press("n")  # 20 -> 30 new cards a day
        await settle(pilot)
        assert screen.new_per_day == 30 and screen.load is not None
        assert screen.load[0] > before[0]
        assert screen.load == [d["reviews"] for d in collection.forecast(
            new_per_day=30)["simulation"]["reviews"]]
        await pilot.press("r")
        await settle(pilot)
        assert screen.retention == 0.95
        assert screen.load == [d["reviews"] for d in collection.forecast(
            new_per_day=30, retention=0.95)["simulation"]["reviews"]]
    collection.close()
