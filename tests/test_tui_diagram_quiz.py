"""Pilot tests of the diagram quiz: typed answers, suggested grades, stage choices, units."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_support import app_for, diagram_collection

from app.core.scheduler import Rating
from app.core.store import Store
from app.tui.screens.review import ReviewScreen
from app.tui.widgets.diagram_quiz import DiagramQuiz


def _only(store: Store, key: str) -> int:
    """Suspend every diagram card but the one keyed `key` (siblings show one a day)."""
    keep = [c.id for c in store.cards() if c.diagram_key == key]
    store.set_suspended([c.id for c in store.cards() if c.id not in keep], True)
    return keep[0]


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press("space" if char == " " else char)


async def test_typed_node_answer_suggests_a_grade_enter_accepts(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    card_id = _only(store, "node:CG")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.loaded is not None
        assert screen.query_one(DiagramQuiz).display
        drawing = str(screen.query_one("#quiz-drawing").render())
        assert "?" in drawing and "Candidate generation" not in drawing  # the blank
        await _type(pilot, "candidate generation")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and screen.checked.correct
        assert screen.checked.expected == "Candidate generation"
        suggested = screen.checked.suggested
        assert suggested in (Rating.GOOD, Rating.EASY)
        await pilot.press("enter")  # accept the suggestion
        await pilot.pause()
    assert [(r["card_id"], r["rating"]) for r in store.reviews()] == [(card_id, suggested)]


async def test_wrong_answer_suggests_again_and_a_digit_overrides(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    _only(store, "node:FS")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _type(pilot, "load balancer")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and not screen.checked.correct
        assert screen.checked.suggested == Rating.AGAIN
        verdict = str(screen.query_one("#quiz-verdict").render())
        assert "Feature store" in verdict and "Suggested: Again" in verdict
        await pilot.press("2")  # the user knows better: Hard
        await pilot.pause()
    assert [r["rating"] for r in store.reviews()] == [2]


async def test_alias_matches(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    _only(store, "after:CG")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _type(pilot, "feature store")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and screen.checked.correct


async def test_bottleneck_offers_the_stages(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    _only(store, "bottleneck")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.loaded is not None
        choices = screen.loaded.choices
        assert "Ranking model" in choices
        options = screen.query_one(OptionList)
        assert options.display and options.option_count == len(choices)
        await pilot.press(str(choices.index("Ranking model") + 1))
        await pilot.pause()
        assert screen.checked is not None and screen.checked.correct
        await pilot.press("enter")
        await pilot.pause()
    assert len(store.reviews()) == 1 and store.reviews()[0]["rating"] >= 3


async def test_latency_answer_accepts_units(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    _only(store, "latency")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _type(pilot, "0.065 s")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and screen.checked.correct
        assert screen.checked.expected == "65 ms"


async def test_a_near_miss_is_shown_as_one_and_suggests_hard(tmp_path: Path) -> None:
    store = diagram_collection(tmp_path)
    _only(store, "node:CG")
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _type(pilot, "candidate generaton")  # a typo: not a right answer
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and not screen.checked.correct
        assert screen.checked.status == "near" and screen.checked.suggested == Rating.HARD
        verdict = str(screen.query_one("#quiz-verdict").render())
        assert "Near miss" in verdict and "✓" not in verdict
