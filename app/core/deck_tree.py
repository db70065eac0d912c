"""The deck list as a tree: leaf deck counts summed into their parents, in display order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from app.core.deck_options import DeckOptions, resolve
from app.core.queries import DeckCounts
from app.core.store import Store
from app.core.timeutil import day_bounds

if TYPE_CHECKING:
    from app.core.session import Limits


class DeckLine(NamedTuple):  # (a frozen dataclass took 27 ms to build 15k lines, this 3 ms)
    """One line of the deck list: a deck (or a parent of decks) with its summed counts."""

    deck: str | None  # None: every deck
    label: str
    depth: int
    new: int
    learning: int
    due: int
    total: int


def deck_lines(counts: list[DeckCounts], *, with_total: bool = True,
               new_left: int | None = None, reviews_left: int | None = None) -> list[DeckLine]:
    """Parents before children, siblings by name; each line sums its subtree.

    `new_left` / `reviews_left` (today's limits minus what was studied today) cap the New and
    Due columns, as Anki's deck list does: the numbers say what studying the deck would give.
    """
    sums: dict[str, list[int]] = {}
    for c in counts:
        parts = c.deck.split("::")
        for depth in range(1, len(parts) + 1):
            key = "::".join(parts[:depth])
            acc = sums.setdefault(key, [0, 0, 0, 0])
            acc[0] += c.new
            acc[1] += c.learning
            acc[2] += c.due
            acc[3] += c.total
    if new_left is not None or reviews_left is not None:
        for acc in sums.values():
            acc[0] = acc[0] if new_left is None else min(acc[0], new_left)
            acc[2] = acc[2] if reviews_left is None else min(acc[2], reviews_left)
    lines: list[DeckLine] = []
    if with_total and counts:
        tot = [sum(c.new for c in counts), sum(c.learning for c in counts),
               sum(c.due for c in counts), sum(c.total for c in counts)]
        if new_left is not None:
            tot[0] = min(tot[0], new_left)
        if reviews_left is not None:
            tot[2] = min(tot[2], reviews_left)
        lines.append(DeckLine(None, "All decks", 0, *tot))
    for key in tree_order(sums):
        parts = key.split("::")
        lines.append(DeckLine(key, parts[-1], len(parts) - 1 + int(with_total), *sums[key]))
    return lines


def tree_order(keys: Iterable[str]) -> list[str]:
    """Deck names parents before children, siblings by name (case folded; names equal so by
    their text)."""
    keys = list(keys)
    if any("\0" in key for key in keys):
        return sorted(keys, key=lambda k: ([p.casefold() for p in k.split("::")], k))
    # the same order from one string a name (15k names: 44 -> 6 ms): "::" as the lowest
    # character, so a name's parts compare one by one and a parent sorts before its children;
    # sorted by their text first, names that fold alike stay in that order
    return sorted(sorted(keys), key=lambda k: k.casefold().replace("::", "\0"))


def tree_keys(decks: Iterable[str]) -> list[str]:
    """Every line a deck list of `decks` shows (each deck and its parents), in `tree_order`."""
    keys = set(decks)
    level = {deck for deck in keys if "::" in deck}
    for deck in [deck for deck in level if ":::" in deck]:  # (split's parts where "::" overlap)
        parts = deck.split("::")
        keys.update("::".join(parts[:depth]) for depth in range(1, len(parts)))
        level.discard(deck)
    while level:  # the parents of the last names found, and theirs
        level = {key[:key.rfind("::")] for key in level} - keys
        keys |= level
        level = {key for key in level if "::" in key}
    return tree_order(keys)


def lines_with_options(lines: list[DeckLine], rows: dict[str, dict], *, new_done: int,
                       reviews_done: int, base: DeckOptions | None = None
                       ) -> list[tuple[DeckLine, DeckOptions]]:
    """Each line capped by the daily limits of its own deck options (less what was studied
    today), with those options, for the deck list's columns."""
    out = []
    every = base or DeckOptions()
    for line in lines:  # (DeckLine(...) and no resolve() without options: 15k lines)
        options = resolve(line.deck, rows, every) if rows else every
        new, due = _capped(line.new, line.due, options, new_done, reviews_done)
        out.append((DeckLine(line.deck, line.label, line.depth, new, line.learning, due,
                             line.total), options))
    return out


def _capped(new: int, due: int, options: DeckOptions, new_done: int, reviews_done: int
            ) -> tuple[int, int]:
    """New and Due within what the deck's daily limits leave after today's studying."""
    return (min(new, max(0, options.new_per_day - new_done)),
            min(due, max(0, options.reviews_per_day - reviews_done)))


def offered_deck_lines(store: Store, *, now: datetime, tz: tzinfo | None, limits: Limits | None
                       ) -> list[tuple[DeckLine, DeckOptions]]:
    """The deck list with each line's options: counts summed into parents and capped by the
    daily limits (each deck's own options, or `limits` for every deck).

    New and Due are what a session of that deck would offer (siblings spread, one review per
    family), so the list never promises cards the session then holds back: every line's from
    a few reads of the day's cards (deck_offers.py), not a session per deck line."""
    from app.core.deck_offers import DeckOffers
    from app.core.store_scheduling import deck_option_rows

    new_done, reviews_done = store.studied_since(day_bounds(now, tz)[0])
    option_rows = deck_option_rows(store)
    rows, every = option_rows, DeckOptions()
    if limits is not None:
        rows, every = {}, DeckOptions(new_per_day=limits.new_per_day,
                                      reviews_per_day=limits.reviews_per_day)
    offers = DeckOffers(store, now=now, tz=tz, limits=limits, options=option_rows)
    keys: list[str | None] = [None, *tree_keys(offers.sums.decks)] if offers.sums.decks else []
    spans = offers.sums.spans(keys)
    # (no resolve() without deck options: 15k lines)
    options = [resolve(key, rows, every) for key in keys] if rows else [every] * len(keys)
    out = []
    offered = offers.offered
    for key, span, figures, opts, new, learning, due, total in zip(
            keys, spans, offers.figures(keys, spans), options, *offers.counts(spans),
            strict=True):
        new, due = _capped(new, due, opts, new_done, reviews_done)
        if new or due:
            new, due = offered(key, span, figures)
        if key is None:
            line = DeckLine(None, "All decks", 0, new, learning, due, total)
        else:
            parts = key.split("::")
            line = DeckLine(key, parts[-1], len(parts), new, learning, due, total)
        out.append((line, opts))
    return out
