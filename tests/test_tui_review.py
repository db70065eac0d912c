"""Pilot tests of the decks and review screens against a real collection file."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from textual.coordinate import Coordinate
from textual.widgets import DataTable
from tui_support import NOW, app_for, collection, reviewing

from app.core.importing import import_paths
from app.core.scheduler import Rating
from app.tui.screens.decks import DecksScreen
from app.tui.screens.review import ReviewScreen
from app.tui.widgets.grade_bar import GradeBar


def _grades_on_screen(screen: ReviewScreen) -> bool:
    """Whether the grade choices, not the prompt, are what the row above the footer shows."""
    widget, _ = screen.get_widget_at(20, screen.size.height - 3)
    return isinstance(widget, GradeBar) and "1 Again" in widget.render_line(1).text


def _shown(screen: ReviewScreen) -> str:
    assert screen.card is not None
    return screen.card.front


async def test_decks_screen_lists_the_tree_with_counts(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        labels = [(line.deck, line.new) for line in app.screen.lines]
        assert labels == [(None, 4), ("Ranking", 3), ("Ranking::Basics", 3), ("Serving", 1)]
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4


async def test_the_deck_list_reads_its_counts_once_and_a_resize_only_cuts_names_again(
        tmp_path: Path) -> None:
    """Opening the deck list reads the counts once (a read is a pass over the day's cards:
    ~150 ms at 50k cards), not again for each resize event of the start; a resize cuts the
    names to the new width from the counts already read; `r` reads them again."""
    store = collection(tmp_path)
    long_name = "Serving::Feature freshness across online and offline stores"
    (tmp_path / "long.md").write_text(f"---\ndeck: {long_name}\n---\n\nQ: Why?\nA: Skew.\n")
    assert not import_paths(store, [tmp_path / "long.md"], now=NOW).problems
    app = app_for(store)
    reads = []
    read = app.collection.deck_lines_with_options

    def counted() -> list:
        reads.append(1)
        return read()

    app.collection.deck_lines_with_options = counted  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecksScreen) and len(reads) == 1
        table = screen.query_one(DataTable)
        row = [line.deck for line in screen.lines].index(long_name)
        wide = table.get_cell_at(Coordinate(row, 0)).plain
        await pilot.resize_terminal(56, 24)
        await pilot.pause()
        cut = table.get_cell_at(Coordinate(row, 0)).plain
        assert len(reads) == 1 and len(cut) < len(wide), (wide, cut)
        await pilot.press("r")
        await pilot.pause()
        assert len(reads) == 2 and table.row_count == len(screen.lines) == 5


async def test_enter_studies_the_deck_and_grades_are_logged(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Ranking::Basics
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.deck == "Ranking::Basics"
        first = screen.card
        assert first is not None and first.deck == "Ranking::Basics"
        assert not _grades_on_screen(screen) and not screen.grades_shown
        await pilot.press("space")
        await pilot.pause()
        assert screen.revealed and _grades_on_screen(screen) and screen.grades_shown
        label = screen.query_one(GradeBar).labels[Rating.GOOD]
        assert "Good" in label and "·" in label  # the interval is shown on the choice
        await pilot.press("3")
        await pilot.pause()
        assert screen.card is not None and screen.card.id != first.id
        await pilot.press("enter", "1")  # reveal with Enter, grade Again
        await pilot.pause()
    reviews = store.reviews()
    assert [r["rating"] for r in reviews] == [Rating.GOOD, Rating.AGAIN]
    assert reviews[0]["card_id"] == first.id
    assert store.card(first.id).state != 0


async def test_undo_removes_the_last_grade(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        first = screen.card
        assert first is not None
        await pilot.press("space", "4")
        assert len(store.reviews()) == 1
        await pilot.press("u")
        await pilot.pause()
        assert store.reviews() == []
        assert screen.card is not None and screen.card.id == first.id
        assert store.card(first.id).state == 0


async def test_suspend_and_bury_hide_the_card(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store, start_review=True, review_deck="Ranking")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first, = [screen.card]
        assert first is not None
        await pilot.press("s")
        second = screen.card
        assert second is not None and second.id != first.id
        await pilot.press("b")
        await pilot.pause()
        assert screen.card is not None and screen.card.id not in (first.id, second.id)
        assert screen.session is not None and screen.session.remaining().new == 1
    assert store.card(first.id).suspended
    assert store.card(second.id).buried_until is not None
    assert store.reviews() == []


async def test_review_deck_opens_straight_into_review_and_finishes(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store, start_review=True, review_deck="Serving")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        await pilot.press("space", "4")
        await pilot.pause()
        assert screen.card is None  # done for now
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
    assert [r["rating"] for r in store.reviews()] == [4]


async def test_a_review_opened_at_start_is_the_first_screen_and_the_decks_go_over_it(
        tmp_path: Path) -> None:
    """Straight into a review there is no blank screen under it; leaving shows the deck list,
    from which a second review opens and closes back to that list, as does the app's "Decks"."""
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ReviewScreen) and first.card is not None
        assert app.screen_stack == [first]
        await pilot.press("escape")
        await pilot.pause()
        decks = app.screen
        assert isinstance(decks, DecksScreen) and app.screen_stack == [first, decks]
        await pilot.press("enter")  # study the selected deck
        await pilot.pause()
        second = app.screen
        assert isinstance(second, ReviewScreen) and second is not first
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is decks and len(app.screen_stack) == 2
        app.action_study()
        await pilot.pause()
        app.action_decks()
        await pilot.pause()
        assert app.screen is decks and len(app.screen_stack) == 2


async def test_edit_opens_the_editor_and_reimports(tmp_path: Path, monkeypatch) -> None:
    store = collection(tmp_path)
    editor = tmp_path / "editor.py"
    log = tmp_path / "editor.log"
    editor.write_text(
        "import sys, pathlib\n"
        f"pathlib.Path({str(log)!r}).write_text(' '.join(sys.argv[1:]))\n"
        "path = pathlib.Path(sys.argv[2])\n"
        "text = path.read_text().replace('Fresh features', 'Fresh, consistent features')\n"
        "path.write_text(text)\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_for(store, start_review=True, review_deck="Serving")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        card_id = screen.card.id
        await pilot.press("e")
        await pilot.pause()
        assert screen.card is not None and screen.card.id == card_id
        assert "consistent" in screen.card.back
    line = store.card(card_id).source_line
    assert log.read_text() == f"+{line} {tmp_path / 'notes' / 'serving.md'}"
    assert "consistent" in store.card(card_id).back
    assert os.path.exists(tmp_path / "notes" / "serving.md")
