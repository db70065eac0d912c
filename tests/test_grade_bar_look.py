"""The grade bar draws each choice framed in its grade's colour with its whole label; a choice
lights up under the mouse and flashes when clicked, in each theme (dark, light, and in ANSI
colours); the suggested one is drawn reversed; the choices share the width as four `1fr`
widgets one cell apart would; and a click on a choice in the review screen grades the card."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from textual.app import App, ComposeResult
from tui_support import collection, reviewing

from app.core.scheduler import Rating
from app.tui.widgets.grade_bar import _VARIANTS, GradeBar

INTERVALS = {Rating.AGAIN: "1m", Rating.HARD: "6m", Rating.GOOD: "4d", Rating.EASY: "9d"}


class Bar(App[None]):
    def compose(self) -> ComposeResult:
        yield GradeBar()


def _drawn(bar: GradeBar) -> list[list[Segment]]:
    return [list(strip) for strip in bar.render_lines(bar.outer_size.region)]


def _cells(row: list[Segment], start: int, width: int) -> list[Segment]:
    """One choice's cells of a row (one segment a cell)."""
    cells = [Segment(char, segment.style) for segment in row for char in segment.text]
    return cells[start:start + width]


@pytest.mark.parametrize(("theme", "ansi"), [("textual-dark", False), ("textual-light", False),
                                             ("textual-dark", True)])
async def test_a_grade_choice_is_framed_in_its_colour_and_answers_the_mouse(
        theme: str, ansi: bool) -> None:
    app = Bar(ansi_color=ansi)
    async with app.run_test(size=(120, 8)) as pilot:
        app.theme = theme
        bar = app.query_one(GradeBar)
        bar.show_intervals(INTERVALS)
        await pilot.pause()
        frames = set()
        for box in bar.boxes():
            label = f"{int(box.rating)} {box.rating.name.title()} · {INTERVALS[box.rating]}"
            looks = {}
            for state in ("plain", "hover", "active", "suggested"):
                bar.show_intervals(INTERVALS, box.rating if state == "suggested" else None)
                bar._flash = box.rating if state == "active" else None  # as a click leaves it
                await pilot.hover(GradeBar, offset=(box.start + 2, 1) if state == "hover"
                                  else (0, 1))  # over the choice, else over the gap before it
                await pilot.pause()
                looks[state] = [_cells(row, box.start, box.width) for row in _drawn(bar)]
            plain = looks["plain"]
            middle = "".join(cell.text for cell in plain[1])
            assert label in middle and middle.startswith("│ ") and middle.endswith(" │")
            assert plain[0][0].text == "╭" and plain[2][-1].text == "╯"  # a rounded frame
            frame = plain[0][0].style.color if plain[0][0].style else None
            assert frame is not None
            frames.add(frame)
            wanted = app.current_theme.to_color_system().generate()[_VARIANTS[box.rating]]
            if not ansi:
                assert frame.triplet == Color.parse(wanted).triplet, (theme, box.rating)
            backgrounds = {state: {cell.style.bgcolor for cell in looks[state][1]
                                   if cell.text.strip() and cell.style}
                           for state in ("plain", "hover", "active")}
            assert len({frozenset(b) for b in backgrounds.values()}) == 3, (theme, ansi, box)
            reversed_label = [cell for cell in looks["suggested"][1] if cell.text == "▶"]
            assert reversed_label and reversed_label[0].style.reverse, (theme, box.rating)
            assert reversed_label[0].style.bold
        assert len(frames) == 4  # each grade its own colour


@pytest.mark.parametrize(("width", "starts", "widths"), [
    (80, [1, 20, 40, 60], [18, 19, 19, 19]),  # 75 cells shared: 18.75 each
    (83, [1, 21, 42, 62], [19, 20, 19, 20]),
    (120, [1, 30, 60, 90], [28, 29, 29, 29]),
])
async def test_the_choices_share_the_width(width: int, starts: list[int],
                                           widths: list[int]) -> None:
    app = Bar()
    async with app.run_test(size=(width, 8)):
        boxes = app.query_one(GradeBar).boxes()
        assert [box.start for box in boxes] == starts and [box.width for box in boxes] == widths


async def test_clicking_a_grade_choice_grades_the_card(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (_app, pilot, screen):
        first = screen.card
        assert first is not None
        await pilot.press("space")
        await pilot.pause()
        hard = screen.query_one(GradeBar).boxes()[1]
        assert await pilot.click(GradeBar, offset=(hard.start + 3, 1))
        await pilot.pause()
        assert [(r["card_id"], r["rating"]) for r in store.reviews()] == [(first.id, Rating.HARD)]
        assert screen.card is not None and screen.card.id != first.id
