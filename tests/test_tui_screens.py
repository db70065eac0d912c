"""Pilot tests of browse, stats, import, export, key help and the theme switch."""

from __future__ import annotations

import zipfile
from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Select, Static
from tui_support import (
    NOW,
    SCHEDULER,
    app_for,
    clock,
    collection,
    settle,
    text_of,
    write_notes,
)

from app.core.session import StudySession
from app.tui.app import DARK_THEME, LIGHT_THEME
from app.tui.modals.key_help import KeyHelpModal
from app.tui.screens.browse import BrowseScreen
from app.tui.screens.decks import DecksScreen
from app.tui.screens.export_anki import ExportScreen
from app.tui.screens.import_notes import ImportScreen
from app.tui.screens.stats import StatsScreen


async def test_browse_searches_and_shows_card_info(tmp_path: Path) -> None:
    store = collection(tmp_path)
    session = StudySession(store, clock=clock, deck="Serving", scheduler=SCHEDULER)
    session.grade(3)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert len(screen.results) == 4
        for char in "feature":
            await pilot.press(char)
        await pilot.pause()
        assert [c.deck for c in screen.results] == ["Serving"]
        info = text_of(screen.query_one("#card-info-text", Static))
        assert "serving.md:" in info and "Stability" in info and "Good" in info
        assert "Retrievability" in info and "100%" in info
        screen.query_one("#browse-text", Input).value = ""
        screen.query_one("#browse-state", Select).value = "new"
        await pilot.pause()
        assert len(screen.results) == 3
        screen.query_one("#browse-tag", Select).value = "ranking"
        await pilot.pause()
        assert {c.deck for c in screen.results} == {"Ranking::Basics"}
        screen.query_one(DataTable).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert sum(c.suspended for c in store.cards()) == 1


async def test_stats_shows_core_numbers(tmp_path: Path) -> None:
    store = collection(tmp_path)
    session = StudySession(store, clock=clock, scheduler=SCHEDULER)
    session.grade(3)
    session.grade(1)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.data is not None
        assert screen.data.reviews_per_day[-1] == 2
        assert sum(screen.data.due_per_day) == 2
        summary = text_of(screen.query_one("#stats-summary", Static))
        assert "Reviews today 2" in summary


async def test_import_runs_in_a_worker_and_reports_problems(tmp_path: Path) -> None:
    store = collection(tmp_path, notes=False)
    notes = write_notes(tmp_path / "vault")
    (notes / "broken.md").write_text("```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n")
    (notes / "broken2.md").write_text("Q: A question with no answer\n")
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one(Input).value = str(notes)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = text_of(screen.query_one("#import-report", Static))
        assert report.startswith("4 added, 0 changed, 0 unchanged, 0 retired, 0 revived, 1 probl")
        assert "broken2.md:" in report and "1 notices" in report and "broken.md:" in report
        assert screen.query_one(ProgressBar).percentage == 1.0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        assert app.screen.lines[0].new == 4  # the deck list is refreshed on return
    assert len(store.cards()) == 4


async def test_export_writes_an_apkg_in_a_worker(tmp_path: Path) -> None:
    store = collection(tmp_path)
    out = tmp_path / "out.apkg"
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one(Input).value = str(out)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = text_of(screen.query_one("#export-report", Static))
        assert "4 cards" in report and str(out) in report
        assert screen.query_one(ProgressBar).percentage == 1.0
    assert zipfile.is_zipfile(out)


async def test_key_help_and_theme(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeyHelpModal)
        text = text_of(app.screen.query_one(Static))
        assert "Undo" in text and "Suspend" in text
        await pilot.press("escape")
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Browse cards", "Stats", "Import notes", "Export to Anki", "Undo",
                "Grade Good"} <= set(titles)
    assert NOW  # the fixed clock drove every screen


async def test_the_deck_columns_width_is_its_widest_name_as_the_table_measures_it(
        tmp_path: Path) -> None:
    """The deck list's cells are not measured one by one (15k lines: 0.3 s); the Deck column
    still takes the width the table's own measuring gives: its widest name or its header."""
    from rich.text import Text
    from textual.app import App

    app = app_for(collection(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecksScreen)
        table = screen.query_one(DataTable)
        names = [Text(str(table.get_row_at(i)[0])) for i in range(table.row_count)]
        ours = [column.get_render_width(table) for column in table.columns.values()]

    class Measured(App[None]):  # the same cells as plain Text, measured by the table
        def compose(self):  # type: ignore[no-untyped-def]
            yield DataTable()

        def on_mount(self) -> None:
            measured = self.query_one(DataTable)
            measured.add_column("Deck")
            for label in ("New", "Learn", "Due", "Retain"):
                measured.add_column(label, width=6)
            for name in names:
                measured.add_row(name, "0", "0", "0", "0.90")

    other = Measured()
    async with other.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        measured = other.query_one(DataTable)
        assert [c.get_render_width(measured) for c in measured.columns.values()] == ours
    assert len(names) > 3 and ours[0] > len("Deck") + 2
