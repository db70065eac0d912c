"""Read-only views of the collection: card lists, stats, deck counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.session import ACTIVE, deck_clause
from app.core.session import studied_today as session_studied_today
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
    where, params = deck_clause(deck)
    if due:
        _, end = day_bounds(now, tz)
        where += f" AND {ACTIVE} AND state != 0 AND due < ?"
        params.append(format_utc(end))
    elif not include_retired:
        where += " AND retired = 0"
    return store.cards(where, params, order="deck, source_path, source_line, id")


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
    for state, retired, suspended, n in store.conn.execute(
            "SELECT state, retired, suspended, count(*) FROM cards GROUP BY 1, 2, 3"):
        if retired:
            counts["retired"] += n
        elif suspended:
            counts["suspended"] += n
        else:
            counts[STATE_NAMES.get(state, "new")] += n
    due_today = store.count(f"SELECT count(*) FROM cards WHERE {ACTIVE} AND state != 0 AND "
                            "due < ?", (format_utc(end),))
    reviews_today = store.count("SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND "
                                "reviewed_at < ?", (format_utc(start), format_utc(end)))
    reviews_total = store.count("SELECT count(*) FROM reviews")
    return {"cards": counts, "due_today": due_today, "reviews_today": reviews_today,
            "reviews_total": reviews_total,
            "diagrams": store.count("SELECT count(*) FROM diagrams WHERE retired = 0")}


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
    rows = store.conn.execute(
        f"SELECT deck, sum(state = 0), sum(state IN (1, 3) AND due < ?), "
        f"sum(state = 2 AND due < ?), count(*) FROM cards WHERE {ACTIVE} AND "
        "(buried_until IS NULL OR buried_until <= ?) GROUP BY deck ORDER BY deck",
        (format_utc(end), format_utc(end), format_utc(now))).fetchall()
    return [DeckCounts(r[0], r[1] or 0, r[2] or 0, r[3] or 0, r[4]) for r in rows]



def studied_today(store: Store, *, now: datetime, tz: tzinfo | None = None) -> tuple[int, int]:
    """(new cards, review cards) graded since today's 04:00: what today's limits have used."""
    start, _ = day_bounds(now, tz)
    return session_studied_today(store, start)
