"""Figures of the stored decks summed over any deck name's subtree, in a few steps each.

A study session of deck D takes the cards of D and of every deck named D + "::..."
(`store_base.deck_clause`): in sorted order those are one run of names, so each figure's
running totals over the sorted decks give any subtree's sum from two searches and two
subtractions, for the 15,000 lines of a deck list as for one deck.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate

# Where a name's subtree lies among the sorted decks: its own deck's place (or None) and the
# run [lo, hi) of the decks under it.
Span = tuple[int | None, int, int]


class DeckSums:
    """`columns[k][i]`: figure k of deck `decks[i]` (decks sorted by name)."""

    def __init__(self, decks: list[str], columns: list[list[int]]) -> None:
        self.decks = decks
        self.place = {deck: i for i, deck in enumerate(decks)}
        self.columns = columns
        self.running = [list(accumulate(column, initial=0)) for column in columns]

    def span(self, deck: str | None) -> Span:
        """Where the decks a session of `deck` reads lie (None: every deck)."""
        return self.spans([deck])[0]

    def spans(self, names: list[str | None]) -> list[Span]:
        decks, place = self.decks, self.place
        out: list[Span] = []
        for name in names:
            if name is None:
                out.append((None, 0, len(decks)))
                continue
            head = name + "::"
            lo = bisect_left(decks, head)
            if lo == len(decks) or not decks[lo].startswith(head):  # (none under it)
                out.append((place.get(name), lo, lo))
            else:
                out.append((place.get(name), lo, bisect_left(decks, name + ":;", lo)))
        return out

    def total(self, column: int, span: Span) -> int:
        own, lo, hi = span
        running = self.running[column]
        if own is None:
            return running[hi] - running[lo]
        return running[hi] - running[lo] + self.columns[column][own]

    def totals(self, column: int, spans: list[Span]) -> list[int]:
        """`total` of each span (a list at once: 15k spans in a millisecond)."""
        running, values = self.running[column], self.columns[column]
        return [running[hi] - running[lo] + (0 if own is None else values[own])
                for own, lo, hi in spans]

    def under(self, span: Span) -> list[str]:
        """The stored decks in `span`."""
        own, lo, hi = span
        inside = self.decks[lo:hi]
        return inside if own is None else [self.decks[own], *inside]


def names_over(deck: str) -> Iterable[str]:
    """Every name whose session holds `deck`: itself and what precedes each "::" in it (found
    overlapping, as a session's prefix test matches: ":::" is under ":" and "")."""
    yield deck
    end = deck.find("::")
    while end >= 0:
        yield deck[:end]
        end = deck.find("::", end + 1)


def spread_families(rows: Iterable[tuple[str, int, int, str]], full: set[str],
                    today: set[str]) -> tuple[dict[str | None, int], dict[str | None, int]]:
    """For families held by several decks, given as (deck, review due, new card, family) rows:
    per name (None: every deck), how many of them have a review due under it (`full` ones left
    out) and how many have new cards under it and no review due under it (left out: the ones
    studied `today`)."""
    reviews: dict[str | None, int] = {}
    news: dict[str | None, int] = {}
    by_family: dict[str, list[tuple[str, int, int]]] = {}
    for deck, review, new, family in rows:
        by_family.setdefault(family, []).append((deck, review, new))
    over: dict[str, set[str | None]] = {}  # each deck's names (None too)
    for deck, _, _, _ in rows:
        if deck not in over:
            over[deck] = {None, *names_over(deck)}
    for family, held in by_family.items():
        under_review = _union(over[deck] for deck, review, _ in held if review)
        if family not in full:
            for name in under_review:
                reviews[name] = reviews.get(name, 0) + 1
        if family in today:
            continue
        for name in _union(over[deck] for deck, _, new in held if new) - under_review:
            news[name] = news.get(name, 0) + 1
    return reviews, news


def _union(sets: Iterable[set[str | None]]) -> set[str | None]:
    out: set[str | None] = set()
    for names in sets:
        out |= names
    return out
