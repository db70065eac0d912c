"""The workload ahead: reviews due each day from the stored due dates, and an FSRS simulation of
the reviews a chosen number of new cards a day and a desired retention would bring."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import fsrs

from app.core.calibration import Calibration
from app.core.evaluation import collection_scheduler, current_calibration
from app.core.scheduler import to_fsrs
from app.core.stats_data import due_per_day
from app.core.store import Store
from app.core.store_scheduling import new_card_ids, studied_cards
from app.core.timeutil import day_bounds

DAYS = 30
REVIEW_HOUR = timedelta(hours=6)  # simulated reviews happen this long after the day starts
MAX_PER_CARD_PER_DAY = 6  # learning steps may bring a card back the same day; not forever


@dataclass(frozen=True)
class DayCount:
    date: str  # the study day's local date, ISO
    count: int


def due_forecast(store: Store, *, now: datetime, tz: tzinfo | None = None,
                 days: int = DAYS) -> list[DayCount]:
    """Cards due on each study day from today on; overdue cards count for today."""
    start, end = day_bounds(now, tz)
    counts = due_per_day(store, start, end, days)
    return [DayCount(_local_date(start + timedelta(days=i), tz), n) for i, n in enumerate(counts)]


def _local_date(when: datetime, tz: tzinfo | None) -> str:
    local = when.astimezone(tz) if tz else when.astimezone()
    return local.date().isoformat()


def simulate_load(store: Store, *, now: datetime, new_per_day: int, retention: float,
                  tz: tzinfo | None = None, days: int = DAYS, seed: int = 0) -> list[DayCount]:
    """Reviews per study day if every due card is reviewed, `new_per_day` new cards start each
    day, and each review is recalled with the probability FSRS gives it (seeded draws)."""
    scheduler = collection_scheduler(store, retention, fuzz=False)
    chance = Calibration(intercept=current_calibration(store) or 0.0).apply
    start, _ = day_bounds(now, tz)
    cards = studied_cards(store)
    fresh = new_card_ids(store)
    queue: list[tuple[datetime, int, fsrs.Card]] = [
        (c.due or start, c.id, to_fsrs(c, now)) for c in cards]
    heapq.heapify(queue)
    rng = random.Random(seed)
    counts = [0] * days
    for day in range(days):
        begin = start + timedelta(days=day)
        end = begin + timedelta(days=1)
        for cid in fresh[day * new_per_day:(day + 1) * new_per_day]:
            heapq.heappush(queue, (begin, cid, fsrs.Card(card_id=cid, due=begin)))
        seen: dict[int, int] = {}
        later: list[tuple[datetime, int, fsrs.Card]] = []
        while queue and queue[0][0] < end:
            due, cid, card = heapq.heappop(queue)
            seen[cid] = seen.get(cid, 0) + 1
            if seen[cid] > MAX_PER_CARD_PER_DAY:
                later.append((end, cid, card))
                continue
            at = max(due, begin + REVIEW_HOUR)
            recalled = (card.last_review is None or
                        rng.random() < chance(scheduler.get_card_retrievability(card, at)))
            card, _ = scheduler.review_card(card, fsrs.Rating.Good if recalled
                                            else fsrs.Rating.Again, at)
            counts[day] += 1
            heapq.heappush(queue, (card.due, cid, card))
        for item in later:
            heapq.heappush(queue, item)
    return [DayCount(_local_date(start + timedelta(days=i), tz), n) for i, n in enumerate(counts)]


def forecast_json(store: Store, *, now: datetime, tz: tzinfo | None, new_per_day: int,
                  retention: float, simulate: bool = True) -> dict:
    data: dict = {"forecast": [{"date": d.date, "due": d.count}
                               for d in due_forecast(store, now=now, tz=tz)]}
    if simulate:
        data["simulation"] = {
            "new_per_day": new_per_day, "retention": retention,
            "reviews": [{"date": d.date, "reviews": d.count} for d in simulate_load(
                store, now=now, tz=tz, new_per_day=new_per_day, retention=retention)]}
    return data
