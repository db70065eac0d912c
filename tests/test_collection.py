"""The Collection facade: one object the CLI and the TUI use, its clock read everywhere."""

from __future__ import annotations

from pathlib import Path

from helpers import T0, Clock, write

from app.core.collection import Collection
from app.core.scheduler import Rating
from app.core.store import SCHEMA_VERSION, Store

NOTE = "---\ndeck: Serving\n---\n\nQ: What does a feature store serve online?\nA: Fresh features.\n"


def test_the_backup_before_a_migration_is_named_by_the_injected_clock(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    collection.import_paths([write(tmp_path / "notes", "a.md", NOTE).parent])
    collection.store.conn.execute("PRAGMA user_version = 5")
    collection.close()
    reopened = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    # a new collection takes no backup; one with data takes one before migrating (issue 16)
    assert SCHEMA_VERSION > 5
    assert [p.name for p in reopened.store.backups()] == ["c.db.backup-v5-20260302T150000"]
    reopened.close()


def test_a_grade_through_the_facade_is_stored_at_the_clock_time(tmp_path: Path) -> None:
    clock = Clock(T0)
    collection = Collection.open(tmp_path / "c.db", clock=clock)
    collection.import_paths([write(tmp_path / "notes", "a.md", NOTE).parent])
    assert [line.new for line in collection.deck_lines()] == [1, 1]
    session = collection.study("Serving")
    card = session.current()
    assert card is not None
    session.grade(Rating.GOOD, card)
    stored = collection.card(card.id)
    assert stored.last_review == T0 and stored.state == 1
    assert collection.studied_today() == (1, 0)
    assert [line.new for line in collection.deck_lines()] == [0, 0]
    worker = collection.reopen()  # a worker thread's own connection to the same file
    assert worker.card(card.id) == stored
    worker.close()
    collection.close()
    assert Store(tmp_path / "c.db").reviews(card.id)[0]["reviewed_at"].startswith("2026-03-02T15")


def test_diagram_quizzes_are_stored_at_import_and_the_diagram_parsed_once(
        tmp_path: Path) -> None:
    import json

    from tui_support import DIAGRAM_NOTE

    import diagrams
    from diagrams.quiz_json import quiz_from_json

    collection = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    collection.import_paths([write(tmp_path / "notes", "serving.md", DIAGRAM_NOTE).parent])
    cards = [c for c in collection.list_cards() if c.diagram_id]
    assert len(cards) > 5 and all(c.quiz is not None for c in cards)
    source = DIAGRAM_NOTE.split("```mermaid\n")[1].split("```")[0]
    parsed, _ = diagrams.parse_block(source, "mermaid", first_line=1, default_id="x")
    assert parsed is not None
    expected = {q.key: q for q in diagrams.quiz_cards(parsed)}
    loaded = [collection.load_quiz(c) for c in cards]
    for card, item in zip(cards, loaded, strict=True):
        assert item.quiz == quiz_from_json(json.loads(card.quiz or "{}"))
        assert item.quiz == expected[card.diagram_key or ""]
    assert all(item.diagram is loaded[0].diagram for item in loaded)  # one parse for all
    collection.close()
