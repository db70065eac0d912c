"""The first run's import of the shipped decks is told inside the TUI (issue 16 item 14), through
the CLI's own path to the app (`build_tui`, what `blueprint` runs)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable
from tui_support import clock

from app.cli_support import build_tui
from app.core.collection import Collection
from app.tui.screens.decks import DecksScreen


async def test_first_run_import_is_told_inside_the_tui(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=clock)
    app = build_tui(collection)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        told = [str(n.message) for n in app._notifications]
        assert any(m.startswith("First run: imported the shipped decks (") and " added" in m
                   for m in told), told
        assert app.screen.query_one(DataTable).row_count > 5  # the decks are listed
    again = build_tui(collection)  # the second run says nothing
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not [n for n in again._notifications if "First run" in str(n.message)]
    collection.close()
