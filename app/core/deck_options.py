"""Deck options: desired retention, daily new and review limits, the hour a study day starts.

Options are set on a deck and apply to its whole subtree; each field comes from the nearest deck
up the tree that sets it (`A::B::C` looks at `A::B::C`, then `A::B`, then `A`), else the default.
"""

from __future__ import annotations

from typing import NamedTuple

from app.core.errors import UsageError
from app.core.store import Store
from app.core.store_scheduling import deck_exists, deck_option_rows, set_deck_option_row

RETENTION_RANGE = (0.70, 0.99)


class DeckOptions(NamedTuple):  # (a dataclass is compiled at every review's start-up)
    retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4


DEFAULT = DeckOptions()


def ancestors(deck: str) -> list[str]:
    """`A::B::C` -> [`A::B::C`, `A::B`, `A`]: nearest first."""
    parts = deck.split("::")
    return ["::".join(parts[:n]) for n in range(len(parts), 0, -1)]


def resolve(deck: str | None, rows: dict[str, dict], base: DeckOptions = DEFAULT) -> DeckOptions:
    """The options in force for `deck` (`base` when None: every deck studied at once)."""
    found: dict = {}
    for name in ancestors(deck) if deck else []:
        for field, value in rows.get(name, {}).items():
            if value is not None and field not in found:
                found[field] = value
    return base._replace(**found)


def options_for(store: Store, deck: str | None) -> DeckOptions:
    return resolve(deck, deck_option_rows(store))


def interval_ratio(retention: float, decay: float | None = None) -> float:
    """How long an FSRS interval is at `retention` compared with one at 0.90 (`decay`: FSRS-6's
    default, read from fsrs here: a session's start-up imports neither fsrs nor the evaluation
    code)."""
    if decay is None:
        import fsrs

        decay = float(fsrs.scheduler.DEFAULT_PARAMETERS[20])
    factor = 0.9 ** (1 / -decay) - 1

    def interval(r: float) -> float:
        return (r ** (1 / -decay) - 1) / factor

    return interval(retention) / interval(0.9)


def workload_warning(retention: float) -> str | None:
    """What a retention above 0.90 (or a low one) costs, in the spirit of Anki's manual."""
    ratio = interval_ratio(retention)
    if retention > 0.9:
        return (f"at {retention:.2f} intervals are {ratio:.0%} as long as at 0.90, so about "
                f"{1 / ratio:.1f}x the reviews for {retention - 0.9:.0%} more remembered")
    if retention < 0.8:
        return (f"at {retention:.2f} you will forget about {1 - retention:.0%} of cards when "
                "they come up; intervals grow faster, relearning costs more")
    return None


def set_options(store: Store, deck: str, *, retention: float | None = None,
                new_per_day: int | None = None, reviews_per_day: int | None = None,
                day_start_hour: int | None = None) -> DeckOptions:
    """Validate and store options on `deck`; returns the options now in force there."""
    if not deck_exists(store, deck):
        raise UsageError(f"no deck named {deck!r}",
                         "run 'blueprint list' or open the deck list to see the decks")
    values: dict = {}
    if retention is not None:
        low, high = RETENTION_RANGE
        if not low <= retention <= high:
            raise UsageError(f"desired retention {retention} is outside {low:.2f}-{high:.2f}",
                             "0.90 is the usual choice; 0.85-0.95 covers most needs")
        values["retention"] = retention
    for name, value, top in (("new_per_day", new_per_day, 9999),
                             ("reviews_per_day", reviews_per_day, 99999),
                             ("day_start_hour", day_start_hour, 23)):
        if value is None:
            continue
        if not 0 <= value <= top:
            raise UsageError(f"{name.replace('_', ' ')} {value} is outside 0-{top}", "")
        values[name] = value
    if not values:
        raise UsageError("nothing to set", "give --retention, --new, --reviews or --day-start")
    set_deck_option_row(store, deck, values)
    return options_for(store, deck)
