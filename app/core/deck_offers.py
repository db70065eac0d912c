"""What a study session of each deck would offer today, for every line of the deck list at once.

The deck list shows for each deck the New and Due counts a session of that deck would give
(siblings spread, one review per family, daily limits, subdecks' own limits). Building one
session per deck ran a session's queries once per deck (9.3 s for 15,000 decks at 200k cards).
`DeckOffers` reads the day's candidate cards once, keeps them by stored deck in queue order, and
runs the session's own choosing (`day_queue.one_per_family`, `new_order.order_new_streamed`)
on each deck's share of them, merged lazily in the order the session's queries read them.
`tests/test_deck_offers.py` holds the counts equal to each deck's session.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from app.core.day_queue import full_families, one_per_family, subdeck_caps
from app.core.deck_options import DEFAULT as DEFAULT_OPTIONS
from app.core.deck_options import DeckOptions, resolve
from app.core.new_order import allowance, order_new_streamed
from app.core.store import Store
from app.core.store_scheduling import deck_option_rows, studied_today_by_deck
from app.core.timeutil import day_bounds, format_utc

if TYPE_CHECKING:
    from app.core.session import Limits


_R = TypeVar("_R", bound=tuple)
_MERGE_AT_MOST = 64  # a deck holding more decks reads the rows of all decks in order


class _Day(NamedTuple):
    """One study day (decks may start their day at other hours): what was studied in it."""

    start: datetime
    end: str  # its end as stored text: the review queue holds cards due before it
    done_new: int
    done_review: int
    family_today: Counter[str]
    full: set[str]


class DeckOffers:
    """(new, review) a session of a deck would offer now, for any deck, from one read.

    Where the order of the cards cannot change the count, it is counted from each deck's
    totals: without subdeck caps, one review per family takes every card without a family and
    one card of each family not full today, up to the limit; without cards a drill brought
    forward, diagram cards or diagram families, the new cards are likewise those without a
    family plus each family's places left. Otherwise the session's choosing runs on the cards.
    """

    def __init__(self, store: Store, *, now: datetime, tz: tzinfo | None,
                 limits: Limits | None, options: dict[str, dict] | None = None) -> None:
        self.store, self.now, self.tz, self.limits = store, now, tz, limits
        self.options = deck_option_rows(store) if options is None else options
        self._days: dict[int, _Day] = {}
        self._by_deck: dict[datetime, dict[str, tuple[int, int]]] = {}
        hours = {resolve(None, self.options).day_start_hour} | {
            row["day_start_hour"] for row in self.options.values()
            if row.get("day_start_hour") is not None}
        ends = {day_bounds(now, tz, hour)[1] for hour in hours}
        self._latest = format_utc(max(ends))  # candidates are read up to the latest day's end
        self.review: dict[str, list[tuple[str, int, str | None, str]]] = {}
        self.ahead: dict[str, list[tuple]] = {}
        self.plain: dict[str, list[tuple[int, str | None, str]]] = {}
        self.diagram: dict[str, list[tuple[int, str | None, str, str]]] = {}
        for row in store.new_diagram_rows(now):
            self.diagram.setdefault(row[3], []).append(row)
        diagram = {row[0] for rows in self.diagram.values() for row in rows}
        for deck, state, due, cid, family in store.queue_candidates(now, max(ends)):
            if state:
                self.review.setdefault(deck, []).append((due, cid, family, deck))
            elif due is not None:  # brought forward by a drill
                self.ahead.setdefault(deck, []).append((due, cid, family, None, deck))
            elif cid not in diagram:
                self.plain.setdefault(deck, []).append((cid, family, deck))
        self._sorted: dict[int, list] = {}
        self._under = _subtrees({*self.review, *self.ahead, *self.diagram, *self.plain})
        self._totals = _Totals(self.review, self.plain)
        # decks whose new cards' order can change their count (see the class's note)
        self._ordered = {*self.ahead, *self.diagram, *self._totals.diagram_families}

    def offered(self, deck: str | None) -> tuple[int, int]:
        """(new, review) cards a `StudySession` of `deck` would hold now: its `remaining()`."""
        options = resolve(deck, self.options) if self.options else DEFAULT_OPTIONS
        limits: Limits | DeckOptions = self.limits or options  # as the session's limits
        day = self._day(options.day_start_hour)
        decks = self._under.get(deck, []) if deck else self._under[None]
        new_caps, review_caps = subdeck_caps(self.options, deck,
                                             lambda: self._studied_by_deck(day.start))
        review_limit = max(0, limits.reviews_per_day - day.done_review)
        review, seen = self._review_count(decks, day, review_limit, review_caps)
        new_limit = max(0, limits.new_per_day - day.done_new)
        if new_limit <= 0:
            return 0, review
        if new_caps or any(d in self._ordered for d in decks):
            if seen is None:
                seen = self._picked(decks, day, review_limit, review_caps)
            return self._new_in_order(decks, day, seen, new_limit, new_caps), review
        loose = sum(self._totals.plain_loose.get(d, 0) for d in decks)
        if loose >= new_limit:
            return new_limit, review
        if seen is None:
            seen = self._picked(decks, day, review_limit, review_caps)
        families: Counter[str] = Counter()
        for d in decks:
            families.update(self._totals.plain_families.get(d, ()))
        today = day.family_today
        places = sum(min(n, max(0, allowance(f) - today[f] - (f in seen and f not in day.full)))
                     for f, n in families.items())
        return min(new_limit, loose + places), review

    def _review_count(self, decks: list[str], day: _Day, limit: int, caps: dict[str, int]
                      ) -> tuple[int, set[str] | None]:
        """How many reviews one per family gives, and the families then taken (None when
        only the cards' order can tell: `_picked` reads it)."""
        if caps or day.end != self._latest:
            seen = set(day.full)
            return len(one_per_family(self._reviews(decks, day.end), seen, limit, caps)), seen
        loose = sum(self._totals.review_loose.get(d, 0) for d in decks)
        if loose >= limit:
            return limit, None
        families: set[str] = set()
        for d in decks:
            families.update(self._totals.review_families.get(d, ()))
        offered = loose + len(families - day.full)
        return (offered, day.full | families) if offered <= limit else (limit, None)

    def _picked(self, decks: list[str], day: _Day, limit: int, caps: dict[str, int]
                ) -> set[str]:
        seen = set(day.full)
        one_per_family(self._reviews(decks, day.end), seen, limit, dict(caps))
        return seen

    def _new_in_order(self, decks: list[str], day: _Day, seen: set[str], limit: int,
                      caps: dict[str, int]) -> int:
        """The session's own choosing of new cards, on this deck's candidates."""
        taken = Counter(day.family_today)
        taken.update(seen - day.full)  # a review due today takes one of its family's places
        few = self._few(decks)
        # as the session: the plain cards' count only matters when there are diagram cards
        count = sum(len(self.plain.get(d, ())) for d in decks) if any(
            not row[3] for row in few) else 0
        return len(order_new_streamed(few, self._plain(decks), count, taken, limit, caps))

    def _day(self, hour: int) -> _Day:
        if hour not in self._days:
            start, end = day_bounds(self.now, self.tz, hour)
            done_new, done_review = self.store.studied_since(start)
            family_today = Counter(self.store.family_cards_studied_since(start))
            self._days[hour] = _Day(start, format_utc(end), done_new, done_review,
                                    family_today, full_families(family_today))
        return self._days[hour]

    def _studied_by_deck(self, start: datetime) -> dict[str, tuple[int, int]]:
        if start not in self._by_deck:
            self._by_deck[start] = studied_today_by_deck(self.store, start)
        return self._by_deck[start]

    def _reviews(self, decks: list[str], end: str) -> Iterator[tuple[int, str | None, str]]:
        for due, cid, family, deck in self._stream(self.review, decks):
            if due >= end:  # read up to the latest day's end: this day ends sooner
                return
            yield cid, family, deck

    def _few(self, decks: list[str]) -> list[tuple[int, str | None, str, bool, str]]:
        ahead = [(cid, family, kind, True, deck) for _due, cid, family, kind, deck in
                 self._stream(self.ahead, decks)]
        return ahead + [(cid, family, kind, False, deck) for cid, family, kind, deck in
                        self._stream(self.diagram, decks)]

    def _plain(self, decks: list[str]) -> Iterator[tuple[int, str | None, str]]:
        return self._stream(self.plain, decks)

    def _stream(self, by_deck: dict[str, list[_R]], decks: list[str]) -> Iterator[_R]:
        """The rows of `decks` (each row's last field is its deck) in their queue's order:
        the decks' lists merged, or for a deck holding many decks every deck's rows in order
        (sorted once), those of its decks kept."""
        if len(decks) <= _MERGE_AT_MOST:
            lists = [rows for d in decks if (rows := by_deck.get(d))]
            return iter(lists[0]) if len(lists) == 1 else heapq.merge(*lists)
        key = id(by_deck)
        if key not in self._sorted:
            self._sorted[key] = sorted(row for rows in by_deck.values() for row in rows)
        every = self._sorted[key]
        if decks is self._under[None]:
            return iter(every)
        inside = set(decks)
        return (row for row in every if row[-1] in inside)


class _Totals:
    """Each deck's candidates counted: cards without a family, cards per family."""

    def __init__(self, review: dict[str, list[tuple[str, int, str | None, str]]],
                 plain: dict[str, list[tuple[int, str | None, str]]]) -> None:
        # a review's family counts when it is not empty, a new card's when it is not None:
        # as one_per_family and new_order's pool test them
        self.review_loose = {d: sum(not r[2] for r in rows) for d, rows in review.items()}
        self.review_families = {d: {r[2] for r in rows if r[2]} for d, rows in review.items()}
        self.plain_loose = {d: sum(r[1] is None for r in rows) for d, rows in plain.items()}
        self.plain_families = {d: Counter(r[1] for r in rows if r[1] is not None)
                               for d, rows in plain.items()}
        self.diagram_families = {d for d, families in self.plain_families.items()
                                 if any(f.startswith("diagram:") for f in families)}


def _subtrees(decks: set[str]) -> dict[str | None, list[str]]:
    """For each name D that a session's deck filter (`store_base.deck_clause`) gives cards of,
    the stored decks it holds: D itself and every deck starting with D + "::" (None: all)."""
    under: dict[str | None, list[str]] = {None: sorted(decks)}
    for deck in decks:
        names = {deck}
        end = deck.find("::")
        while end >= 0:
            names.add(deck[:end])
            end = deck.find("::", end + 1)
        for name in names:
            under.setdefault(name, []).append(deck)
    return under
