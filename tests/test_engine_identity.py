"""Card identity through imports: unchanged, reworded, retired, revived, moved, explicit ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import T0, Clock, write

from app.core.importing import import_paths
from app.core.scheduler import Rating
from app.core.session import StudySession
from app.core.store import Store

NOTE = """# Leakage

Q: Which split avoids leakage when labels arrive over time?
A: A split by time: train on older events, validate on newer ones.

Q: What does a feature store keep consistent?
A: Feature values and their computation, between training and serving.

C: The [hashing trick] maps ids into a fixed number of [buckets].
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "c.db")
    yield s
    s.close()


def summary(store: Store, *paths: Path) -> str:
    return import_paths(store, list(paths), now=T0).summary()


def by_front(store: Store, text: str):
    return next(c for c in store.cards() if text in c.front)


def test_reimport_unchanged_then_reword_keeps_history(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    note = write(notes, "ads/leak.md", NOTE)
    assert summary(store, notes) == "4 added, 0 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"
    assert summary(store, notes) == "0 added, 0 changed, 4 unchanged, 0 retired, 0 revived, 0 problems"

    card = by_front(store, "Which split")
    session = StudySession(store, clock=Clock())
    session.grade(Rating.GOOD, card)

    note.write_text(NOTE.replace("Which split avoids leakage", "Which data split prevents leakage"))
    report = import_paths(store, [notes], now=T0)
    assert report.summary() == "0 added, 1 changed, 3 unchanged, 0 retired, 0 revived, 0 problems"
    after = by_front(store, "Which data split")
    assert after.id == card.id and after.uid == card.uid
    assert len(store.reviews(card.id)) == 1 and after.state != 0


def test_deleted_card_is_retired_and_revived_with_history(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    note = write(notes, "leak.md", NOTE)
    summary(store, notes)
    card = by_front(store, "feature store")
    StudySession(store, clock=Clock()).grade(Rating.EASY, card)

    gone = NOTE.replace("Q: What does a feature store keep consistent?\n"
                        "A: Feature values and their computation, between training and serving.\n",
                        "")
    note.write_text(gone)
    assert summary(store, notes) == "0 added, 0 changed, 3 unchanged, 1 retired, 0 revived, 0 problems"
    assert store.card(card.id).retired
    assert StudySession(store, clock=Clock()).current().id != card.id

    note.write_text(NOTE)
    assert summary(store, notes) == "0 added, 0 changed, 3 unchanged, 0 retired, 1 revived, 0 problems"
    revived = store.card(card.id)
    assert not revived.retired and revived.state == 2
    assert [r["rating"] for r in store.reviews(card.id)] == [4]


def test_moved_file_keeps_ids(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    note = write(notes, "a/leak.md", NOTE)
    summary(store, notes)
    before = {c.front: (c.id, c.uid) for c in store.cards()}
    (notes / "b").mkdir()
    note.rename(notes / "b" / "renamed.md")
    # same content, but the deck follows the folder: each card is changed (it moves deck in Anki)
    assert summary(store, notes) == "0 added, 4 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"
    after = {c.front: (c.id, c.uid) for c in store.cards() if not c.retired}
    assert after == before
    assert {c.source_path for c in store.cards()} == {"b/renamed.md"}
    assert {c.deck for c in store.cards()} == {"b::renamed"}
    assert summary(store, notes) == "0 added, 0 changed, 4 unchanged, 0 retired, 0 revived, 0 problems"


def test_new_deck_for_same_content_is_reported_changed(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "leak.md", NOTE)
    summary(store, notes)
    moved = import_paths(store, [notes], now=T0, deck="Elsewhere", changes=True)
    assert moved.summary() == "0 added, 4 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"
    assert [what for what, _ in moved.changes] == ["changed"] * 4
    assert {c.deck for c in store.cards()} == {"Elsewhere"}
    again = import_paths(store, [notes], now=T0, deck="Elsewhere")
    assert again.summary() == "0 added, 0 changed, 4 unchanged, 0 retired, 0 revived, 0 problems"


def test_explicit_id_wins_over_rewrite(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    note = write(notes, "x.md", "Q: one\nA: two <!-- id: stable-1 -->\n")
    summary(store, notes)
    (card,) = store.cards()
    assert card.uid == "stable-1"
    note.write_text("Q: something else entirely\nA: a wholly new answer <!-- id: stable-1 -->\n")
    assert summary(store, notes).startswith("0 added, 1 changed")
    assert store.card(card.id).front == "something else entirely"


def test_unrelated_rewrite_is_a_new_card(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    note = write(notes, "x.md", "Q: What is AUC?\nA: Area under the ROC curve.\n")
    summary(store, notes)
    note.write_text("Q: Why use a feature store in serving?\nA: Low-latency consistent features.\n")
    assert summary(store, notes) == "1 added, 0 changed, 0 unchanged, 1 retired, 0 revived, 0 problems"


def test_notes_are_never_written(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    note = write(notes, "x.md", NOTE)
    before = note.read_bytes(), note.stat().st_mtime_ns
    summary(store, notes)
    StudySession(store, clock=Clock()).grade(Rating.GOOD)
    assert (note.read_bytes(), note.stat().st_mtime_ns) == before


def test_dry_run_and_strict_write_nothing(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write(notes, "x.md", NOTE + "\nQ: no answer here\n")
    report = import_paths(store, [notes], now=T0, dry_run=True)
    assert report.added == 4 and len(report.problems) == 1
    assert store.is_empty()
    from app.core.errors import ImportProblems

    with pytest.raises(ImportProblems):
        import_paths(store, [notes], now=T0, strict=True)
    assert store.is_empty()
    assert import_paths(store, [notes], now=T0).added == 4


def test_single_file_import_does_not_retire_siblings(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write(notes, "x.md", NOTE)
    other = write(notes, "y.md", "Q: other\nA: card\n")
    summary(store, notes)
    other.write_text("Q: other\nA: card, edited\n")
    assert summary(store, other) == "0 added, 1 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"
    assert not any(c.retired for c in store.cards())
