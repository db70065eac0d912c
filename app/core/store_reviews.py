"""The review log: append a grade with the card's new state, undo it, read it back, count it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from app.core.errors import StoreError
from app.core.store_base import StoreBase
from app.core.timeutil import format_utc

if TYPE_CHECKING:  # loaded by the method that rebuilds one: opening the store does not
    from app.core.schedule_state import ScheduleState

_T = TypeVar("_T")


class ReviewLog(StoreBase):
    """Rows of `reviews` are only appended, except that undo removes the newest one."""

    def reviews(self, card_id: int | None = None) -> list[dict]:
        if card_id is None:
            rows = self.conn.execute("SELECT * FROM reviews ORDER BY id")
        else:
            rows = self.conn.execute("SELECT * FROM reviews WHERE card_id = ? ORDER BY id",
                                     (card_id,))
        return [dict(r) for r in rows]

    def review_count(self) -> int:
        return self.count("SELECT count(*) FROM reviews")

    def review_count_between(self, start: datetime, end: datetime) -> int:
        return self.count(
            "SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?",
            (format_utc(start), format_utc(end)))

    def reviews_since(self, since: datetime) -> list[tuple[int, str, str]]:
        """(rating, reviewed_at, state_before JSON) of every review from `since` on."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT rating, reviewed_at, state_before FROM reviews WHERE reviewed_at >= ?",
            (format_utc(since),))]

    def studied_since(self, since: datetime) -> tuple[int, int]:
        """(new cards, review cards) graded from `since` on: what today's limits have used."""
        def read() -> tuple[int, int]:
            row = self.conn.execute(
                "SELECT sum(json_extract(state_before, '$.state') = 0), "
                "sum(json_extract(state_before, '$.state') = 2) FROM reviews "
                "WHERE reviewed_at >= ?", (format_utc(since),)).fetchone()
            return int(row[0] or 0), int(row[1] or 0)

        return self._unchanged(("studied", since), read)

    def family_cards_studied_since(self, since: datetime) -> dict[str, int]:
        """Per family: how many of its cards were graded from `since` on."""
        # From the day's reviews to their cards (CROSS JOIN keeps that order): without
        # statistics SQLite walked every card with a family and looked for its reviews
        # (0.13-0.27 s at 200k cards, on every session start).
        return dict(self._unchanged(("families", since), lambda: {
            r[0]: int(r[1]) for r in self.conn.execute(
                "SELECT c.family, count(DISTINCT c.id) FROM reviews r INDEXED BY reviews_time "
                "CROSS JOIN cards c ON c.id = r.card_id WHERE r.reviewed_at >= ? "
                "AND c.family IS NOT NULL GROUP BY c.family", (format_utc(since),))}))

    def _unchanged(self, key: tuple[str, datetime], read: Callable[[], _T]) -> _T:
        """`read()`, or what it gave last time if the collection has not changed since: no
        write on this connection (total_changes) nor a commit by another (data_version). The
        deck list builds a session per deck, each asking the day's counts (0.03 s a deck at
        200k cards, minutes for thousands of decks)."""
        stamp = (self.conn.total_changes,
                 self.conn.execute("PRAGMA data_version").fetchone()[0])
        memo: dict[tuple[str, datetime], tuple[tuple[int, int], Any]] = (
            self.__dict__.setdefault("_unchanged_reads", {}))
        known = memo.get(key)
        if known is not None and known[0] == stamp:
            return cast(_T, known[1])
        if len(memo) > 16:
            memo.clear()
        value = memo[key] = (stamp, read())
        return cast(_T, value[1])

    def families_studied_since(self, since: datetime) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT c.family FROM reviews r INDEXED BY reviews_time CROSS JOIN cards c "
            "ON c.id = r.card_id WHERE r.reviewed_at >= ? AND c.family IS NOT NULL",
            (format_utc(since),))}

    def rating_log(self, card_id: int) -> list[tuple[int, str]]:
        """(rating, reviewed_at) of one card in time order: what a replay needs."""
        return [(int(r[0]), r[1]) for r in self.conn.execute(
            "SELECT rating, reviewed_at FROM reviews WHERE card_id = ? ORDER BY reviewed_at, id",
            (card_id,))]

    def origins(self, prefix: str) -> set[str]:
        """Origins of reviews that came from elsewhere (e.g. "anki:<revlog id>")."""
        return {r[0] for r in self.conn.execute(
            "SELECT origin FROM reviews WHERE substr(origin, 1, ?) = ?", (len(prefix), prefix))}

    # -- writes ----------------------------------------------------------------------------
    def record_review(self, card_id: int, rating: int, reviewed_at: datetime,
                      duration_ms: int | None, state: ScheduleState, before: ScheduleState,
                      *, buried_before: datetime | None = None, origin: str = "blueprint",
                      bury: list[int] | None = None, bury_until: datetime | None = None) -> int:
        """Write one grade in one transaction: the log row (with the card's state before, for
        undo and limits), the card's new state, buried siblings."""
        snapshot = dict(before.to_json(), buried=bury or [],
                        buried_until=format_utc(buried_before) if buried_before else None)
        with self.transaction():
            review_id = self._append(card_id, rating, reviewed_at, duration_ms, snapshot, origin)
            self._set_state(card_id, state, None)
            if bury and bury_until is not None:
                self.conn.executemany("UPDATE cards SET buried_until = ? WHERE id = ?",
                                      [(format_utc(bury_until), cid) for cid in bury])
        return review_id

    def undo_review(self, review_id: int) -> int:
        """Remove one review (the last one) and put its card back as it was before it."""
        with self.transaction():
            row = self.conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise StoreError("nothing to undo", "")
            last = self.conn.execute("SELECT max(id) FROM reviews").fetchone()[0]
            if last != review_id:
                raise StoreError("only the last review can be undone", "")
            from app.core.schedule_state import ScheduleState

            before = json.loads(row["state_before"])
            self._set_state(row["card_id"], ScheduleState.from_json(before),
                            before.get("buried_until"))
            self.conn.executemany("UPDATE cards SET buried_until = NULL WHERE id = ?",
                                  [(cid,) for cid in before.get("buried", [])])
            self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return int(row["card_id"])

    def append_external_reviews(self, reviews: list[tuple[int, int, datetime, int | None, str]]
                                ) -> None:
        """Reviews made elsewhere, (card id, rating, time, duration, origin) each (their state
        before is unknown: replay rebuilds the cards' state); call inside `transaction()`
        together with `set_schedule`."""
        unknown = json.dumps({"state": None})
        self.conn.executemany(_INSERT_REVIEW, [
            (card_id, rating, format_utc(at), duration_ms, unknown, origin)
            for card_id, rating, at, duration_ms, origin in reviews])

    def set_schedule(self, card_id: int, state: ScheduleState) -> None:
        """Overwrite a card's FSRS state (after a replay); call inside `transaction()`."""
        self.conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ? WHERE id = ?", (*state.columns(), card_id))

    def _append(self, card_id: int, rating: int, reviewed_at: datetime,
                duration_ms: int | None, state_before: dict, origin: str) -> int:
        cur = self.conn.execute(_INSERT_REVIEW, (card_id, rating, format_utc(reviewed_at),
                                                 duration_ms, json.dumps(state_before), origin))
        return int(cur.lastrowid or 0)

    def _set_state(self, card_id: int, state: ScheduleState, buried_until: str | None) -> None:
        self.conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, buried_until = ? WHERE id = ?",
            (*state.columns(), buried_until, card_id))


_INSERT_REVIEW = ("INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, state_before, "
                  "origin) VALUES (?, ?, ?, ?, ?, ?)")
