"""Read-only views of the collection: card lists, stats, deck counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.store import CardRow, Store
from app.core.timeutil import day_bounds, format_utc

STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def state_name(card: CardRow) -> str:
    if card.retired:
        return "retired"
    if card.suspended:
        return "suspended"
    return STATE_NAMES.get(card.state, "new")


def list_cards(store: Store, *, now: datetime, deck: str | None = None, due: bool = False,
               include_retired: bool = True, tz: tzinfo | None = None) -> list[CardRow]:
    return list(iter_cards(store, now=now, deck=deck, due=due, include_retired=include_retired,
                           tz=tz))


def iter_cards(store: Store, *, now: datetime, deck: str | None = None, due: bool = False,
               include_retired: bool = True, tz: tzinfo | None = None) -> Iterator[CardRow]:
    """`list_cards` one card at a time: constant memory however big the collection."""
    due_before = day_bounds(now, tz)[1] if due else None
    return store.iter_cards(deck=deck, due_before=due_before, include_retired=include_retired)


def card_json(card: CardRow) -> dict:
    return {
        "id": card.uid, "deck": card.deck, "kind": card.kind, "front": card.front,
        "back": card.back, "source": card.source, "state": state_name(card),
        "due": format_utc(card.due) if card.due else None, "retired": card.retired,
        "tags": list(card.tags), "breadcrumb": list(card.breadcrumb),
    }


def stats(store: Store, *, now: datetime, tz: tzinfo | None = None) -> dict:
    start, end = day_bounds(now, tz)
    counts = {"new": 0, "learning": 0, "review": 0, "relearning": 0, "suspended": 0,
              "retired": 0}
    for state, retired, suspended, n in store.state_counts():
        if retired:
            counts["retired"] += n
        elif suspended:
            counts["suspended"] += n
        else:
            counts[STATE_NAMES.get(state, "new")] += n
    return {"cards": counts, "due_today": store.due_count(end),
            "reviews_today": store.review_count_between(start, end),
            "reviews_total": store.review_count(), "diagrams": store.live_diagram_count()}


@dataclass(frozen=True)
class DeckCounts:
    deck: str
    new: int
    learning: int
    due: int
    total: int


def deck_counts(store: Store, *, now: datetime, tz: tzinfo | None = None) -> list[DeckCounts]:
    """Per deck (leaf decks as stored; parents are summed by the caller): new/learning/due."""
    _, end = day_bounds(now, tz)
    return [DeckCounts(*row) for row in store.deck_count_rows(now, end)]


def studied_today(store: Store, *, now: datetime, tz: tzinfo | None = None) -> tuple[int, int]:
    """(new cards, review cards) graded since today's 04:00: what today's limits have used."""
    start, _ = day_bounds(now, tz)
    return store.studied_since(start)
