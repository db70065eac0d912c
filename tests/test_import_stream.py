"""Issue 15 item 4 and issue 16 item 18: the import streams. A re-import with nothing changed
takes no write lock; a long import commits in chunks, so another writer (a review's grade)
gets through between them; an interrupted import retires nothing and the next one completes
it; what is retired is retired only at the end of a walk that finished."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import importing
from app.core.importing import import_paths
from app.core.store import Store

T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def _vault(folder: Path, files: int, cards: int = 3) -> Path:
    for i in range(files):
        sub = folder / f"topic{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"note{i:03d}.md").write_text("".join(
            f"Q: Question {i}.{k}?\nA: Answer {i}.{k}.\n\n" for k in range(cards)))
    return folder


def _live(store: Store) -> int:
    return store.count("SELECT count(*) FROM cards WHERE retired = 0")


def test_a_no_change_reimport_takes_no_write_lock(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault", 12)
    store = Store(tmp_path / "c.db")
    import_paths(store, [vault], now=T0)
    other = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock the whole time
    store.conn.execute("PRAGMA busy_timeout = 50")
    try:
        report = import_paths(store, [vault], now=T0)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert report.summary() == "0 added, 0 changed, 36 unchanged, 0 retired, 0 revived, " \
                               "0 problems"
    assert report.files_skipped == 12 and report.files_parsed == 0


def test_a_long_import_lets_another_writer_through_between_chunks(tmp_path: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.setattr(importing, "CHUNK_CARDS", 6)  # a chunk: two notes of three cards
    monkeypatch.setattr(importing, "FRESH_CHUNKS", 1)  # into an empty collection too
    vault = _vault(tmp_path / "vault", 12)
    store = Store(tmp_path / "c.db")
    grades: list[str] = []

    def grade_meanwhile(done: int, total: int, rel: str) -> None:
        if done != 7:  # past the third chunk's commit, mid-import
            return

        def write() -> None:  # a review's grade from another connection, short patience
            other = sqlite3.connect(tmp_path / "c.db", isolation_level=None, timeout=0.2)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO meta(key, value) VALUES ('graded', 'yes')")
                other.execute("COMMIT")
                grades.append("saved")
            except sqlite3.OperationalError as exc:
                grades.append(str(exc))
            finally:
                other.close()

        thread = threading.Thread(target=write)
        thread.start()
        thread.join()

    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    report = import_paths(store, [vault], now=T0, progress=grade_meanwhile)
    store.conn.set_trace_callback(None)
    assert grades == ["saved"]
    # the write lock is taken per chunk (6 chunks of 6 cards, and the end), never for it all
    assert statements.count("BEGIN IMMEDIATE") == statements.count("COMMIT") >= 6
    assert report.added == 36 and _live(store) == 36
    assert store.meta("graded") == "yes"


def test_an_empty_collection_takes_larger_chunks(tmp_path: Path, monkeypatch) -> None:
    """Into a collection with no card yet, chunks are FRESH_CHUNKS times larger (fewer commits,
    each rewriting the random-key index pages); into one with cards, CHUNK_CARDS as before."""
    monkeypatch.setattr(importing, "CHUNK_CARDS", 3)  # a note's three cards
    monkeypatch.setattr(importing, "FRESH_CHUNKS", 4)
    vault = _vault(tmp_path / "vault", 12)
    store = Store(tmp_path / "c.db")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    report = import_paths(store, [vault], now=T0)
    assert report.added == 36
    assert statements.count("BEGIN IMMEDIATE") == 3 + 2  # 12 notes in chunks of 4; rest, end
    more = tmp_path / "more"
    more.mkdir()
    for i in range(8):
        (more / f"n{i}.md").write_text("".join(f"Q: Other {i}.{k}?\nA: Yes.\n\n"
                                               for k in range(3)))
    statements.clear()
    assert import_paths(store, [more], now=T0).added == 24
    assert statements.count("BEGIN IMMEDIATE") == 8 + 2  # a note a chunk; the rest, the end
    store.conn.set_trace_callback(None)


def test_one_transaction_when_strict(tmp_path: Path, monkeypatch) -> None:
    """--strict writes nothing when a problem turns up late (after many chunks)."""
    monkeypatch.setattr(importing, "CHUNK_CARDS", 3)
    vault = _vault(tmp_path / "vault", 9)
    (vault / "topic2" / "zz-bad.md").write_text("Q: A question with no answer?\n\n# Next\n")
    store = Store(tmp_path / "c.db")
    from app.core.errors import ImportProblems

    with pytest.raises(ImportProblems):
        import_paths(store, [vault], now=T0, strict=True)
    assert store.count("SELECT count(*) FROM cards") == 0
    assert store.count("SELECT count(*) FROM files") == 0


class _Stop(Exception):
    pass


def test_an_interrupted_import_retires_nothing_and_the_next_completes_it(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importing, "CHUNK_CARDS", 3)
    vault = _vault(tmp_path / "vault", 9)
    store = Store(tmp_path / "c.db")
    import_paths(store, [vault], now=T0)
    store.conn.execute("UPDATE cards SET state = 2 WHERE source_path = 'topic0/note000.md'")
    # a card moves from the first note to the last; another note loses a card; one is new
    first = vault / "topic0" / "note000.md"
    moved = "Q: Question 0.0?\nA: Answer 0.0.\n\n"
    first.write_text(first.read_text().replace(moved, ""))
    last = vault / "topic2" / "note008.md"
    last.write_text(last.read_text() + moved + "Q: Brand new?\nA: Yes.\n\n")
    (vault / "topic1" / "note004.md").write_text("Q: Question 4.0?\nA: Answer 4.0.\n\n")
    ids_before = {r[0]: r[1] for r in store.conn.execute("SELECT front, id FROM cards")}

    def stop_at(done: int, total: int, rel: str) -> None:
        if rel == "topic2/note008.md":  # the walk never reaches the last note
            raise _Stop

    with pytest.raises(_Stop):
        import_paths(store, [vault], now=T0, progress=stop_at)
    assert store.count("SELECT count(*) FROM cards WHERE retired = 1") == 0  # nothing yet
    report = import_paths(store, [vault], now=T0)
    assert (report.added, report.retired) == (1, 2)
    ids_after = {r[0]: r[1] for r in store.conn.execute(
        "SELECT front, id FROM cards WHERE retired = 0")}
    assert ids_after["Question 0.0?"] == ids_before["Question 0.0?"]  # history moved along
    assert store.card(ids_after["Question 0.0?"]).source_path == "topic2/note008.md"
    again = import_paths(store, [vault], now=T0)
    assert (again.added, again.changed, again.retired, again.files_parsed) == (0, 0, 0, 0)
    assert again.unchanged == _live(store) == 27 - 2 + 1


def test_a_card_moved_to_a_note_walked_earlier_keeps_its_history(tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.setattr(importing, "CHUNK_CARDS", 1)  # every note its own chunk
    vault = _vault(tmp_path / "vault", 6)
    store = Store(tmp_path / "c.db")
    import_paths(store, [vault], now=T0)
    card_id = store.count("SELECT id FROM cards WHERE front = 'Question 5.1?'")
    late = vault / "topic2" / "note005.md"
    moved = "Q: Question 5.1?\nA: Answer 5.1.\n\n"
    late.write_text(late.read_text().replace(moved, ""))
    early = vault / "topic0" / "note000.md"
    early.write_text(early.read_text() + moved)
    report = import_paths(store, [vault], now=T0)
    assert (report.added, report.retired, report.revived) == (0, 0, 0)
    card = store.card(card_id)
    assert card.source_path == "topic0/note000.md" and not card.retired


def test_the_unchanged_count_survives_the_upgrade(tmp_path: Path) -> None:
    """Schema 9 keeps each file's live card count; an older collection gets it at upgrade."""
    vault = _vault(tmp_path / "vault", 4)
    store = Store(tmp_path / "c.db")
    import_paths(store, [vault], now=T0)
    store.conn.execute("UPDATE files SET cards = 0")
    store.conn.execute("PRAGMA user_version = 8")
    store.close()
    store = Store(tmp_path / "c.db")
    assert store.count("SELECT sum(cards) FROM files") == 12
    assert import_paths(store, [vault], now=T0).unchanged == 12


def test_two_new_notes_sharing_a_card_each_keep_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importing, "CHUNK_CARDS", 1)
    vault = _vault(tmp_path / "vault", 3)
    store = Store(tmp_path / "c.db")
    import_paths(store, [vault], now=T0)
    shared = "Q: Shared question?\nA: Shared answer.\n\n"
    (vault / "topic0" / "a.md").write_text(shared)
    (vault / "topic1" / "b.md").write_text(shared)
    report = import_paths(store, [vault], now=T0)
    assert (report.added, report.retired) == (2, 0)
    paths = {r[0] for r in store.conn.execute(
        "SELECT source_path FROM cards WHERE front = 'Shared question?' AND retired = 0")}
    assert paths == {"topic0/a.md", "topic1/b.md"}
    assert import_paths(store, [vault], now=T0).unchanged == 11
