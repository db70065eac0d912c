"""Small things a user notices: the theme is kept, `q` quits from any screen (never from a drill
in progress), the palette lists each command once."""

from __future__ import annotations

from pathlib import Path

from tui_support import app_for, collection

from app.tui.app import LIGHT_THEME
from app.tui.screens.browse import BrowseScreen


async def test_the_theme_is_kept_between_runs(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == LIGHT_THEME
    again = app_for(store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == LIGHT_THEME


async def test_q_quits_from_browse_and_palette_has_no_duplicates(tmp_path: Path) -> None:
    app = app_for(collection(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        app.screen.focus_next()  # away from the search box, where q is a letter
        app.set_focus(None)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code is not None or not app.is_running
