"""What a study session of each deck would offer today, for every line of the deck list at once.

The deck list shows for each deck the New and Due counts a session of that deck would give
(siblings spread, one review per family, daily limits, subdecks' own limits). Building one
session per deck ran a session's queries once per deck (9.3 s for 15,000 decks at 200k cards).
`DeckOffers` counts the day's cards per deck in SQL (store_deck_day.py), sums those counts over
any deck's subtree (deck_sums.py), and reads the cards themselves only for the decks whose count
depends on their order, running the session's own choosing on them
(`day_queue.one_per_family`, `new_order.order_new_streamed`).
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
from app.core.deck_sums import DeckSums, Span, spread_families
from app.core.new_order import order_new_streamed
from app.core.store import Store
from app.core.store_deck_day import deck_day_rows, family_day_rows, queue_rows_of
from app.core.store_scheduling import deck_option_rows, studied_today_by_deck
from app.core.timeutil import day_bounds, format_utc

if TYPE_CHECKING:
    from app.core.session import Limits


_R = TypeVar("_R", bound=tuple)
_SHARE = 64  # a deck holding over 1/_SHARE of all decks reads every deck's rows in order
_DECK = itemgetter(0)
_DUE_ID = itemgetter(1, 2)  # (deck, due, id, family) rows: queue order
_ID = itemgetter(2)
# DeckSums columns: the deck list's own counts, then what the day's queues hold
NEW, LEARNING, DUE, TOTAL = 0, 1, 2, 3
LOOSE_REVIEWS, REVIEW_FAMILIES, LOOSE_NEW, NEW_FAMILIES, ORDERED = 4, 5, 6, 7, 8


# A deck's (reviews without a family, review families, new cards without a family, new
# cards' families, decks whose new cards' order counts) as `offered` counts them
_Figures = tuple[int, int, int, int, int]


class _Day(NamedTuple):
    """One study day (decks may start their day at other hours): what was studied in it."""

    start: datetime
    end_at: datetime
    end: str  # its end as stored text: the review queue holds cards due before it
    done_new: int
    done_review: int
    family_today: Counter[str]
    full: set[str]


class _Limits(NamedTuple):
    day: _Day
    reviews: int
    new: int
    new_caps: dict[str, int]
    review_caps: dict[str, int]


class DeckOffers:
    """(new, review) a session of a deck would offer now, for any deck, from a few reads.

    Where the order of the cards cannot change the count, it is counted: one review per family
    takes every review without a family and one of each family not full today, up to the limit;
    the new cards without a family reach the limit whatever the order; without cards a drill
    brought forward, diagram cards or diagram families, the new cards are those without a
    family plus one of each family not studied today and without a review due. A family held by
    several decks is counted once under each name holding it. Otherwise (subdecks' own limits,
    another day start, reviews over the limit with new cards to place, new cards in an order
    that counts and fewer without a family than the limit) the session's choosing runs on the
    cards of the deck's subtree, read then.
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
        # the day ending last: the counts read reviews due before its end, other days per card
        self._main = max((self._day(hour) for hour in hours), key=lambda day: day.end_at)
        self.diagram: dict[str, list[tuple[int, str | None, str, str]]] = {}
        for row in store.new_diagram_rows(now):
            self.diagram.setdefault(row[3], []).append(row)
        self._diagram_ids = {row[0] for rows in self.diagram.values() for row in rows}
        self.sums = self._count(day_bounds(now, tz)[1])
        self.review: dict[str, list[tuple]] = {}
        self.plain: dict[str, list[tuple]] = {}
        self.ahead: dict[str, list[tuple]] = {}
        self._loaded: set[str] = set()
        self._every: dict[int, list[tuple]] = {}
        # without deck options every deck's session has the same day and limits
        self._same = None if self.options else self._limits(None)
        # how often `offered` counted a deck's reviews or new cards card by card, or its new
        # cards from the counts of their families (the tests check every way is taken)
        self.ways: Counter[str] = Counter()

    def _count(self, end: datetime) -> DeckSums:
        """Each deck's counts (`end`: the deck list's own day) and families, from SQL."""
        main = self._main
        rows = deck_day_rows(self.store, self.now, end, main.end_at)
        decks = [row[0] for row in rows]
        columns = [list(c) for c in zip(*rows, strict=True)][1:] if rows else [[]] * 7
        place = {deck: i for i, deck in enumerate(decks)}
        loose_new, ahead = columns[5], columns[6]
        for _cid, family, _kind, deck in (r for rows in self.diagram.values() for r in rows):
            if family is None:  # (a diagram card is not a plain new card)
                loose_new[place[deck]] -= 1
        review_families, new_families = [0] * len(decks), [0] * len(decks)
        shared: list[tuple[str, int, int, str]] = []
        for deck, reviews, new, family in family_day_rows(
                self.store, self.now, main.end_at, main.full, set(main.family_today)):
            if family is None:
                review_families[place[deck]], new_families[place[deck]] = reviews, new
            else:
                shared.append((deck, reviews, new, family))
        self.shared = len({row[3] for row in shared})  # families held by several decks
        self._shared_reviews, self._shared_new = spread_families(
            shared, main.full, set(main.family_today))
        ordered = [int(bool(n)) for n in ahead]  # (new cards a drill brought forward)
        for deck in {*self.diagram, *self.store.decks_with_diagram_families(self.now)}:
            ordered[place[deck]] = 1
        self._ordered = [deck for deck, flag in zip(decks, ordered, strict=True) if flag]
        return DeckSums(decks, [*columns[:5], review_families, loose_new, new_families,
                                ordered])

    def counts(self, spans: list[Span]) -> list[list[int]]:
        """The deck list's own columns (new, learning due, reviews due, active cards), each a
        list of the spans' (`self.sums.span`) totals."""
        return [self.sums.totals(column, spans) for column in (NEW, LEARNING, DUE, TOTAL)]

    def figures(self, decks: list[str | None], spans: list[Span]) -> list[_Figures]:
        """What the counting of `offered` reads of each deck (its `span`), for many at once."""
        totals = self.sums.totals
        shared_reviews, shared_new = self._shared_reviews, self._shared_new
        return list(zip(
            totals(LOOSE_REVIEWS, spans),
            [n + shared_reviews.get(deck, 0) if shared_reviews else n
             for deck, n in zip(decks, totals(REVIEW_FAMILIES, spans), strict=True)],
            totals(LOOSE_NEW, spans),
            [n + shared_new.get(deck, 0) if shared_new else n
             for deck, n in zip(decks, totals(NEW_FAMILIES, spans), strict=True)],
            totals(ORDERED, spans), strict=True))

    def offered(self, deck: str | None, span: Span | None = None,
                figures: _Figures | None = None) -> tuple[int, int]:
        """(new, review) cards a `StudySession` of `deck` would hold now: its `remaining()`
        (`span` and `figures`: the deck's, when the caller has them)."""
        day, review_limit, new_limit, new_caps, review_caps = (
            self._same or self._limits(deck))
        if not deck:  # (a session of "" is one of every deck)
            deck, span, figures = None, None, None
        span = span or self.sums.span(deck)
        loose, families, loose_new, new_families, ordered = (
            figures or self.figures([deck], [span])[0])
        seen: set[str] | None = None
        counted = False  # the reviews all fit: their families are the ones under the deck
        if review_caps or day is not self._main:
            self.ways["reviews by card"] += 1
            seen = set(day.full)
            review = len(one_per_family(self._reviews(deck, span, day), seen, review_limit,
                                        review_caps))
        else:
            counted = loose < review_limit and loose + families <= review_limit
            review = loose + families if counted else review_limit
        if new_limit <= 0:
            return 0, review
        if not new_caps and loose_new >= new_limit:  # (cards without a family: always taken)
            return new_limit, review
        if counted and not new_caps and not ordered:
            self.ways["new by families"] += 1
            return min(new_limit, loose_new + new_families), review
        self.ways["new by card"] += 1
        if seen is None:
            seen = self._picked(deck, span, day, review_limit, review_caps)
        return self._new_in_order(deck, span, day, seen, new_limit, new_caps), review

    def _limits(self, deck: str | None) -> _Limits:
        """What today leaves a session of `deck`: its day, its limits less what was studied
        in it, the subdecks' own limits (new, reviews)."""
        options = resolve(deck, self.options) if self.options else DEFAULT_OPTIONS
        limits: Limits | DeckOptions = self.limits or options  # as the session's limits
        day = self._day(options.day_start_hour)
        new_caps, review_caps = subdeck_caps(self.options, deck, lambda: self._studied_by_deck(
            day.start)) if self.options else ({}, {})
        return _Limits(day, max(0, limits.reviews_per_day - day.done_review),
                       max(0, limits.new_per_day - day.done_new), new_caps, review_caps)

    def _picked(self, deck: str | None, span: Span, day: _Day, limit: int,
                caps: dict[str, int]) -> set[str]:
        seen = set(day.full)
        one_per_family(self._reviews(deck, span, day), seen, limit, dict(caps))
        return seen

    def _new_in_order(self, deck: str | None, span: Span, day: _Day, seen: set[str],
                      limit: int, caps: dict[str, int]) -> int:
        """The session's own choosing of new cards, on this deck's candidates."""
        decks = self._decks(deck, span)
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

    # -- the cards, for the decks counted per card ------------------------------------------
    def _decks(self, deck: str | None, span: Span) -> list[str]:
        """The stored decks under `deck`, their cards read (all decks' when they are many)."""
        decks = self.sums.under(span)
        if len(decks) * _SHARE >= len(self.sums.decks):
            self._load(self.sums.decks, every=True)
        elif missing := [d for d in decks if d not in self._loaded]:
            if self._ordered:  # the first decks read: every deck with new cards in an order
                missing = sorted({*missing, *self._ordered} - self._loaded)  # (one read)
                self._ordered = []
            self._load(missing, every=False)
        return decks

    def _load(self, decks: list[str], *, every: bool) -> None:
        if not decks or (every and len(self._loaded) == len(decks)):
            return
        latest = self._main.end_at
        review, new = (
            (self.store.review_rows(self.now, latest), self.store.new_rows(self.now)) if every
            else queue_rows_of(self.store, decks, self.now, latest))
        self.review.update((deck, list(rows)) for deck, rows in groupby(review, _DECK))
        for deck, group in groupby(new, _DECK):
            rows = list(group)
            if rows[-1][1] is None and deck not in self.diagram:
                self.plain[deck] = rows  # (usually) none brought forward, no diagram card
                continue
            self.plain[deck] = [r for r in rows if r[1] is None and r[2] not in self._diagram_ids]
            self.ahead[deck] = [r for r in rows if r[1] is not None]
        self._loaded.update(decks)

    def _reviews(self, deck: str | None, span: Span, day: _Day
                 ) -> Iterator[tuple[int, str | None, str]]:
        decks = self._decks(deck, span)
        for name, due, cid, family in self._stream(self.review, deck, decks, _DUE_ID):
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
        rows = (self._stream(self.plain, deck, decks, _ID) if deck is None
                else _merged(self.plain, decks, _ID))
        return ((cid, family, name) for name, _due, cid, family in rows)

    def _stream(self, by_deck: dict[str, list[tuple]], deck: str | None, decks: list[str],
                key: Callable[[Any], Any]) -> Iterator[tuple]:
        """The decks' rows of a queue, in its order, read as far as the caller reads: their
        lists merged; for a deck holding a large share of all decks, the rows of every deck in
        that order (sorted once) with its own kept (a merge of thousands of lists costs more)."""
        if len(decks) * _SHARE < len(self.sums.decks):
            return _merged(by_deck, decks, key)
        every = self._every.get(id(by_deck))
        if every is None:
            every = self._every[id(by_deck)] = sorted(
                (row for rows in by_deck.values() for row in rows), key=key)
        if deck is None:
            return iter(every)
        inside = set(decks)
        return (row for row in every if row[0] in inside)


def _merged(by_deck: dict[str, list[_R]], decks: list[str],
            key: Callable[[Any], Any] | None) -> Iterator[_R]:
    """The decks' lists (each in `key` order) as one stream in that order, read as far as the
    caller reads."""
    lists = [rows for d in decks if (rows := by_deck.get(d))]
    if len(lists) == 1:
        return iter(lists[0])
    return heapq.merge(*lists, key=key)
