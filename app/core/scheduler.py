"""FSRS through the `fsrs` package: pure functions of a card's state, a rating and `now`.

`fsrs` is imported where a scheduler is built or used, not with this module: a review session
shows its first card (Rating, Grade, format_interval) before any scheduler is needed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

from app.core.schedule_state import NEW, ScheduleState
from app.core.store import CardRow, Store
from app.core.store_scheduling import parameter_history
from app.core.timeutil import utc

if TYPE_CHECKING:
    import fsrs

DESIRED_RETENTION = 0.9


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Grade(NamedTuple):  # (a dataclass is compiled at every review's start-up)
    """The outcome of one review: the card's new state (as stored) and the log entry."""

    state: ScheduleState
    rating: Rating
    reviewed_at: datetime
    interval: timedelta


def make_scheduler(desired_retention: float = DESIRED_RETENTION, *, fuzz: bool = True,
                   parameters: tuple[float, ...] | None = None,
                   calibration: float | None = None) -> fsrs.Scheduler:
    """An FSRS scheduler aiming at `desired_retention`. With a `calibration` (the logit shift
    `optimize` fitted, calibration.py) the model's retrievability R stands for the recall chance
    sigmoid(logit(R) + shift), so the scheduler aims R at the value whose chance is the target."""
    import fsrs

    from app.core.calibration import Calibration

    if not 0.7 <= desired_retention <= 0.99:
        raise ValueError("desired retention must lie between 0.70 and 0.99")
    aim = Calibration(intercept=calibration).model_target(desired_retention) \
        if calibration else desired_retention
    kwargs: dict = {"desired_retention": aim, "enable_fuzzing": fuzz}
    if parameters:
        kwargs["parameters"] = parameters
    return fsrs.Scheduler(**kwargs)


def collection_scheduler(store: Store, retention: float = DESIRED_RETENTION, *,
                         fuzz: bool = True) -> fsrs.Scheduler:
    """A scheduler with the parameters (and calibration) `optimize` applied last, if any."""
    history = parameter_history(store)
    last = history[-1] if history else None
    return make_scheduler(retention, fuzz=fuzz, parameters=last.parameters if last else None,
                          calibration=last.calibration if last else None)


def to_fsrs(card: CardRow, now: datetime) -> fsrs.Card:
    import fsrs

    if card.state == NEW:
        return fsrs.Card(card_id=card.id, due=utc(now))
    return fsrs.Card(
        card_id=card.id, state=fsrs.State(card.state), step=card.step,
        stability=card.stability, difficulty=card.difficulty, due=card.due,
        last_review=card.last_review,
    )


def grade(scheduler: fsrs.Scheduler, card: CardRow, rating: Rating, now: datetime) -> Grade:
    """Review `card` at `now`; nothing is written."""
    import fsrs

    now = utc(now)
    new, _log = scheduler.review_card(to_fsrs(card, now), fsrs.Rating(int(rating)), now)
    state = ScheduleState(int(new.state), new.step, new.stability, new.difficulty, utc(new.due),
                          utc(new.last_review) if new.last_review else now)
    return Grade(state, rating, now, new.due - now)


def retrievability(scheduler: fsrs.Scheduler, card: CardRow, now: datetime) -> float | None:
    if card.state == NEW:
        return None
    return float(scheduler.get_card_retrievability(to_fsrs(card, now), utc(now)))


def replay(scheduler: fsrs.Scheduler, card_id: int,
           reviews: list[tuple[int, datetime]]) -> ScheduleState:
    """Rebuild a card's state from its review log alone (the log is the source of truth)."""
    import fsrs

    logs = [fsrs.ReviewLog(card_id=card_id, rating=fsrs.Rating(r), review_datetime=utc(t),
                           review_duration=None) for r, t in reviews]
    card = fsrs.Card(card_id=card_id, due=utc(reviews[0][1]) if reviews else None)
    if not logs:
        return ScheduleState()
    card = scheduler.reschedule_card(card, logs)
    return ScheduleState(int(card.state), card.step, card.stability, card.difficulty,
                         utc(card.due), utc(card.last_review) if card.last_review else None)


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


__all__ = ["NEW", "Grade", "Rating", "ScheduleState", "format_interval", "grade",
           "make_scheduler", "replay", "retrievability"]
