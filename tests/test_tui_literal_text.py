"""Text from the user's notes shows on screen as it is, never read as Textual markup.

A deck, heading, front or file name holding `[i]`, `[/]`, `[draft]` or `[bold]x[/bold]` must show
those characters (markup would hide them) and must not crash the app (`[/]` is a markup error).
Real app, real collection imported from a note of our own, driven by Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, Select, Static
from tui_support import NOW, app_for, settle, text_of

from app.core.importing import import_paths
from app.core.store import Store
from app.tui.screens.browse import BrowseScreen
from app.tui.screens.decks import DecksScreen
from app.tui.screens.import_notes import ImportScreen
from app.tui.screens.suggestions import SuggestionsScreen

DECK = "Odd [i] deck [/] end"
HEADING = "Ranking [i] basics"
SUB = "Part [bold]x[/bold]"
FRONT = "What does a [/] b mean here?"
BACK = "It keeps [draft] as typed."
NOTE = f"""\
---
deck: {DECK}
---

# {HEADING}

## {SUB}

Q: {FRONT}
A: {BACK}
"""


def _notes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "[draft].md").write_text(NOTE, encoding="utf-8")
    return folder


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "collection.db")
    report = import_paths(store, [_notes(tmp_path / "notes")], now=NOW)
    assert not report.problems, report.problems
    return store


def _shown(app: App[None]) -> str:
    """Every character the screen shows now (toasts included), row by row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def _toasts(app: App[None]) -> str:
    """What the toasts on screen show, rendered as the Toast widget renders them."""
    from textual.widgets._toast import Toast

    return "\n".join(str(toast.render()) for toast in app.screen.query(Toast))


async def test_review_breadcrumb_and_undo_toast_show_brackets(tmp_path: Path) -> None:
    store = _store(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        shown = _shown(app)
        assert f"Odd [i] deck [/] end › {HEADING} › {SUB}" in shown
        assert FRONT in shown
        await pilot.press("space")
        await pilot.pause()
        assert BACK in _shown(app)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause()  # the toast rack shows it on the next turn
        assert f"Undid the last grade ({FRONT[:40]})" in _toasts(app)
    assert store.reviews() == []


async def test_deck_list_and_browse_show_brackets(tmp_path: Path) -> None:
    store = _store(tmp_path)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DecksScreen)
        assert DECK in _shown(app)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        shown = _shown(app)
        rows = shown.splitlines()  # the table left of the panel's edge, the card info right
        table = "\n".join(row.split("▏", 1)[0] for row in rows)
        info = "\n".join(row.split("▏", 1)[1] for row in rows if "▏" in row)
        assert FRONT in table and "… [i] deck [/] end" in table  # the table's cells
        for piece in ("What does a [/] b", "It keeps [draft]", "Odd [i] deck [/]", "[draft].md:9"):
            assert piece in info  # the card info (wrapped to the panel)
        app.screen.query_one("#browse-deck", Select).value = DECK
        await settle(pilot)
        assert DECK in _shown(app).splitlines()[1]  # the deck filter shows it


async def test_import_report_names_a_bracketed_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "collection.db")
    folder = _notes(tmp_path / "vault")
    (folder / "[draft] [bold]odd.md").write_text("Q: A question [/] with no answer\n")
    app = app_for(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        shown = _shown(app)
        assert "[draft] [bold]odd.md:1" in shown  # the report's problem line names the file
        assert "1 added" in shown
        assert "1 added" in _toasts(app)
        gone = str(tmp_path / "[b]gone[/]")  # a path that is not there: the error names it
        screen.query_one(Input).value = gone
        await pilot.press("enter")
        await settle(pilot)
        report = text_of(screen.query_one("#import-report", Static), width=300)
        assert f"{gone}:0: no such file or folder" in report
    assert [card.front for card in store.cards()] == [FRONT]


PLAIN = """# Serving [/] odd

- **Shadow [i] traffic**: live requests copied [/] to a candidate model, its answers dropped.
- **Canary [draft]**: a small share of users sent to the new model first.
"""


async def test_suggestions_show_brackets(tmp_path: Path) -> None:
    store = Store(tmp_path / "collection.db")
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "[draft] serving.md").write_text(PLAIN, encoding="utf-8")
    report = import_paths(store, [folder], now=NOW)
    assert report.without_cards == 1
    app = app_for(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen) and len(screen.items) == 3
        shown = _shown(app)
        assert "[draft] serving.md" in shown  # the table's Where cell and the source panel
        assert "Shadow [i] traffic" in shown and "copied [/] to" in shown
        assert "Serving [/] odd" in shown  # the source's heading line
