"""Issue 16 item 18 in the review (Pilot): a grade, undo or edit on a collection another
process is writing (a real second connection holding the write lock) waits a moment, then
says the collection is busy; the app never crashes and nothing the user did is lost."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from tui_support import app_for, collection, reviewing

from app.core.store import Store
from app.core.store_base import BRIEF_WAIT_MS
from app.tui.screens.review import ReviewScreen


def _lock(path: Path) -> sqlite3.Connection:
    """Another process's writer (an import's chunk) holding the write lock until released."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def _release(other: sqlite3.Connection) -> None:
    other.execute("ROLLBACK")
    other.close()


def _said(app: object, *words: str) -> bool:
    return any(all(w in str(n.message) for w in words)
               for n in app._notifications)  # type: ignore[attr-defined]


async def test_undo_on_a_busy_collection_is_kept_for_later(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        first = screen.card
        assert first is not None
        await pilot.press("space", "3")
        await pilot.pause()
        assert len(store.reviews(first.id)) == 1
        other = _lock(tmp_path / "collection.db")
        await pilot.press("u")
        await pilot.pause()
        assert app.is_running
        assert _said(app, "busy", "press u again")
        assert len(store.reviews(first.id)) == 1  # nothing half-undone
        _release(other)
        await pilot.press("u")  # the same undo, once the lock is gone
        await pilot.pause()
        assert screen.card is not None and screen.card.id == first.id
    assert store.reviews(first.id) == []


async def test_a_grade_waits_a_moment_for_a_short_write(tmp_path: Path) -> None:
    """A lock held for less than the brief wait (an import's chunk) lets the grade through."""
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    held = threading.Event()

    def chunk() -> None:
        other = _lock(tmp_path / "collection.db")
        held.set()
        time.sleep(BRIEF_WAIT_MS / 1000 / 4)
        _release(other)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        card = screen.card
        assert card is not None
        await pilot.press("space")
        writer = threading.Thread(target=chunk)
        writer.start()
        held.wait()
        await pilot.press("3")
        await pilot.pause()
        writer.join()
        assert not _said(app, "busy")
        assert screen.card is None or screen.card.id != card.id
    assert len(store.reviews(card.id)) == 1


async def test_a_busy_grade_gives_up_long_before_the_busy_timeout(tmp_path: Path) -> None:
    store = collection(tmp_path)
    timeout = int(store.conn.execute("PRAGMA busy_timeout").fetchone()[0])
    assert timeout > 2 * BRIEF_WAIT_MS  # commands still wait the full timeout
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        card = screen.card
        assert card is not None
        await pilot.press("space")
        other = _lock(tmp_path / "collection.db")
        started = time.monotonic()
        await pilot.press("3")
        await pilot.pause()
        waited = time.monotonic() - started
        _release(other)
        assert _said(app, "busy", "grade it again")
        assert screen.card is not None and screen.card.id == card.id
        assert waited < timeout / 1000  # told, not frozen for the whole timeout
    assert int(store.conn.execute("PRAGMA busy_timeout").fetchone()[0]) == timeout
    assert store.reviews(card.id) == []


async def test_an_edit_on_a_busy_collection_says_so(tmp_path: Path, monkeypatch) -> None:
    editor = tmp_path / "append-card"
    editor.write_text('#!/bin/sh\ngrep -q "Added while busy" "$2" || '
                      'printf "\\nQ: Added while busy?\\nA: Yes.\\n" >> "$2"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        other = _lock(tmp_path / "collection.db")
        await pilot.press("e")
        await pilot.pause()
        _release(other)
        assert app.is_running
        assert _said(app, "not re-imported", "busy")
        assert store.count("SELECT count(*) FROM cards WHERE front LIKE '%Added while busy%'") == 0
        await pilot.press("e")  # again, once the lock is gone: the edit is imported
        await pilot.pause()
    assert store.count("SELECT count(*) FROM cards WHERE front LIKE '%Added while busy%'") == 1


def test_brief_wait_restores_the_timeout(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    with store.brief_wait(50):
        assert int(store.conn.execute("PRAGMA busy_timeout").fetchone()[0]) == 50
    assert int(store.conn.execute("PRAGMA busy_timeout").fetchone()[0]) == 10000
