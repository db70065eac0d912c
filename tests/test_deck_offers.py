"""The deck list's New and Due come from one read of the day's cards (app/core/deck_offers.py),
not from a session per deck: a differential test holds them equal to each deck's own session on
random collections (cloze and diagram families, diagram kinds outside a family, cards a drill
brought forward, learning/review/suspended/buried/retired cards, sub-decks and look-alike deck
names, deck options with daily limits and day starts, cards studied today)."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core import deck_offers
from app.core.collection import Collection
from app.core.deck_offers import DeckOffers
from app.core.deck_options import DeckOptions
from app.core.deck_tree import deck_lines, lines_with_options, tree_keys, tree_order
from app.core.new_order import KIND_TURNS
from app.core.queries import deck_counts
from app.core.schedule_state import ScheduleState
from app.core.session import Limits, StudySession
from app.core.store import Store
from app.core.store_scheduling import deck_option_rows, set_deck_option_row
from app.core.timeutil import day_bounds, format_utc

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
DECKS = ("A", "A::x", "A::x::deep", "A::y", "A:x", "A x", "Ab", "B", "B::z", "B::z::w", "C::")


def _card(rng: random.Random, i: int, diagrams: int, families: int) -> dict:
    stamp = format_utc(NOW - timedelta(days=30))
    roll = rng.random()
    family: str | None = None
    kind = "basic"
    if roll < 0.25 and diagrams:
        family = f"diagram:d{rng.randrange(diagrams)}"
        kind = rng.choice([*KIND_TURNS, "diagram-other"])
    elif roll < 0.5:
        family, kind = f"cloze:{rng.randrange(families)}", "cloze"
    elif roll < 0.53:
        kind = "diagram-loose"  # a diagram kind outside any diagram family
    elif roll < 0.55:
        family = ""  # an empty family: a review takes it as none, a new card as one
    state = rng.choice((0, 0, 0, 1, 2, 2, 3))
    due = None
    if state:
        due = format_utc(NOW + timedelta(hours=rng.uniform(-90, 40)))
    elif rng.random() < 0.06:  # a new card with a due time: brought forward by a drill
        due = format_utc(NOW - timedelta(hours=rng.uniform(1, 90)))
    buried = rng.random() < 0.06
    return {"uid": f"c{i}", "kind": kind, "deck": rng.choice(DECKS), "front": f"front {i}",
            "back": f"back {i}", "tags": "[]", "breadcrumb": json.dumps([]), "root": "",
            "source_path": "n.md", "source_line": i + 1, "content_hash": f"h{i}",
            "created_at": stamp, "modified_at": stamp, "state": state, "due": due,
            "family": family, "suspended": int(rng.random() < 0.04),
            "retired": int(rng.random() < 0.04),
            "buried_until": format_utc(NOW + timedelta(hours=rng.choice((-3, 5))))
            if buried else None}


def _collection(path: Path, rng: random.Random, diagrams: int | None = None) -> Store:
    store = Store(path, clock=lambda: NOW)
    size = rng.choice((30, 200, 700, 1500))
    diagrams = rng.choice((0, 1, 3, 9)) if diagrams is None else diagrams
    with store.transaction():
        store.insert_cards([_card(rng, i, diagrams, rng.choice((5, 40, 400)))
                            for i in range(size)])
    studied = rng.sample(range(1, size + 1), rng.choice((0, 3, 12, min(60, size))))
    for cid in studied:  # today's grades (by the state they were in), a few of them yesterday
        before = ScheduleState(rng.choice((0, 2)), None, None, None, None, None)
        when = NOW - timedelta(hours=rng.choice((1, 2, 30)))
        store.record_review(cid, 3, when, 1000, before, before)
    for deck in rng.sample(DECKS, rng.choice((0, 0, 1, 3))):
        values = {"new_per_day": rng.choice((None, 0, 2, 7)),
                  "reviews_per_day": rng.choice((None, 1, 5, 30)),
                  "day_start_hour": rng.choice((None, None, 4, 13))}
        set_deck_option_row(store, deck, values)
    return store


def _line_keys(store: Store) -> list[str | None]:
    return [line.deck for line in deck_lines(deck_counts(store, now=NOW, tz=UTC))]


def _check_every_deck(store: Store, rng: random.Random, seed: int) -> Counter[str]:
    """Each line's (and a few other names') offer against its own session, under the deck
    options, a few limits and no limit reached; the ways `DeckOffers` counted them."""
    keys = [*_line_keys(store), "A::x", "", "nope", "B::z::w"]
    ways: Counter[str] = Counter()
    for limits in (None, Limits(rng.choice((0, 3, 20)), rng.choice((0, 4, 200))),
                   Limits(10_000, 10_000)):  # (no limit reached: every card counts)
        offers = DeckOffers(store, now=NOW, tz=UTC, limits=limits)
        for deck in keys:
            session = StudySession(store, clock=lambda: NOW, deck=deck, limits=limits, tz=UTC)
            want = session.remaining()
            assert offers.offered(deck) == (want.new, want.review), (seed, deck, limits)
        ways += offers.ways
        ways["lines"] += len(keys)
        ways["families held by several decks"] += offers.shared
    return ways


@pytest.mark.parametrize("seed", range(16))
def test_one_read_gives_each_decks_session_counts(tmp_path: Path, seed: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if seed % 2:  # every deck reads the rows of all decks in order, keeping its own
        monkeypatch.setattr(deck_offers, "_SHARE", 1000)
    rng = random.Random(seed)
    store = _collection(tmp_path / "c.db", rng)
    _check_every_deck(store, rng, seed)
    store.close()


def test_decks_counted_in_sql_and_decks_counted_by_card_both_match(tmp_path: Path) -> None:
    """Collections without diagrams (most new cards counted from their families' counts in
    SQL) and with them (decks whose new cards' order counts: card by card), families held by
    one deck or by several: every way of counting is taken, and each gives the session's."""
    ways: Counter[str] = Counter()
    for seed in range(8):
        rng = random.Random(500 + seed)
        store = _collection(tmp_path / f"c{seed}.db", rng, diagrams=0 if seed % 2 else 3)
        ways += _check_every_deck(store, rng, seed)
        store.close()
    counted_by_card = ways["new by card"] + ways["reviews by card"]
    assert ways["new by families"] > 20 and ways["new by card"] > 20, ways
    assert ways["reviews by card"] > 0 and counted_by_card < ways["lines"], ways
    assert ways["families held by several decks"] > 0, ways


def _per_session_lines(collection: Collection) -> list:
    """The deck list as it was built before: a session per line with New or Due."""
    store, now = collection.store, collection.now()
    new_done, reviews_done = store.studied_since(day_bounds(now, UTC)[0])
    if collection.limits is None:
        rows, base = deck_option_rows(store), None
    else:
        rows, base = {}, DeckOptions(new_per_day=collection.limits.new_per_day,
                                     reviews_per_day=collection.limits.reviews_per_day)
    lines = lines_with_options(deck_lines(deck_counts(store, now=now, tz=UTC)), rows,
                               new_done=new_done, reviews_done=reviews_done, base=base)
    out = []
    for line, options in lines:
        if line.new or line.due:
            left = collection.study(line.deck).remaining()
            line = type(line)(line.deck, line.label, line.depth, left.new, line.learning,
                              left.review, line.total)
        out.append((line, options))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_deck_list_is_the_one_a_session_per_deck_gave(tmp_path: Path, seed: int) -> None:
    rng = random.Random(100 + seed)
    store = _collection(tmp_path / "c.db", rng)
    offered = 0
    for limits in (None, Limits(5, 9), Limits(90, 400)):
        collection = Collection(store, clock=lambda: NOW, tz=UTC, limits=limits)
        shown = collection.deck_lines_with_options()
        assert shown == _per_session_lines(collection), (seed, limits)
        offered += sum(line.new + line.due for line, _ in shown)
    assert offered  # the collections give counts to compare
    store.close()


def test_the_deck_lists_lines_come_in_the_order_they_came_before() -> None:
    """`tree_keys` (each deck's name and parents, ordered by one case-folded string a name)
    gives the lines and order the deck list gave by splitting every name into its parts:
    names that fold alike (ß/ss, İ, Ä/ä), colons next to "::", empty parts, spaces."""
    parts = ["a", "A", "ß", "ss", "SS", "b", " ", "a b", ":", "x:", ":y", "", "Ä", "ä", "İ",
             "i̇", "z", "ǅ", "ǆ", "\x01", "~"]
    rng = random.Random(7)
    for _ in range(40):
        decks = sorted({"::".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
                        for _ in range(rng.randint(1, 60))})
        keys: dict[str, None] = {}  # as deck_lines summed them: insertion order, then sorted
        for deck in decks:
            split = deck.split("::")
            for depth in range(1, len(split) + 1):
                keys.setdefault("::".join(split[:depth]))
        before = sorted(keys, key=lambda k: [p.casefold() for p in k.split("::")])
        assert tree_keys(decks) == before, decks
    assert tree_order(["a\0b", "a", "a::b"]) == ["a", "a::b", "a\0b"]
