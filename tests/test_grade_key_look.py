"""A grade choice (GradeKey) is framed in its grade's colour with its whole label, lights up
under the mouse and flashes when clicked, in each theme (dark, light, and in ANSI colours); the
suggested one is drawn reversed; and a click on it in the review screen grades the card."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from tui_support import collection, reviewing

from app.core.scheduler import Rating
from app.tui.widgets.grade_bar import _VARIANTS, GradeKey

LABEL = "▶ 3 Good · 4d"


class Keys(App[None]):
    """The four GradeKeys with review.tcss's sizes and `suggested` rule."""

    CSS = """
    Horizontal { height: 3; }
    GradeKey { width: 30; min-width: 12; margin: 0 1; }
    GradeKey.suggested { text-style: bold reverse; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            for rating in Rating:
                key = GradeKey(rating)
                key.label = LABEL
                yield key


def _drawn(widget: Widget) -> list[list[Segment]]:
    return [list(strip) for strip in widget.render_lines(widget.outer_size.region)]


def _frame_colour(lines: list[list[Segment]]) -> Color | None:
    corner = next(s for s in lines[0] if s.text.strip())
    return corner.style.color if corner.style else None


def _middle(lines: list[list[Segment]]) -> tuple[str, set]:
    """The middle row's text and the background colours behind its label."""
    row = lines[1]
    return ("".join(s.text for s in row),
            {s.style.bgcolor for s in row if s.text.strip() and s.style})


@pytest.mark.parametrize(("theme", "ansi"), [("textual-dark", False), ("textual-light", False),
                                             ("textual-dark", True)])
async def test_a_grade_key_is_framed_in_its_colour_and_answers_the_mouse(
        theme: str, ansi: bool) -> None:
    app = Keys(ansi_color=ansi)
    async with app.run_test(size=(140, 8)) as pilot:
        app.theme = theme
        await pilot.pause()
        frames = set()
        for rating in Rating:
            key = app.query_one(f"#grade-{int(rating)}", GradeKey)
            looks = {}
            for state in ("plain", "hover", "active", "suggested"):
                key.set_class(state == "active", "-active")
                key.set_class(state == "suggested", "suggested")
                if state == "hover":  # the mouse over the key, else over the empty screen
                    await pilot.hover(key, offset=(2, 1))
                else:
                    await pilot.hover(offset=(139, 7))
                await pilot.pause()
                assert key.mouse_hover == (state == "hover")
                looks[state] = _drawn(key)
            plain = looks["plain"]
            assert LABEL in _middle(plain)[0], (theme, rating)  # the whole label, one row
            assert [s.text for s in plain[0]][0] == "╭"  # a rounded frame
            frame = _frame_colour(plain)
            assert frame is not None
            frames.add(frame)
            wanted = app.current_theme.to_color_system().generate()[_VARIANTS[rating]]
            if not ansi:
                assert frame.triplet == Color.parse(wanted).triplet, (theme, rating)
            backgrounds = [_middle(looks[s])[1] for s in ("plain", "hover", "active")]
            assert len({frozenset(b) for b in backgrounds}) == 3, (theme, ansi, rating)
            reversed_label = [s for s in looks["suggested"][1] if "Good" in s.text]
            assert reversed_label and reversed_label[0].style.reverse, (theme, rating)
        assert len(frames) == 4  # each grade its own colour


async def test_clicking_a_grade_choice_grades_the_card(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (_app, pilot, screen):
        first = screen.card
        assert first is not None
        await pilot.press("space")
        await pilot.pause()
        assert await pilot.click("#grade-2")
        await pilot.pause()
        assert [(r["card_id"], r["rating"]) for r in store.reviews()] == [(first.id, Rating.HARD)]
        assert screen.card is not None and screen.card.id != first.id
