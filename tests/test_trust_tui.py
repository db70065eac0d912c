"""Issue 16 in the terminal UI (Pilot): the import asks before retiring most of a root."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_support import NOW, app_for, collection, text_of

from app.core.importing import import_paths
from app.core.store import Store
from app.tui.screens.import_notes import ImportScreen
from app.tui.screens.review import ReviewScreen


async def test_import_asks_before_retiring_most_of_a_root(tmp_path: Path) -> None:  # item 27
    store = Store(tmp_path / "collection.db")
    vault = tmp_path / "vault"
    vault.mkdir()
    many = vault / "many.md"
    many.write_text("".join(f"Q: Question {i}?\nA: Answer {i}.\n\n" for i in range(6)))
    import_paths(store, [vault], now=NOW)
    many.write_text("(moved elsewhere)\n")
    app = app_for(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one(Input).value = str(vault)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = text_of(screen.query_one("#import-report", Static))
        assert "retire 6 of 6 cards" in report and "Press y" in report
        assert store.count("SELECT count(*) FROM cards WHERE retired = 1") == 0
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(screen.query_one("#import-report", Static)).startswith("0 added")
    assert store.count("SELECT count(*) FROM cards WHERE retired = 1") == 6


async def test_u_undoes_a_suspend_after_a_grade(tmp_path: Path) -> None:  # item 1
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.card
        assert first is not None
        await pilot.press("space", "3")
        second = screen.card
        assert second is not None and second.id != first.id
        await pilot.press("s")
        await pilot.press("u")
        await pilot.pause()
        assert screen.card is not None and screen.card.id == second.id
        assert not store.card(second.id).suspended
        assert len(store.reviews(first.id)) == 1


async def test_a_grade_on_a_busy_collection_keeps_the_card(tmp_path: Path) -> None:  # item 18
    import sqlite3

    store = collection(tmp_path)
    store.conn.execute("PRAGMA busy_timeout = 100")  # the 10 s wait, shortened for the test
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        card = screen.card
        assert card is not None
        importer = sqlite3.connect(tmp_path / "collection.db", isolation_level=None)
        importer.execute("BEGIN IMMEDIATE")  # an import holding the write lock
        await pilot.press("space", "3")
        await pilot.pause()
        assert app.is_running and screen.card is not None and screen.card.id == card.id
        assert any("busy" in str(n.message) for n in app._notifications)
        importer.execute("ROLLBACK")
        importer.close()
        await pilot.press("3")  # the same card, graded again once the lock is gone
        await pilot.pause()
        assert screen.card is None or screen.card.id != card.id
    assert len(store.reviews(card.id)) == 1


async def test_e_with_a_broken_editor_says_so_and_stays_usable(tmp_path: Path,
                                                               monkeypatch) -> None:  # item 8
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        card = screen.card
        assert card is not None
        await pilot.press("e")
        await pilot.pause()
        assert any("/nonexistent/editor" in str(n.message) and "not found" in str(n.message)
                   for n in app._notifications)
        await pilot.press("space", "3")  # still usable
        await pilot.pause()
    assert len(store.reviews(card.id)) == 1
