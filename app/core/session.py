"""A study session: today's queue (learning, reviews, new), grading, undo, suspend and bury."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from app.core.day_queue import full_families, one_per_family, subdeck_caps
from app.core.deck_options import resolve
from app.core.errors import BlueprintError, StoreError
from app.core.new_order import allowance, order_new_streamed
from app.core.scheduler import (
    Grade,
    Rating,
    collection_scheduler,
    format_interval,
    grade,
)
from app.core.store import CardRow, Store
from app.core.store_scheduling import deck_option_rows, studied_today_by_deck
from app.core.timeutil import day_bounds, format_utc, utc

if TYPE_CHECKING:
    import fsrs

_T = TypeVar("_T")

LEARN_AHEAD = timedelta(minutes=20)


# NamedTuples and a plain class: a dataclass would be compiled at every review's start-up
class Limits(NamedTuple):
    new_per_day: int = 20
    reviews_per_day: int = 200


class Remaining(NamedTuple):
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


class _Undo:
    """One action `u` can take back: a grade, a suspend, a bury (or an edit, which it cannot)."""

    __slots__ = ("before", "card_id", "kind", "queues", "review_id")

    def __init__(self, review_id: int, card_id: int,
                 queues: tuple[list[int], list[int], list[int]], kind: str = "grade",
                 before: object = None) -> None:
        self.review_id, self.card_id = review_id, card_id  # review row: 0 for other actions
        self.queues = queues
        self.kind = kind  # "grade" | "suspend" | "bury" | "edit"
        self.before = before  # what the flag was before a suspend or bury


class StudySession:
    """Decides what to show next; the UI only displays it and passes the user's grades back."""

    NEW_PAGE = 100  # plain new cards read at first: this many, or twice the day's limit

    def __init__(self, store: Store, *, clock: Callable[[], datetime], deck: str | None = None,
                 limits: Limits | None = None, scheduler: fsrs.Scheduler | None = None,
                 tz: tzinfo | None = None) -> None:
        self.store = store
        self.clock = clock
        self.deck = deck
        # deck options: the studied deck's limits and day start; each card's own deck retention
        self._options = deck_option_rows(store)
        self.options = resolve(deck, self._options)
        self.limits = limits or Limits(self.options.new_per_day, self.options.reviews_per_day)
        self._fixed = scheduler is not None
        self._scheduler = scheduler  # else built when first needed (see `scheduler`)
        self._schedulers: dict[float, fsrs.Scheduler] = {}
        self.tz = tz
        self._undo: list[_Undo] = []
        self._started: dict[int, datetime] = {}
        self._previews: dict[int, tuple[CardRow, dict[Rating, Grade]]] = {}
        self._due: dict[int, datetime | None] = {}  # learning cards' due times, as stored
        self.reviewed = 0
        self._build()

    @property
    def scheduler(self) -> fsrs.Scheduler:
        """The scheduler at the studied deck's retention, built (fsrs imported) when intervals or
        a grade first need it: the first card is shown without it (a UI may build it after)."""
        if self._scheduler is None:
            self._scheduler = collection_scheduler(self.store, self.options.retention)
        return self._scheduler

    # -- queue ------------------------------------------------------------------------------
    def _build(self) -> None:
        now = utc(self.clock())
        day_start, day_end = day_bounds(now, self.tz, self.options.day_start_hour)
        self.day_start, self.day_end = day_start, day_end
        done_new, done_review = self.store.studied_since(day_start)
        self.family_today = Counter(self.store.family_cards_studied_since(day_start))
        full = full_families(self.family_today)
        seen = set(full)
        self.learning = self.store.learning_ids(self.deck, now, day_end)
        new_caps, review_caps = subdeck_caps(
            self._options, self.deck, lambda: studied_today_by_deck(self.store, day_start))
        self.review = self._pick("review", now, seen,
                                 max(0, self.limits.reviews_per_day - done_review), review_caps)
        taken = Counter(self.family_today)
        taken.update(seen - full)  # a review due today takes one of its family's places
        self.new = self._new_cards(now, taken, max(0, self.limits.new_per_day - done_new),
                                   new_caps)

    def _new_cards(self, now: datetime, taken: Counter[str], limit: int,
                   caps: dict[str, int]) -> list[int]:
        """Today's new cards in `order_new`'s order, reading the plain ones (usually nearly
        all) page by page: only as many rows as the day's limit takes."""
        if limit <= 0:
            return []
        few = self.store.new_few_rows(self.deck, now)
        # the diagram share needs the plain cards' count only when there are diagram cards
        count = self.store.new_plain_count(self.deck, now) if any(
            not ahead for _cid, _family, _kind, ahead, _deck in few) else 0
        return order_new_streamed(few, self._plain_new(now, limit), count, taken, limit, caps)

    def _first_page(self, limit: int) -> int:
        return max(2 * limit, self.NEW_PAGE)

    def _plain_new(self, now: datetime, limit: int) -> Iterator[tuple[int, str | None, str]]:
        after, page = 0, self._first_page(limit)
        while True:
            rows = self.store.new_plain_page(self.deck, now, after, page)
            yield from rows
            if len(rows) < page:
                return
            after, page = rows[-1][0], min(4 * page, 10_000)  # a long scan: fewer queries

    def _pick(self, queue: str, now: datetime, seen: set[str], limit: int,
              caps: dict[str, int]) -> list[int]:
        """Up to `limit` cards, one per family, within subdeck `caps`, reading only as many
        rows as that takes."""
        out: list[int] = []
        # a first page a little over the limit (usually all it takes), larger ones after it
        offset, page = 0, limit + 50
        while len(out) < limit:
            rows = self.store.queue_page(queue, self.deck, now, self.day_end, page, offset)
            out.extend(one_per_family(rows, seen, limit - len(out), caps))
            if len(rows) < page:
                break
            offset, page = offset + page, max(4 * limit, 200)
        return out

    def _learning_due(self, when: datetime) -> int | None:
        if not self.learning:
            return None
        due = self._due_of(self.learning[0])
        return self.learning[0] if due is not None and due <= when else None

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

    def upcoming(self, after: int) -> CardRow | None:
        """A guess at the card shown once card `after` is graded (the next review, else the
        next new card), for the UI to prepare while `after` is shown; it decides nothing."""
        for queue in (self.review, self.new):
            for cid in queue[:2]:
                if cid != after:
                    return self.store.card(cid)
        return None

    def scheduler_for(self, card: CardRow) -> fsrs.Scheduler:
        """The scheduler at the desired retention of the card's own deck."""
        if self._fixed:
            return self.scheduler
        retention = resolve(card.deck, self._options).retention
        if retention == self.options.retention:
            return self.scheduler
        if retention not in self._schedulers:
            self._schedulers[retention] = collection_scheduler(self.store, retention)
        return self._schedulers[retention]

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
        scheduler = self.scheduler_for(card)
        outcomes = {r: grade(scheduler, card, r, now) for r in Rating}
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
            result = grade(self.scheduler_for(card), card, rating, now)
        family_count = 0
        if card.family:  # a family's places count cards, so a learning step takes no second one
            family_count = self.family_today[card.family] + (
                0 if self._graded_today(card.id) else 1)
        siblings = self._siblings(card) if family_count >= allowance(card.family) else []
        if card.family:
            self.family_today[card.family] = family_count
        started = self._started.get(card.id, now)
        duration = int((now - started).total_seconds() * 1000)
        snapshot = self._snapshot()
        review_id = _saved(self.store.record_review,
            card.id, int(rating), now, duration, result.state, card.schedule,
            buried_before=card.buried_until, bury=siblings, bury_until=self.day_end)
        self._undo.append(_Undo(review_id, card.id, snapshot))
        self._remove(card.id)
        for sid in siblings:
            self._remove(sid)
        due = result.state.due
        self._due.pop(card.id, None)  # read again (as stored) when next needed
        if result.state.learning and due is not None and due < self.day_end:
            self.learning.append(card.id)
            self.learning.sort(key=lambda i: self._due_of(i) or now)
        self.reviewed += 1
        return result

    def _due_of(self, card_id: int) -> datetime | None:
        """A card's stored due time, read once: only a grade or its undo changes it (a query
        per learning card on every grade made a long learning queue slow to grade)."""
        if card_id not in self._due:
            self._due[card_id] = self.store.card(card_id).due
        return self._due[card_id]

    def _graded_today(self, card_id: int) -> bool:
        since = format_utc(self.day_start)
        return any(at >= since for _rating, at in self.store.rating_log(card_id))

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
        """Take back the last action (see `undo_last`); the card it touched."""
        return self.undo_last()[1]

    def undo_last(self) -> tuple[str, CardRow]:
        """Take back the last action of any kind, as Anki does: a grade (its review is removed),
        a suspend or a bury; the card comes back. An edit's re-import is not undone: that is
        said, and the next `u` takes back the action before it."""
        if not self._undo:
            raise BlueprintError("nothing to undo", "grade, suspend or bury a card first")
        entry = self._undo[-1]  # taken off only once its write is saved: a busy collection
        if entry.kind == "edit":  # keeps it, and `u` can be pressed again
            self._undo.pop()
            raise BlueprintError("the last action was an edit of the note, which is not undone",
                                 "edit the note again to change it back; press u again to "
                                 "undo the action before it")
        if entry.kind == "grade":
            _saved(self.store.undo_review, entry.review_id, again="press u again")
            self.family_today = Counter(self.store.family_cards_studied_since(self.day_start))
        elif entry.kind == "suspend":
            _saved(self.store.set_suspended, [entry.card_id], bool(entry.before),
                   again="press u again")
        else:
            before = entry.before
            _saved(self.store.bury_until, [entry.card_id],
                   before if isinstance(before, datetime) else None, again="press u again")
        self._undo.pop()
        self._due.pop(entry.card_id, None)
        self.learning, self.review, self.new = (list(q) for q in entry.queues)
        if entry.kind != "grade":
            return entry.kind, self.store.card(entry.card_id)
        self._remove(entry.card_id)
        card = self.store.card(entry.card_id)
        if card.state == 0:
            self.new.insert(0, card.id)
        elif card.state == 2:
            self.review.insert(0, card.id)
        else:
            self.learning.insert(0, card.id)
        self.reviewed = max(0, self.reviewed - 1)
        return "grade", card

    def _snapshot(self) -> tuple[list[int], list[int], list[int]]:
        return list(self.learning), list(self.review), list(self.new)

    def suspend(self, card: CardRow | None = None) -> None:
        card = card or self.current()
        if card is not None:
            entry = _Undo(0, card.id, self._snapshot(), "suspend", card.suspended)
            _saved(self.store.set_suspended, [card.id], True, again="suspend it again")
            self._undo.append(entry)
            self._remove(card.id)

    def bury(self, card: CardRow | None = None, *, undoable: bool = True) -> None:
        card = card or self.current()
        if card is not None:
            entry = _Undo(0, card.id, self._snapshot(), "bury", card.buried_until)
            _saved(self.store.bury_until, [card.id], self.day_end, again="bury it again")
            if undoable:
                self._undo.append(entry)
            self._remove(card.id)

    def note_edit(self, card: CardRow) -> None:
        """Remember that the card's note was edited and re-imported: `u` says it is not undone."""
        self._undo.append(_Undo(0, card.id, self._snapshot(), "edit"))


def _saved(write: Callable[..., _T], *args: Any, again: str = "grade it again",
           **kwargs: Any) -> _T:
    """A write of the session; a busy, full or read-only collection becomes a message (the
    session is unchanged, so the card stays and the action can be done `again`)."""
    store: Store = write.__self__  # type: ignore[attr-defined]  # a bound Store method
    try:
        with store.brief_wait():  # waits a moment for another writer, then says so
            return write(*args, **kwargs)
    except sqlite3.OperationalError as exc:
        busy = "locked" in str(exc) or "busy" in str(exc)
        raise StoreError(
            f"the collection is {'busy' if busy else 'not writable'} ({exc}): nothing was saved",
            f"another Blueprint (an import?) is writing; the card stays, {again} in a moment"
            if busy else f"free disk space or fix the file's permissions, then {again}"
        ) from exc


def _rebased(outcome: Grade, now: datetime) -> Grade:
    """The outcome previewed a moment ago, moved to `now` (same interval)."""
    state = replace(outcome.state, due=now + outcome.interval, last_review=now)
    return Grade(state, outcome.rating, now, outcome.interval)
