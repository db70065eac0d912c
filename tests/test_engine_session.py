"""Scheduling and study sessions: the real fsrs scheduler, a real SQLite file, a fixed clock."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import T0, Clock, write

from app.core.importing import import_paths
from app.core.queries import stats
from app.core.scheduler import Rating, format_interval, make_scheduler, replay
from app.core.session import Limits, StudySession
from app.core.store import SCHEMA_VERSION, Store
from app.core.timeutil import day_bounds

NOTES = "\n".join(f"Q: question {i}\nA: answer {i}\n" for i in range(30))
NOTES += "\nC: The [hashing trick] maps ids into [buckets] by a [hash].\n"

UTC = UTC


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "c.db")
    write(tmp_path / "n", "deck.md", NOTES)
    import_paths(s, [tmp_path / "n"], now=T0)
    yield s
    s.close()


def test_day_starts_at_4am_local() -> None:
    tz = timezone(timedelta(hours=2))
    start, end = day_bounds(datetime(2026, 3, 2, 1, 30, tzinfo=UTC), tz)  # 03:30 local
    assert start == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    start, _ = day_bounds(datetime(2026, 3, 2, 2, 30, tzinfo=UTC), tz)  # 04:30 local
    assert start == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_new_limit_and_one_sibling_per_day(store: Store) -> None:
    session = StudySession(store, clock=Clock(), limits=Limits(new_per_day=40), tz=UTC)
    # 30 basic cards + 1 of the 3 cloze siblings
    assert session.remaining().new == 31
    limited = StudySession(store, clock=Clock(), limits=Limits(new_per_day=5), tz=UTC)
    assert limited.remaining().new == 5


def test_grade_logs_review_and_buries_siblings(store: Store) -> None:
    clock = Clock()
    cloze = [c for c in store.cards() if c.kind == "cloze"]
    session = StudySession(store, clock=clock, tz=UTC)
    graded = session.grade(Rating.GOOD, cloze[0])
    assert graded.state.state == 1  # learning step
    reviews = store.reviews(cloze[0].id)
    assert [r["rating"] for r in reviews] == [3]
    for sibling in cloze[1:]:
        assert store.card(sibling.id).buried_until is not None
    # a new session the same day does not show the buried siblings
    again = StudySession(store, clock=clock, tz=UTC)
    assert not {c.id for c in cloze[1:]} & set(again.new)


def test_undo_restores_card_and_removes_review(store: Store) -> None:
    clock = Clock()
    session = StudySession(store, clock=clock, tz=UTC)
    first = session.current()
    session.grade(Rating.EASY)
    assert store.card(first.id).state == 2
    clock.advance(seconds=5)
    session.grade(Rating.AGAIN)
    assert len(store.reviews()) == 2
    back = session.undo()
    assert len(store.reviews()) == 1 and back.state == 0
    assert session.current().id == back.id
    session.undo()
    assert store.reviews() == [] and store.card(first.id).state == 0
    assert not session.can_undo()


def test_learning_card_returns_after_its_step(store: Store) -> None:
    clock = Clock()
    session = StudySession(store, clock=clock, limits=Limits(new_per_day=2), tz=UTC)
    first = session.current()
    session.grade(Rating.AGAIN)
    second = session.current()
    assert second.id != first.id
    session.grade(Rating.GOOD)
    clock.advance(minutes=2)
    assert session.current().id == first.id


def test_suspend_and_bury_hide_cards(store: Store) -> None:
    clock = Clock()
    session = StudySession(store, clock=clock, tz=UTC)
    a = session.current()
    session.suspend()
    b = session.current()
    session.bury()
    assert store.card(a.id).suspended
    fresh = StudySession(store, clock=clock, tz=UTC)
    assert a.id not in fresh.new and b.id not in fresh.new
    clock.advance(days=1)
    tomorrow = StudySession(store, clock=clock, tz=UTC)
    assert b.id in tomorrow.new and a.id not in tomorrow.new


def test_fsrs_intervals_golden(store: Store) -> None:
    """Fuzzing off, fixed times: the intervals FSRS-6 gives with default parameters."""
    sched = make_scheduler(fuzz=False)
    session = StudySession(store, clock=Clock(), scheduler=sched, tz=UTC)
    card = session.current()
    assert session.intervals(card) == {Rating.AGAIN: "1m", Rating.HARD: "6m",
                                       Rating.GOOD: "10m", Rating.EASY: "8d"}


def test_replay_from_log_matches_stored_state(store: Store) -> None:
    clock = Clock()
    sched = make_scheduler(fuzz=False)
    session = StudySession(store, clock=clock, scheduler=sched, tz=UTC)
    card = session.current()
    times = []
    for rating in (Rating.GOOD, Rating.GOOD, Rating.HARD, Rating.GOOD):
        cur = store.card(card.id)
        times.append((int(rating), clock.now))
        session.grade(rating, cur)
        clock.now = store.card(card.id).due + timedelta(hours=1)
    stored = store.card(card.id)
    rebuilt = replay(sched, card.id, times)
    assert rebuilt.stability == pytest.approx(stored.stability)
    assert rebuilt.difficulty == pytest.approx(stored.difficulty)
    assert rebuilt.state == stored.state and rebuilt.due == stored.due


def test_stats_counts(store: Store) -> None:
    clock = Clock()
    session = StudySession(store, clock=clock, tz=UTC)
    session.grade(Rating.GOOD)
    data = stats(store, now=clock.now, tz=UTC)
    assert data["reviews_today"] == 1 and data["reviews_total"] == 1
    assert data["cards"]["learning"] == 1 and data["cards"]["new"] == 32


def test_wal_busy_timeout_and_schema(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    assert store.schema_version() == SCHEMA_VERSION


def test_migration_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    s = Store(path)
    write(tmp_path / "n", "a.md", "Q: a\nA: b\n")
    import_paths(s, [tmp_path / "n"], now=T0)
    s.conn.execute("PRAGMA user_version = 1")
    s.conn.execute("DROP TABLE meta")
    s.close()
    s = Store(path, clock=lambda: T0)  # the backup is named by the store's clock, not the wall's
    assert s.schema_version() == SCHEMA_VERSION
    backups = s.backups()  # one before migrating (all steps run in one transaction)
    assert [b.name for b in backups] == [f"old.db.backup-v1-{T0:%Y%m%dT%H%M%S}"]
    assert backups[0].parent == tmp_path / "backups"
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT count(*) FROM cards").fetchone()[0] == 1
    s.close()


def test_not_a_collection_is_a_clear_error(tmp_path: Path) -> None:
    from app.core.errors import StoreError

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Blueprint collection"):
        Store(bad)
    assert bad.read_bytes() == b"this is not sqlite" * 100


def test_sigkill_right_after_grade_keeps_review(tmp_path: Path, store: Store) -> None:
    """A grade that returned is durable: kill -9 the process at once, the log has it."""
    path = store.path
    store.close()
    script = textwrap.dedent(f"""
        import os, signal, sys
        from datetime import datetime, timezone
        from app.core.store import Store
        from app.core.session import StudySession
        from app.core.scheduler import Rating
        store = Store({str(path)!r})
        session = StudySession(store, clock=lambda: datetime(2026, 3, 2, 15, tzinfo=timezone.utc))
        card = session.current()
        session.grade(Rating.HARD)
        print(card.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).parents[1], env=dict(os.environ))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    card_id = int(proc.stdout.strip())
    after = Store(path)
    try:
        assert after.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        reviews = after.reviews(card_id)
        assert [r["rating"] for r in reviews] == [2]
        assert json.loads(reviews[0]["state_before"])["state"] == 0
        assert after.card(card_id).state == 1
    finally:
        after.close()


def test_shown_interval_is_the_interval_given(store: Store) -> None:
    """With fuzzing on, the grade applies the outcome previewed on the button, not a new draw."""
    clock = Clock()
    session = StudySession(store, clock=clock, tz=UTC)
    for _ in range(5):
        card = session.current()
        session.grade(Rating.EASY, card)  # into review with a multi-day interval
    clock.advance(days=30)
    session = StudySession(store, clock=clock, tz=UTC)
    for _ in range(5):
        card = session.current()
        shown = session.intervals(card)[Rating.GOOD]
        clock.advance(seconds=7)
        result = session.grade(Rating.GOOD, card)
        assert shown.endswith(("d", "mo")) and shown == format_interval(result.interval)
        assert store.card(card.id).due == clock.now + result.interval


def test_deck_list_counts_follow_todays_limits(store: Store) -> None:
    from app.core.deck_tree import deck_lines
    from app.core.queries import deck_counts, studied_today

    clock = Clock()
    session = StudySession(store, clock=clock, tz=UTC)
    for _ in range(3):
        session.grade(Rating.GOOD)
    assert studied_today(store, now=clock.now, tz=UTC) == (3, 0)
    new_done, _ = studied_today(store, now=clock.now, tz=UTC)
    lines = deck_lines(deck_counts(store, now=clock.now, tz=UTC), new_left=20 - new_done,
                       reviews_left=200)
    assert [(line.label, line.new) for line in lines] == [("All decks", 17), ("deck", 17)]
    raw = deck_lines(deck_counts(store, now=clock.now, tz=UTC))
    assert raw[0].new == 30  # without limits: 33 cards, 3 of them graded
