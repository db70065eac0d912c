"""Browsing the collection: search by text, deck, tag and state; one card's full record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import fsrs

from app.core.queries import state_name
from app.core.scheduler import Rating, make_scheduler, retrievability
from app.core.session import deck_clause
from app.core.store import CardRow, Store
from app.core.timeutil import parse_utc

STATES = ("any", "new", "learning", "review", "relearning", "suspended", "retired")
_STATE_SQL = {
    "new": "retired = 0 AND suspended = 0 AND state = 0",
    "learning": "retired = 0 AND suspended = 0 AND state = 1",
    "review": "retired = 0 AND suspended = 0 AND state = 2",
    "relearning": "retired = 0 AND suspended = 0 AND state = 3",
    "suspended": "retired = 0 AND suspended = 1",
    "retired": "retired = 1",
}


def search_cards(store: Store, *, text: str = "", deck: str | None = None,
                 tag: str | None = None, state: str = "any", limit: int = 500) -> list[CardRow]:
    """Cards whose front, back or source hold `text` (case-insensitive), filtered."""
    where, params = deck_clause(deck)
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}: one of {', '.join(STATES)}")
    if state != "any":
        where += f" AND {_STATE_SQL[state]}"
    else:
        where += " AND retired = 0"
    if text.strip():
        like = f"%{text.strip()}%"
        where += " AND (front LIKE ? OR back LIKE ? OR source_path LIKE ?)"
        params += [like, like, like]
    if tag:
        where += " AND EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE value = ? COLLATE NOCASE)"
        params.append(tag.lstrip("#"))
    return store.cards(where, params, order=f"deck, source_path, source_line, id LIMIT {limit}")


def tags(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT value FROM cards, json_each(cards.tags) WHERE retired = 0 ORDER BY 1")]


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
    r_now = retrievability(scheduler or make_scheduler(fuzz=False), card, now)
    return CardInfo(card, state_name(card), r_now, history)
