"""Deck options: retention and daily limits set on a deck apply to exactly its subtree."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from helpers import T0, Clock, write
from test_cli import run

from app.core.deck_options import options_for, resolve, set_options, workload_warning
from app.core.errors import UsageError
from app.core.importing import import_paths
from app.core.scheduler import Rating
from app.core.session import StudySession
from app.core.store import Store


def _deck(name: str, n: int) -> str:
    return f"---\ndeck: {name}\n---\n" + "".join(f"Q: {name} q{i}\nA: a{i}\n\n" for i in range(n))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    notes = tmp_path / "n"
    for rel, deck in (("x.md", "A::X"), ("xy.md", "A::XY"), ("y.md", "A::Y"), ("b.md", "B")):
        write(notes, rel, _deck(deck, 8))
    s = Store(tmp_path / "c.db")
    import_paths(s, [notes], now=T0)
    yield s
    s.close()


def _review_interval(session: StudySession, deck: str) -> timedelta:
    """Grade a new card of `deck` Good twice, a day apart (it reaches Review state), then
    return the interval a third Good would give."""
    card = next(c for c in session.store.cards() if c.deck == deck and c.state == 0)
    scheduler = session.scheduler_for(card)
    from app.core.scheduler import grade

    now = T0
    for _ in range(3):
        result = grade(scheduler, card, Rating.GOOD, now)
        session.store.record_review(card.id, 3, now, 0, result.state, card.schedule)
        card = session.store.card(card.id)
        now = card.due or now
    return grade(scheduler, card, Rating.GOOD, now).interval


def test_options_apply_to_exactly_their_subtree(store: Store) -> None:
    set_options(store, "A::X", retention=0.8, new_per_day=3, reviews_per_day=7)
    in_x = StudySession(store, clock=Clock(), deck="A::X", tz=UTC)
    assert (in_x.limits.new_per_day, in_x.limits.reviews_per_day) == (3, 7)
    assert in_x.remaining().new == 3
    for deck in ("A::XY", "A::Y", "B", "A"):  # a name that only starts like it is not under it
        other = StudySession(store, clock=Clock(), deck=deck, tz=UTC)
        assert (other.limits.new_per_day, other.limits.reviews_per_day) == (20, 200), deck
        # studying A takes at most 3 new cards of A::X, as studying A::X would: 3 + 8 + 8
        assert other.remaining().new == (19 if deck == "A" else 8)
    everything = StudySession(store, clock=Clock(), tz=UTC)
    retention = {c.deck: everything.scheduler_for(c).desired_retention for c in store.cards()}
    assert retention == {"A::X": 0.8, "A::XY": 0.9, "A::Y": 0.9, "B": 0.9}
    # the retention shows in the intervals: a lower target lets the card wait longer
    assert _review_interval(everything, "A::X") > _review_interval(everything, "A::Y")


def test_parent_options_reach_children_field_by_field(store: Store) -> None:
    set_options(store, "A", retention=0.85, new_per_day=5)
    set_options(store, "A::Y", new_per_day=9)
    y = options_for(store, "A::Y")
    assert (y.retention, y.new_per_day, y.reviews_per_day) == (0.85, 9, 200)
    assert options_for(store, "A::X").new_per_day == 5
    assert options_for(store, "B") == options_for(store, None) == resolve(None, {})
    session = StudySession(store, clock=Clock(), deck="A::Y", tz=UTC)
    assert session.remaining().new == 8  # the deck has 8, under its limit of 9


def test_bad_options_are_refused(store: Store) -> None:
    with pytest.raises(UsageError, match="outside 0.70-0.99"):
        set_options(store, "A", retention=0.6)
    with pytest.raises(UsageError, match="no deck named 'Nope'"):
        set_options(store, "Nope", new_per_day=3)
    with pytest.raises(UsageError, match="nothing to set"):
        set_options(store, "A")
    assert options_for(store, "A") == options_for(store, None)


def test_workload_warning_above_090() -> None:
    assert workload_warning(0.9) is None
    warning = workload_warning(0.95)
    assert warning is not None and "2.5x the reviews" in warning
    assert workload_warning(0.72) is not None


def test_cli_deck_set_and_review_of_a_missing_deck(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    write(tmp_path / "n", "x.md", _deck("A::X", 2))
    run("--collection", coll, "import", str(tmp_path / "n"))
    out = run("--collection", coll, "deck", "set", "A", "--retention", "0.95", "--new", "30")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("A (and its subdecks): retention 0.95, 30 new and 200 reviews")
    assert "2.5x the reviews" in out.stdout
    bad = run("--collection", coll, "deck", "set", "A", "--retention", "1.5")
    assert bad.returncode == 2 and "outside 0.70-0.99" in bad.stderr
    missing = run("--collection", coll, "review", "--deck", "No Such Deck")
    assert missing.returncode == 2 and "no deck named 'No Such Deck'" in missing.stderr
