"""Browse (issue 16 item 15): columns fit the width, a Due column, sort by column, `e` edits."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from textual.widgets import DataTable, Select
from textual.widgets._select import SelectOverlay
from tui_support import NOW, SCHEDULER, app_for, clock, write_notes

from app.core.importing import import_paths
from app.core.session import StudySession
from app.core.store import Store
from app.tui.screens.browse import BrowseScreen

LONG = """\
---
deck: ML System Design::Case Studies::Harmful Content Detection::Labelling Pipelines
---

Q: Which of the many considerations about a very long question with a lot of words comes first?
A: The one that decides the label.
"""


def _store(tmp_path: Path) -> Store:
    notes = write_notes(tmp_path / "notes")
    (notes / "long.md").write_text(LONG, encoding="utf-8")
    store = Store(tmp_path / "collection.db")
    assert not import_paths(store, [notes], now=NOW).problems
    return store


def _cells(table: DataTable, column: str) -> list[str]:
    return [str(v).strip() for v in table.get_column(column)]


async def test_columns_fit_the_width_and_due_is_shown(tmp_path: Path) -> None:
    store = _store(tmp_path)
    StudySession(store, clock=clock, deck="Serving", scheduler=SCHEDULER).grade(4)
    for size in ((120, 40), (80, 24)):
        app = app_for(store)
        async with app.run_test(size=size) as pilot:
            await pilot.press("slash")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            table = screen.query_one(DataTable)
            assert [str(c.label).split()[0] for c in table.ordered_columns] == [
                "Front", "Deck", "State", "Due"]
            used = sum(c.get_render_width(table) for c in table.ordered_columns)
            assert used <= table.size.width - 2, (size, used, table.size.width)  # no scrolling
            states = _cells(table, "state")
            assert "new" in states and "review" in states
            due = dict(zip([c.deck for c in screen.results], _cells(table, "due"), strict=False))
            assert due.pop("Serving") == "in 8d"  # Easy on a new card: 8 days at fuzz off
            assert set(due.values()) == {"—"}  # new cards have no due date


async def test_deck_filter_options_take_one_line_each(tmp_path: Path) -> None:
    app = app_for(_store(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        select = app.screen.query_one("#browse-deck", Select)
        await pilot.click("#browse-deck")
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)
        assert overlay.option_count == 4  # "Any deck" and three decks
        assert overlay.virtual_size.height == overlay.option_count  # none wraps
        prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(4)]
        assert any(p.endswith("Labelling Pipelines") for p in prompts)  # the leaf stays


async def test_sort_by_key_and_by_header(tmp_path: Path) -> None:
    store = _store(tmp_path)
    session = StudySession(store, clock=clock, scheduler=SCHEDULER)
    session.grade(4)
    session.grade(1)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("ctrl+o")  # note order -> Front
        await pilot.pause()
        fronts = [c.front.lower() for c in screen.results]
        assert fronts == sorted(fronts) and screen.sort == "front"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [c.front.lower() for c in screen.results] == sorted(fronts, reverse=True)
        table = screen.query_one(DataTable)
        await pilot.click(DataTable, offset=(table.ordered_columns[0].get_render_width(table)
                                             + table.ordered_columns[1].get_render_width(table)
                                             + table.ordered_columns[2].get_render_width(table)
                                             + 2, 0))  # the Due header
        await pilot.pause()
        assert screen.sort == "due" and not screen.descending
        dues = [c.due for c in screen.results]
        assert dues[0] is not None and dues[1] is not None and dues[0] <= dues[1]
        assert all(d is None for d in dues[2:])  # new cards last
        assert str(table.ordered_columns[3].label).endswith("▲")


async def test_e_edits_the_highlighted_card(tmp_path: Path, monkeypatch) -> None:
    store = _store(tmp_path)
    editor = tmp_path / "editor.py"
    log = tmp_path / "editor.log"
    editor.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(log)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[2])\n"
        "path.write_text(path.read_text().replace('Fresh features', 'Fresh, exact features'))\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("e")  # typed into the search box, not an edit
        await pilot.pause()
        assert not log.exists()
        await pilot.press("backspace", *"feature", "tab", "tab", "tab", "tab")
        await pilot.pause()
        assert isinstance(screen.focused, DataTable)
        card = screen.selected()
        assert card is not None and card.deck == "Serving"
        await pilot.press("e")
        await pilot.pause()
        assert "exact" in store.card(card.id).back
        assert log.read_text() == f"+{card.source_line} {tmp_path / 'notes' / 'serving.md'}"
        assert screen.results and "exact" in screen.results[0].back  # the list shows the edit
        monkeypatch.setenv("EDITOR", "/nonexistent/editor")
        await pilot.press("e")
        await pilot.pause()
        assert any("/nonexistent/editor" in str(n.message) for n in app._notifications)
        assert app.screen is screen and app.is_running
