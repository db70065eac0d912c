"""Layout snapshots, one per screen, at 80x24 (the smallest size Blueprint promises)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import SCHEDULER, app_for, clock, collection, diagram_collection, settle

from app.core.session import StudySession

SIZE = (80, 24)


def test_decks(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(collection(tmp_path)), terminal_size=SIZE)


def test_review_revealed(snap_compare, tmp_path: Path) -> None:
    app = app_for(collection(tmp_path), start_review=True, review_deck="Ranking")
    assert snap_compare(app, terminal_size=SIZE, press=["space"])


def test_diagram_quiz_checked(snap_compare, tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    store.set_suspended([c.id for c in store.cards() if c.diagram_key != "node:RK"], True)
    app = app_for(store, start_review=True)
    assert snap_compare(app, terminal_size=(100, 30), press=[*"ranking", "enter"])


def _bottleneck_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = diagram_collection(tmp_path)
    store.set_suspended([c.id for c in store.cards() if c.diagram_key != "bottleneck"], True)
    return app_for(store, start_review=True)


def test_diagram_card_120x40(snap_compare, tmp_path: Path) -> None:
    """flowchart LR drawn left to right, every latency hidden, the stages as choices 1-9."""
    assert snap_compare(_bottleneck_app(tmp_path), terminal_size=(120, 40))


def test_diagram_card_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_bottleneck_app(tmp_path), terminal_size=(80, 24))


def test_browse(snap_compare, tmp_path: Path) -> None:
    store = collection(tmp_path)
    StudySession(store, clock=clock, scheduler=SCHEDULER).grade(3)
    assert snap_compare(app_for(store), terminal_size=(100, 30), press=["slash"])


def test_stats(snap_compare, tmp_path: Path) -> None:
    store = collection(tmp_path)
    session = StudySession(store, clock=clock, scheduler=SCHEDULER)
    for rating in (3, 4, 1):
        session.grade(rating)
    async def open_stats(pilot: Pilot) -> None:
        await pilot.press("t")
        await settle(pilot)  # the counts and the simulation come from workers

    assert snap_compare(app_for(store), terminal_size=(100, 30), run_before=open_stats)


def test_import_and_export(snap_compare, tmp_path: Path) -> None:
    async def open_both(pilot: Pilot) -> None:
        await pilot.press("x")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "/tmp/deck.apkg"
        await pilot.press("escape", "i")
        await pilot.pause()

    assert snap_compare(app_for(collection(tmp_path)), terminal_size=SIZE, run_before=open_both)


def test_key_help(snap_compare, tmp_path: Path) -> None:
    app = app_for(collection(tmp_path), start_review=True)
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])
