"""The choices a day's queue makes that a study session and the deck list's one-pass counts
(deck_offers.py) share: one review per family, and what subdecks' own daily limits still allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.core.new_order import allowance


def full_families(family_today: dict[str, int]) -> set[str]:
    """The families that have had their day's cards (see `new_order.allowance`)."""
    return {f for f, n in family_today.items() if n >= allowance(f)}


def subdeck_caps(options: dict[str, dict], deck: str | None,
                 done: Callable[[], dict[str, tuple[int, int]]]
                 ) -> tuple[dict[str, int], dict[str, int]]:
    """What the daily limits of decks under `deck` still allow today (new, reviews): studying
    a parent never takes more from a subdeck than studying the subdeck would. `options` are the
    deck option rows; `done()` gives (new, review) cards graded today per stored deck, asked
    only when a deck under `deck` has options."""
    under = [d for d in options if d != deck and
             (deck is None or d.startswith(deck + "::"))]
    if not under:
        return {}, {}
    studied = done()
    new_caps: dict[str, int] = {}
    review_caps: dict[str, int] = {}
    for name in under:
        row = options[name]
        inside = [v for d, v in studied.items() if d == name or d.startswith(name + "::")]
        if row.get("new_per_day") is not None:
            new_caps[name] = row["new_per_day"] - sum(v[0] for v in inside)
        if row.get("reviews_per_day") is not None:
            review_caps[name] = row["reviews_per_day"] - sum(v[1] for v in inside)
    return new_caps, review_caps


def one_per_family(rows: Iterable[tuple[int, str | None, str]], seen: set[str], limit: int,
                   caps: dict[str, int]) -> list[int]:
    """Up to `limit` of the (id, family, deck) `rows`, in their order: one card per family not
    in `seen` (each taken family is added to it), within the subdeck `caps` (each take lowers
    the caps of the decks holding the card)."""
    out: list[int] = []
    for cid, family, deck in rows:
        if len(out) >= limit:
            break
        if family and family in seen:
            continue
        capping = [d for d in caps if deck == d or deck.startswith(d + "::")]
        if any(caps[d] <= 0 for d in capping):
            continue
        for d in capping:
            caps[d] -= 1
        if family:
            seen.add(family)
        out.append(cid)
    return out
