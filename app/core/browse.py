"""Browsing the collection: search by text, deck, tag and state; one card's full record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo

import fsrs

from app.core.calibration import Calibration
from app.core.queries import state_name
from app.core.scheduler import Rating, make_scheduler, retrievability
from app.core.store import CardRow, Store
from app.core.store_cards import SEARCH_STATES
from app.core.store_scheduling import parameter_history
from app.core.timeutil import day_bounds, parse_utc

STATES = SEARCH_STATES


def search_cards(store: Store, *, text: str = "", deck: str | None = None,
                 tag: str | None = None, state: str = "any", limit: int = 500) -> list[CardRow]:
    """Cards whose front, back or source hold `text` (case-insensitive), filtered."""
    return store.search_cards(text=text, deck=deck, tag=tag, state=state, limit=limit)


def due_label(card: CardRow, now: datetime, tz: tzinfo | None = None) -> str:
    """When a card is due, in at most 8 cells: `today`, `in 3d`, `2d late`, `in 5mo`, `—`."""
    if card.due is None or card.state == 0 or card.retired:
        return "—"
    start, _ = day_bounds(now, tz)
    days = (card.due - start).days  # whole study days from today's start (04:00 local)
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days}d late" if days > -100 else "overdue"
    if days < 60:
        return f"in {days}d"
    return f"in {days // 30}mo" if days < 730 else f"in {days // 365}y"


def tags(store: Store) -> list[str]:
    return store.tags()


@dataclass(frozen=True)
class ReviewLine:
    reviewed_at: datetime
    rating: str
    state_before: str
    duration_ms: int | None


@dataclass(frozen=True)
class CardInfo:
    card: CardRow
    state: str
    retrievability: float | None
    history: list[ReviewLine]


def card_info(store: Store, card_id: int, *, now: datetime,
              scheduler: fsrs.Scheduler | None = None) -> CardInfo:
    card = store.card(card_id)
    history = []
    for r in store.reviews(card_id):
        before = json.loads(r["state_before"]).get("state", 0)
        at = parse_utc(r["reviewed_at"])
        assert at is not None
        history.append(ReviewLine(at, Rating(r["rating"]).name.title(),
                                  {0: "new", 1: "learning", 2: "review",
                                   3: "relearning"}.get(before, "?"), r["duration_ms"]))
    return CardInfo(card, state_name(card), recall_chance(store, card, now, scheduler), history)


def recall_chance(store: Store, card: CardRow, now: datetime,
                  scheduler: fsrs.Scheduler | None = None) -> float | None:
    """The card's chance of recall now: the retrievability under the parameters `optimize`
    applied last (FSRS defaults before), mapped through their calibration if one was fitted,
    as the forecast and the scheduler's target read it. A given `scheduler` is used as is."""
    if scheduler is not None:
        return retrievability(scheduler, card, now)
    history = parameter_history(store)
    last = history[-1] if history else None
    r_now = retrievability(make_scheduler(fuzz=False, parameters=last.parameters if last else None),
                           card, now)
    if r_now is None or last is None or not last.calibration:
        return r_now
    return Calibration(intercept=last.calibration).apply(r_now)
