"""A study session: today's queue (learning, reviews, new), grading, undo, suspend and bury."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import fsrs

from app.core.errors import BlueprintError
from app.core.scheduler import (
    Grade,
    Rating,
    format_interval,
    grade,
    make_scheduler,
    state_of,
)
from app.core.store import CardRow, Store
from app.core.timeutil import day_bounds, format_utc, utc

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class Limits:
    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True)
class Remaining:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass
class _Undo:
    review_id: int
    card_id: int
    queues: tuple[list[int], list[int], list[int]]


class StudySession:
    """Decides what to show next; the UI only displays it and passes the user's grades back."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime], deck: str | None = None,
                 limits: Limits | None = None, scheduler: fsrs.Scheduler | None = None,
                 tz: tzinfo | None = None) -> None:
        self.store = store
        self.clock = clock
        self.deck = deck
        self.limits = limits or Limits()
        self.scheduler = scheduler or make_scheduler()
        self.tz = tz
        self._undo: list[_Undo] = []
        self._started: dict[int, datetime] = {}
        self._previews: dict[int, tuple[CardRow, dict[Rating, Grade]]] = {}
        self.reviewed = 0
        self._build()

    # -- queue ------------------------------------------------------------------------------
    def _build(self) -> None:
        now = utc(self.clock())
        day_start, day_end = day_bounds(now, self.tz)
        self.day_end = day_end
        done_new, done_review = self.store.studied_since(day_start)
        seen = self.store.families_studied_since(day_start)
        self.learning = self.store.learning_ids(self.deck, now, day_end)
        self.review = self._pick("review", now, seen,
                                 max(0, self.limits.reviews_per_day - done_review))
        self.new = self._pick("new", now, seen, max(0, self.limits.new_per_day - done_new))

    def _pick(self, queue: str, now: datetime, seen: set[str], limit: int) -> list[int]:
        """Up to `limit` cards, one per family, reading only as many rows as that takes."""
        out: list[int] = []
        offset, page = 0, max(4 * limit, 200)
        while len(out) < limit:
            rows = self.store.queue_page(queue, self.deck, now, self.day_end, page, offset)
            out.extend(_one_per_family(rows, seen, limit - len(out)))
            if len(rows) < page:
                break
            offset += page
        return out

    def _learning_due(self, when: datetime) -> int | None:
        if not self.learning:
            return None
        card = self.store.card(self.learning[0])
        if card.due is not None and card.due <= when:
            return card.id
        return None

    def current(self) -> CardRow | None:
        """The card to show now, or None when nothing is left for now."""
        now = utc(self.clock())
        cid = self._learning_due(now)
        if cid is None and self.review:
            cid = self.review[0]
        if cid is None and self.new:
            cid = self.new[0]
        if cid is None:  # nothing else left: learning steps may come a little early, as in Anki
            cid = self._learning_due(now + LEARN_AHEAD)
        if cid is None:
            return None
        self._started.setdefault(cid, now)
        return self.store.card(cid)

    def remaining(self) -> Remaining:
        return Remaining(len(self.new), len(self.learning), len(self.review))

    def next_learning_due(self) -> datetime | None:
        if not self.learning:
            return None
        return self.store.card(self.learning[0]).due

    def intervals(self, card: CardRow) -> dict[Rating, str]:
        """The interval each rating gives. FSRS fuzzes intervals at random, so the outcomes are
        drawn once here and the grade then applies the one shown, not a fresh draw."""
        now = utc(self.clock())
        outcomes = {r: grade(self.scheduler, card, r, now) for r in Rating}
        self._previews[card.id] = (card, outcomes)
        return {r: format_interval(g.interval) for r, g in outcomes.items()}

    # -- actions ----------------------------------------------------------------------------
    def grade(self, rating: Rating | int, card: CardRow | None = None) -> Grade:
        """Grade the current card: one transaction writes the review and buries siblings."""
        card = card or self.current()
        if card is None:
            raise BlueprintError("no card to grade", "the session is finished")
        rating = Rating(int(rating))
        now = utc(self.clock())
        shown = self._previews.pop(card.id, None)
        if shown is not None and shown[0] == card:
            result = _rebased(shown[1][rating], now)
        else:
            result = grade(self.scheduler, card, rating, now)
        siblings = self._siblings(card)
        started = self._started.pop(card.id, now)
        duration = int((now - started).total_seconds() * 1000)
        snapshot = (list(self.learning), list(self.review), list(self.new))
        review_id = self.store.record_review(
            card.id, int(rating), now, duration, result.state, state_of(card),
            bury=siblings, bury_until=self.day_end)
        self._undo.append(_Undo(review_id, card.id, snapshot))
        self._remove(card.id)
        for sid in siblings:
            self._remove(sid)
        due = result.state["due"]
        if result.state["state"] in (1, 3) and due < format_utc(self.day_end):
            self.learning.append(card.id)
            self.learning.sort(key=lambda i: self.store.card(i).due or now)
        self.reviewed += 1
        return result

    def _siblings(self, card: CardRow) -> list[int]:
        if not card.family:
            return []
        return self.store.sibling_ids(card.id, card.family)

    def _remove(self, card_id: int) -> None:
        for queue in (self.learning, self.review, self.new):
            if card_id in queue:
                queue.remove(card_id)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> CardRow:
        """Take back the last grade: its review is removed and the card comes back."""
        if not self._undo:
            raise BlueprintError("nothing to undo", "grade a card first")
        entry = self._undo.pop()
        self.store.undo_review(entry.review_id)
        self.learning, self.review, self.new = (list(q) for q in entry.queues)
        self._remove(entry.card_id)
        card = self.store.card(entry.card_id)
        if card.state == 0:
            self.new.insert(0, card.id)
        elif card.state == 2:
            self.review.insert(0, card.id)
        else:
            self.learning.insert(0, card.id)
        self.reviewed = max(0, self.reviewed - 1)
        return card

    def suspend(self, card: CardRow | None = None) -> None:
        card = card or self.current()
        if card is not None:
            self.store.set_suspended([card.id], True)
            self._remove(card.id)

    def bury(self, card: CardRow | None = None) -> None:
        card = card or self.current()
        if card is not None:
            self.store.bury_until([card.id], self.day_end)
            self._remove(card.id)


def _rebased(outcome: Grade, now: datetime) -> Grade:
    """The outcome previewed a moment ago, moved to `now` (same interval)."""
    state = dict(outcome.state)
    due = now + outcome.interval
    state["due"] = format_utc(due)
    state["last_review"] = format_utc(now)
    return Grade(state, outcome.rating, now, outcome.interval)


def _one_per_family(rows: list[tuple[int, str | None]], seen: set[str], limit: int) -> list[int]:
    out: list[int] = []
    for cid, family in rows:
        if len(out) >= limit:
            break
        if family:
            if family in seen:
                continue
            seen.add(family)
        out.append(cid)
    return out
