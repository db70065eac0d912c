"""A grade choice (GradeKey) is drawn exactly as Textual's Button of its variant: every variant,
in each theme (dark, light, and in ANSI colours), plain, hovered, clicked (-active) and suggested;
and a click on it in the review screen grades the card."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button
from tui_support import app_for, collection

from app.core.scheduler import Rating
from app.tui.screens.review import ReviewScreen
from app.tui.widgets.grade_bar import _VARIANTS, GradeKey

LABEL = "▶ 3 Good · 4d"


class Pair(App[None]):
    """Each rating's GradeKey beside a Button of the same variant and label (review.tcss's
    sizes and `suggested` rule, written for both)."""

    CSS = """
    Horizontal { height: 3; }
    Button, GradeKey { width: 30; min-width: 12; margin: 0 1; }
    Button.suggested, GradeKey.suggested { text-style: bold reverse; }
    """

    def compose(self) -> ComposeResult:
        for rating in Rating:
            with Horizontal():
                button = Button(LABEL, variant=_VARIANTS[rating],  # type: ignore[arg-type]
                                id=f"button-{int(rating)}")
                button.can_focus = False
                yield button
                key = GradeKey(rating)
                key.label = LABEL
                yield key


def _drawn(widget: Widget) -> list[list[Segment]]:
    return [list(strip) for strip in widget.render_lines(widget.size.region)]


@pytest.mark.parametrize(("theme", "ansi"), [("textual-dark", False), ("textual-light", False),
                                             ("textual-dark", True)])  # ansi: the :ansi rules
async def test_a_grade_key_looks_like_the_button_it_replaces(theme: str, ansi: bool) -> None:
    app = Pair(ansi_color=ansi)
    async with app.run_test(size=(80, 16)) as pilot:
        app.theme = theme
        await pilot.pause()
        for rating in Rating:
            button = app.query_one(f"#button-{int(rating)}", Button)
            key = app.query_one(f"#grade-{int(rating)}", GradeKey)
            assert button.size == key.size
            for state in ("plain", "hover", "active", "suggested"):
                looks = []
                for widget in (button, key):
                    widget.set_class(state == "active", "-active")
                    widget.set_class(state == "suggested", "suggested")
                    # the mouse over the widget, else over the empty screen below
                    if state == "hover":
                        await pilot.hover(widget, offset=(2, 0))
                    else:
                        await pilot.hover(offset=(79, 15))
                    await pilot.pause()
                    assert widget.mouse_hover == (state == "hover")
                    looks.append(_drawn(widget))
                assert looks[0] == looks[1], (theme, ansi, rating, state)


async def test_clicking_a_grade_choice_grades_the_card(tmp_path: Path) -> None:
    store = collection(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        first = screen.card
        await pilot.press("space")
        await pilot.pause()
        assert await pilot.click("#grade-2")
        await pilot.pause()
        assert [(r["card_id"], r["rating"]) for r in store.reviews()] == [(first.id, Rating.HARD)]
        assert screen.card is not None and screen.card.id != first.id
