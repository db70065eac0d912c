"""The numbers behind the stats screen: reviews per day, true retention, the due forecast."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from app.core.store import Store
from app.core.timeutil import day_bounds, parse_utc


@dataclass(frozen=True)
class StudyStats:
    days: list[str]  # labels of the past days, oldest first ("06-01")
    reviews_per_day: list[int]
    forecast_days: list[str]  # labels of the coming days, today first
    due_per_day: list[int]
    true_retention: float | None  # share of review-state cards remembered (rating > Again)
    retention_reviews: int  # how many reviews that share is taken from
    reviews_total: int
    studied_today: int


def study_stats(store: Store, *, now: datetime, days: int = 30,
                tz: tzinfo | None = None) -> StudyStats:
    start, end = day_bounds(now, tz)
    first = start - timedelta(days=days - 1)
    per_day = [0] * days
    passed = asked = 0
    for rating, at, before in store.reviews_since(first):
        when = parse_utc(at)
        assert when is not None
        index = int((when - first) // timedelta(days=1))
        if 0 <= index < days:
            per_day[index] += 1
        if json.loads(before).get("state") == 2:
            asked += 1
            passed += rating > 1
    due = due_per_day(store, start, end, days)
    local = tz or start.astimezone().tzinfo
    past = [(first + timedelta(days=i)).astimezone(local).strftime("%m-%d") for i in range(days)]
    coming = [(start + timedelta(days=i)).astimezone(local).strftime("%m-%d")
              for i in range(days)]
    return StudyStats(past, per_day, coming, due, passed / asked if asked else None, asked,
                      store.review_count(), per_day[-1])


def due_per_day(store: Store, start: datetime, end: datetime, days: int) -> list[int]:
    """Cards due on each of `days` study days, the first running from `start` to `end`;
    overdue cards count for the first."""
    due = [0] * days
    for at in store.due_times(end + timedelta(days=days - 1)):
        when = parse_utc(at)
        assert when is not None
        index = max(0, int((when - start) // timedelta(days=1)))
        if index < days:
            due[index] += 1
    return due
