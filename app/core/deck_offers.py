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
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

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
_V = TypeVar("_V")
_SHARE = 64  # a deck holding over 1/_SHARE of all decks reads every deck's rows in order
_DUE_ID = itemgetter(1, 2)  # (deck, due, id, family) rows: queue order
_ID = itemgetter(2)


class _Day(NamedTuple):
    """One study day (decks may start their day at other hours): what was studied in it."""

    start: datetime
    end_at: datetime
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
        by_deck = itemgetter(0)  # rows come by deck: each deck's rows are one list
        self.review = {deck: list(rows) for deck, rows in
                       groupby(store.review_rows(now, max(ends)), by_deck)}
        self.new = {deck: list(rows) for deck, rows in groupby(store.new_rows(now), by_deck)}
        self.diagram: dict[str, list[tuple[int, str | None, str, str]]] = {}
        for row in store.new_diagram_rows(now):
            self.diagram.setdefault(row[3], []).append(row)
        self._diagram_ids = {row[0] for rows in self.diagram.values() for row in rows}
        self.ahead: dict[str, list[tuple]] = {}
        self.plain: dict[str, list[tuple]] = {}
        for deck, rows in self.new.items():
            if rows[-1][1] is None and deck not in self.diagram:
                self.plain[deck] = rows  # (usually) none brought forward, no diagram card
                continue
            self.plain[deck] = [r for r in rows if r[1] is None and r[2] not in self._diagram_ids]
            self.ahead[deck] = [r for r in rows if r[1] is not None]
        self._under = _subtrees({*self.review, *self.new, *self.diagram})
        self._totals = _Totals(self.review, self.plain)
        self._every: dict[int, list[tuple]] = {}
        # decks whose new cards' order can change their count (see the class's note)
        self._ordered = {*(d for d, rows in self.ahead.items() if rows), *self.diagram,
                         *store.decks_with_diagram_families(now)}

    def offered(self, deck: str | None) -> tuple[int, int]:
        """(new, review) cards a `StudySession` of `deck` would hold now: its `remaining()`."""
        options = resolve(deck, self.options) if self.options else DEFAULT_OPTIONS
        limits: Limits | DeckOptions = self.limits or options  # as the session's limits
        day = self._day(options.day_start_hour)
        decks = self._under.get(deck, []) if deck else self._under[None]
        new_caps, review_caps = subdeck_caps(self.options, deck,
                                             lambda: self._studied_by_deck(day.start))
        review_limit = max(0, limits.reviews_per_day - day.done_review)
        review, seen = self._review_count(deck, decks, day, review_limit, review_caps)
        new_limit = max(0, limits.new_per_day - day.done_new)
        if new_limit <= 0:
            return 0, review
        if new_caps or any(d in self._ordered for d in decks):
            if seen is None:
                seen = self._picked(deck, decks, day, review_limit, review_caps)
            return self._new_in_order(deck, decks, day, seen, new_limit, new_caps), review
        loose = self._totals.total(self._totals.plain_loose, decks)
        if loose >= new_limit:
            return new_limit, review
        if seen is None:
            seen = self._picked(deck, decks, day, review_limit, review_caps)
        families = self._totals.families(self._totals.plain_families, decks)
        today = day.family_today
        places = sum(min(n, max(0, allowance(f) - today[f] - (f in seen and f not in day.full)))
                     for f, n in families.items())
        return min(new_limit, loose + places), review

    def _review_count(self, deck: str | None, decks: list[str], day: _Day, limit: int,
                      caps: dict[str, int]) -> tuple[int, set[str] | None]:
        """How many reviews one per family gives, and the families then taken (None when
        only the cards' order can tell: `_picked` reads it)."""
        if caps or day.end != self._latest:
            seen = set(day.full)
            taken = one_per_family(self._reviews(deck, decks, day), seen, limit, caps)
            return len(taken), seen
        loose = self._totals.total(self._totals.review_loose, decks)
        if loose >= limit:
            return limit, None
        families = self._totals.families(self._totals.review_families, decks)
        offered = loose + len(families.keys() - day.full)
        return (offered, day.full | families.keys()) if offered <= limit else (limit, None)

    def _picked(self, deck: str | None, decks: list[str], day: _Day, limit: int,
                caps: dict[str, int]) -> set[str]:
        seen = set(day.full)
        one_per_family(self._reviews(deck, decks, day), seen, limit, dict(caps))
        return seen

    def _new_in_order(self, deck: str | None, decks: list[str], day: _Day, seen: set[str],
                      limit: int, caps: dict[str, int]) -> int:
        """The session's own choosing of new cards, on this deck's candidates."""
        taken = Counter(day.family_today)
        taken.update(seen - day.full)  # a review due today takes one of its family's places
        few = self._few(decks)
        # as the session: the plain cards' count only matters when there are diagram cards
        count = sum(len(self.plain.get(d, ())) for d in decks) if any(
            not row[3] for row in few) else 0
        plain = self._plain(deck, decks)
        return len(order_new_streamed(few, plain, count, taken, limit, caps))

    def _day(self, hour: int) -> _Day:
        if hour not in self._days:
            start, end = day_bounds(self.now, self.tz, hour)
            done_new, done_review = self.store.studied_since(start)
            family_today = Counter(self.store.family_cards_studied_since(start))
            self._days[hour] = _Day(start, end, format_utc(end), done_new, done_review,
                                    family_today, full_families(family_today))
        return self._days[hour]

    def _studied_by_deck(self, start: datetime) -> dict[str, tuple[int, int]]:
        if start not in self._by_deck:
            self._by_deck[start] = studied_today_by_deck(self.store, start)
        return self._by_deck[start]

    def _reviews(self, deck: str | None, decks: list[str], day: _Day
                 ) -> Iterator[tuple[int, str | None, str]]:
        for name, due, cid, family in self._stream(self.review, decks, _DUE_ID):
            if due >= day.end:  # read up to the latest day's end: this day ends sooner
                return
            yield cid, family, name

    def _few(self, decks: list[str]) -> list[tuple[int, str | None, str, bool, str]]:
        ahead = [(cid, family, "", True, deck) for deck, _due, cid, family in
                 _merged(self.ahead, decks, _DUE_ID)]  # (a brought-forward card's kind: unused)
        return ahead + [(cid, family, kind, False, deck) for cid, family, kind, deck in
                        _merged(self.diagram, decks, None)]

    def _plain(self, deck: str | None, decks: list[str]
               ) -> Iterator[tuple[int, str | None, str]]:
        # (in id order, a deck's share of every deck's rows may lie at their end: an import
        # adds cards deck by deck, so only the whole collection reads every deck's rows)
        rows = (self._stream(self.plain, decks, _ID) if decks is self._under[None]
                else _merged(self.plain, decks, _ID))
        return ((cid, family, name) for name, _due, cid, family in rows)

    def _stream(self, by_deck: dict[str, list[tuple]], decks: list[str],
                key: Callable[[Any], Any]) -> Iterator[tuple]:
        """The decks' rows of a queue, in its order, read as far as the caller reads: their
        lists merged; for a deck holding a large share of all decks, the rows of every deck in
        that order (sorted once) with its own kept (a merge of thousands of lists costs more)."""
        if len(decks) * _SHARE < len(self._under[None]):
            return _merged(by_deck, decks, key)
        every = self._every.get(id(by_deck))
        if every is None:
            every = self._every[id(by_deck)] = sorted(
                (row for rows in by_deck.values() for row in rows), key=key)
        if decks is self._under[None]:
            return iter(every)
        inside = set(decks)
        return (row for row in every if row[0] in inside)


class _Totals:
    """Each deck's candidates counted (once, when first asked): cards without a family, cards
    per family. A review's family counts when it is not empty, a new card's when it is not None:
    as one_per_family and new_order's pool test them."""

    def __init__(self, review: dict[str, list[tuple]], plain: dict[str, list[tuple]]) -> None:
        self.review_loose = _Lazy(review, lambda rows: sum(1 for r in rows if not r[3]))
        self.review_families = _Lazy(review, lambda rows: Counter(r[3] for r in rows if r[3]))
        self.plain_loose = _Lazy(plain, lambda rows: sum(1 for r in rows if r[3] is None))
        self.plain_families = _Lazy(
            plain, lambda rows: Counter(r[3] for r in rows if r[3] is not None))

    @staticmethod
    def total(counts: _Lazy[int], decks: list[str]) -> int:
        return sum(counts[d] for d in decks)

    @staticmethod
    def families(counts: _Lazy[Counter[str]], decks: list[str]) -> Counter[str]:
        if len(decks) == 1:
            return counts[decks[0]]
        out: Counter[str] = Counter()
        for d in decks:
            out.update(counts[d])
        return out


class _Lazy(dict[str, _V]):
    """A deck's figure computed from its rows when first asked (a deck without rows: empty)."""

    def __init__(self, rows: dict[str, list[tuple]], compute: Callable[[list[tuple]], _V]):
        super().__init__()
        self.rows, self.compute = rows, compute

    def __missing__(self, deck: str) -> _V:
        value = self[deck] = self.compute(self.rows.get(deck, []))
        return value


def _merged(by_deck: dict[str, list[_R]], decks: list[str],
            key: Callable[[Any], Any] | None) -> Iterator[_R]:
    """The decks' lists (each in `key` order) as one stream in that order, read as far as the
    caller reads."""
    lists = [rows for d in decks if (rows := by_deck.get(d))]
    if len(lists) == 1:
        return iter(lists[0])
    return heapq.merge(*lists, key=key)


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
