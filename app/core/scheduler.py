"""FSRS through the `fsrs` package: pure functions of a card's state, a rating and `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

import fsrs

from app.core.store import CardRow
from app.core.timeutil import format_utc, parse_utc, utc

DESIRED_RETENTION = 0.9
NEW = 0  # a card never reviewed; fsrs itself starts cards in Learning


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class Grade:
    """The outcome of one review: the card's new state (as stored) and the log entry."""

    state: dict
    rating: Rating
    reviewed_at: datetime
    interval: timedelta


def make_scheduler(desired_retention: float = DESIRED_RETENTION, *, fuzz: bool = True,
                   parameters: tuple[float, ...] | None = None) -> fsrs.Scheduler:
    if not 0.7 <= desired_retention <= 0.99:
        raise ValueError("desired retention must lie between 0.70 and 0.99")
    kwargs: dict = {"desired_retention": desired_retention, "enable_fuzzing": fuzz}
    if parameters:
        kwargs["parameters"] = parameters
    return fsrs.Scheduler(**kwargs)


def state_of(card: CardRow) -> dict:
    """The scheduling columns of a card, as `Store.record_review` writes them."""
    return {
        "state": card.state, "step": card.step, "stability": card.stability,
        "difficulty": card.difficulty, "due": format_utc(card.due) if card.due else None,
        "last_review": format_utc(card.last_review) if card.last_review else None,
        "buried_until": format_utc(card.buried_until) if card.buried_until else None,
    }


def to_fsrs(card: CardRow, now: datetime) -> fsrs.Card:
    if card.state == NEW:
        return fsrs.Card(card_id=card.id, due=utc(now))
    return fsrs.Card(
        card_id=card.id, state=fsrs.State(card.state), step=card.step,
        stability=card.stability, difficulty=card.difficulty, due=card.due,
        last_review=card.last_review,
    )


def grade(scheduler: fsrs.Scheduler, card: CardRow, rating: Rating, now: datetime) -> Grade:
    """Review `card` at `now`; nothing is written."""
    now = utc(now)
    new, _log = scheduler.review_card(to_fsrs(card, now), fsrs.Rating(int(rating)), now)
    state = {
        "state": int(new.state), "step": new.step, "stability": new.stability,
        "difficulty": new.difficulty, "due": format_utc(new.due),
        "last_review": format_utc(new.last_review) if new.last_review else format_utc(now),
        "buried_until": None,
    }
    return Grade(state, rating, now, new.due - now)


def preview(scheduler: fsrs.Scheduler, card: CardRow, now: datetime) -> dict[Rating, timedelta]:
    """The next interval each rating would give, for the grade buttons."""
    return {r: grade(scheduler, card, r, now).interval for r in Rating}


def retrievability(scheduler: fsrs.Scheduler, card: CardRow, now: datetime) -> float | None:
    if card.state == NEW:
        return None
    return float(scheduler.get_card_retrievability(to_fsrs(card, now), utc(now)))


def replay(scheduler: fsrs.Scheduler, card_id: int,
           reviews: list[tuple[int, datetime]]) -> dict:
    """Rebuild a card's state from its review log alone (the log is the source of truth)."""
    logs = [fsrs.ReviewLog(card_id=card_id, rating=fsrs.Rating(r), review_datetime=utc(t),
                           review_duration=None) for r, t in reviews]
    card = fsrs.Card(card_id=card_id, due=utc(reviews[0][1]) if reviews else None)
    if logs:
        card = scheduler.reschedule_card(card, logs)
    return {
        "state": int(card.state) if logs else NEW, "step": card.step,
        "stability": card.stability, "difficulty": card.difficulty,
        "due": format_utc(card.due) if logs else None,
        "last_review": format_utc(card.last_review) if card.last_review else None,
    }


def format_interval(delta: timedelta) -> str:
    """`<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`: what grade buttons show."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


__all__ = ["Rating", "Grade", "make_scheduler", "grade", "preview", "replay", "state_of",
           "retrievability", "format_interval", "parse_utc"]
