"""The scheduling side of the collection: review logs for fitting and evaluation, imported logs,
the FSRS parameters in force and their history, per-deck options. All its SQL lives here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import NamedTuple

from app.core.schedule_state import ScheduleState
from app.core.store import ACTIVE, CardRow, Store, deck_clause
from app.core.timeutil import format_utc, parse_utc

LOG_ORIGIN = "log:"  # reviews read from a review-log file: "log:<card id in the file>:<time>"


# NamedTuples, not dataclasses: a dataclass is compiled each time its module loads, and this
# module loads with every review's start-up.
class LogCard(NamedTuple):
    """A card made for a review-log id that the collection did not have."""

    log_id: str
    deck: str
    source: str
    line: int


def review_log(store: Store) -> list[tuple[int, int, datetime, str]]:
    """Every review as (card id, rating, time, card kind), oldest first."""
    rows = store.conn.execute(
        "SELECT r.card_id, r.rating, r.reviewed_at, c.kind FROM reviews r "
        "JOIN cards c ON c.id = r.card_id ORDER BY r.reviewed_at, r.id")
    return [(cid, rating, parse_utc(at), kind) for cid, rating, at, kind in rows]  # type: ignore[misc]


def card_logs(store: Store, card_ids: list[int] | None = None) -> dict[int, list]:
    """Each card's (rating, time) log in time order; all cards with reviews when ids is None."""
    out: dict[int, list] = {}
    rows = store.conn.execute("SELECT card_id, rating, reviewed_at FROM reviews "
                              "ORDER BY card_id, reviewed_at, id")
    wanted = None if card_ids is None else set(card_ids)
    for cid, rating, at in rows:
        if wanted is None or cid in wanted:
            out.setdefault(cid, []).append((int(rating), parse_utc(at)))
    return out


def set_schedules(store: Store, states: dict[int, ScheduleState]) -> None:
    """Write replayed FSRS states (scheduler.replay's) in one transaction."""
    with store.transaction():
        for cid, state in states.items():
            store.set_schedule(cid, state)


def log_origins(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute(
        "SELECT origin FROM reviews WHERE substr(origin, 1, ?) = ?",
        (len(LOG_ORIGIN), LOG_ORIGIN))}


def log_card_ids(store: Store) -> dict[str, int]:
    """Cards made from review logs, by the id the log gave them."""
    return {uid.removeprefix("review-log:"): cid for uid, cid in store.conn.execute(
        "SELECT uid, id FROM cards WHERE substr(uid, 1, 11) = 'review-log:'")}


def log_origin(log_id: str, at: datetime) -> str:
    """The origin of a review read from a review-log file: the same row is added once."""
    return f"{LOG_ORIGIN}{log_id}:{format_utc(at)}"


def add_log_cards(store: Store, new_cards: list[LogCard], now: datetime) -> dict[str, int]:
    """Create a card for each review-log id the collection did not have (inside the caller's
    transaction); returns every review-log card's id by its log id."""
    import hashlib  # here: a review screen's start-up does not need it

    stamp = format_utc(now)
    for card in new_cards:
        front = f"Card {card.log_id} of the review log {card.source}"
        digest = hashlib.sha256(json.dumps(["review-log", card.log_id]).encode()).hexdigest()
        store.conn.execute(
            "INSERT INTO cards(uid, kind, deck, front, back, source_path, source_line, "
            "content_hash, created_at, modified_at) VALUES (?, 'basic', ?, ?, ?, ?, ?, ?, ?, ?)",
            (f"review-log:{card.log_id}", card.deck, front,
             "(no content: this card only carries a review history)", card.source,
             card.line, digest, stamp, stamp))
    return log_card_ids(store)


class ParameterSet(NamedTuple):
    parameters: tuple[float, ...]
    applied_at: datetime
    reviews: int  # how many reviews they were fitted on
    log_loss: float | None
    calibration: float | None = None  # logit shift of their predictions (calibration.py)


def parameter_history(store: Store) -> list[ParameterSet]:
    """Every parameter set applied, oldest first; the last one is in force."""
    return [ParameterSet(tuple(json.loads(p)), parse_utc(at), n, loss, shift)  # type: ignore[arg-type]
            for p, at, n, loss, shift in store.conn.execute(
                "SELECT parameters, applied_at, reviews, log_loss, calibration "
                "FROM parameter_history ORDER BY id")]


def push_parameters(store: Store, parameters: tuple[float, ...], *, now: datetime,
                    reviews: int, log_loss: float | None,
                    calibration: float | None = None) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO parameter_history(parameters, applied_at, reviews, log_loss, "
            "calibration) VALUES (?, ?, ?, ?, ?)",
            (json.dumps(list(parameters)), format_utc(now), reviews, log_loss, calibration))


def pop_parameters(store: Store) -> bool:
    """Remove the parameter set in force (the previous one, or the defaults, apply again)."""
    with store.transaction():
        row = store.conn.execute("SELECT max(id) FROM parameter_history").fetchone()
        if row[0] is None:
            return False
        store.conn.execute("DELETE FROM parameter_history WHERE id = ?", (row[0],))
    return True


OPTION_COLUMNS = ("retention", "new_per_day", "reviews_per_day", "day_start_hour")


def deck_option_rows(store: Store) -> dict[str, dict]:
    """Options set on decks, by deck: only the fields a deck sets (the others are None)."""
    return {deck: dict(zip(OPTION_COLUMNS, values, strict=True))
            for deck, *values in store.conn.execute(
                f"SELECT deck, {', '.join(OPTION_COLUMNS)} FROM deck_options")}


def set_deck_option_row(store: Store, deck: str, values: dict) -> None:
    """Set some options of `deck`, keeping the ones not given."""
    unknown = set(values) - set(OPTION_COLUMNS)
    if unknown:
        raise ValueError(f"unknown deck options {sorted(unknown)}")
    with store.transaction():
        store.conn.execute("INSERT OR IGNORE INTO deck_options(deck) VALUES (?)", (deck,))
        for column, value in values.items():
            store.conn.execute(f"UPDATE deck_options SET {column} = ? WHERE deck = ?",
                               (value, deck))


def deck_exists(store: Store, deck: str) -> bool:
    """Whether any active card lies in `deck` or under it."""
    where, params = deck_clause(deck)  # the deck's range of its index, not a read of all
    return store.conn.execute(
        f"SELECT 1 FROM cards INDEXED BY cards_deck WHERE retired = 0 AND {where} LIMIT 1",
        params).fetchone() is not None


def card_decks(store: Store, card_ids: list[int]) -> dict[int, str]:
    return {cid: deck for cid, deck in store.conn.execute(
        "SELECT id, deck FROM cards WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(card_ids),))}


def studied_today_by_deck(store: Store, day_start: datetime) -> dict[str, tuple[int, int]]:
    """(new cards, review cards) graded since `day_start`, per deck."""
    return {deck: (int(new or 0), int(review or 0)) for deck, new, review in store.conn.execute(
        "SELECT c.deck, sum(json_extract(r.state_before, '$.state') = 0), "
        "sum(json_extract(r.state_before, '$.state') = 2) FROM reviews r "
        "JOIN cards c ON c.id = r.card_id WHERE r.reviewed_at >= ? GROUP BY c.deck",
        (format_utc(day_start),))}


def studied_cards(store: Store) -> list[CardRow]:
    """Active cards that have a schedule (not new), by id."""
    return store.cards(f"{ACTIVE} AND state != 0", order="id")


def new_card_ids(store: Store) -> list[int]:
    """Active new cards in the order a session introduces them."""
    return [r[0] for r in store.conn.execute(
        f"SELECT id FROM cards WHERE {ACTIVE} AND state = 0 ORDER BY id")]


def file_cards(store: Store, root: str, rel: str) -> list[CardRow]:
    """The active cards of one note, by line then id (siblings in the order they were made)."""
    return store.cards("retired = 0 AND root = ? AND source_path = ?", (root, rel),
                       order="source_line, cloze_ordinal, id")


def reviewed_ids(store: Store, card_ids: list[int]) -> set[int]:
    """Which of these cards have reviews in the log."""
    return {r[0] for r in store.conn.execute(
        "SELECT DISTINCT card_id FROM reviews WHERE card_id IN (SELECT value FROM json_each(?))",
        (json.dumps(card_ids),))}
