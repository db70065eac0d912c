"""The review's bottom row is one widget: the prompt while a front is shown, drawn cell for cell
as the Static it replaces drew it (dim, padded, centred both ways in three rows) in each theme
and at widths that wrap it; the grade choices once the answer shows; the mouse lights and
clicks choices only while they are shown; a grade and a reveal need no layout of the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static
from tui_support import collection, reviewing

from app.core.scheduler import Rating
from app.tui.widgets.prompt_or_grades import PromptOrGrades

PROMPTS = ["Space / Enter: show answer · e: edit · s: suspend · b: bury",
           "Type a number with its unit (e.g. 40 ms) and press Enter · Esc: leave the box "
           "(then u undo, e edit, s suspend, b bury)",
           "Esc: decks · u: undo the last grade", ""]
INTERVALS = {Rating.AGAIN: "1m", Rating.HARD: "6m", Rating.GOOD: "4d", Rating.EASY: "9d"}


class Both(App[None]):
    """The Static the review screen had (its rules from review.tcss) above the new widget."""

    CSS = """
    #static { height: 3; padding: 0 1; content-align: center middle; width: 100%; }
    PromptOrGrades { height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="static")
        yield PromptOrGrades()


def _rows(app: App[None]) -> list[list[Segment]]:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(("theme", "ansi"), [("textual-dark", False), ("textual-light", False),
                                             ("textual-dark", True)])
@pytest.mark.parametrize("width", [120, 80, 50])
async def test_the_prompt_looks_as_the_static_did(theme: str, ansi: bool, width: int) -> None:
    app = Both(ansi_color=ansi)
    async with app.run_test(size=(width, 6)) as pilot:
        app.theme = theme
        widget = app.query_one(PromptOrGrades)
        for prompt in PROMPTS:
            app.query_one(Static).update(Text(prompt, style="dim"))
            widget.show_prompt(prompt)
            await pilot.pause()
            rows = _rows(app)
            assert rows[3:6] == rows[0:3], (prompt, width)
            if prompt:
                assert prompt.split()[0] in "".join(s.text for row in rows[3:6] for s in row)


async def test_choices_replace_the_prompt_and_answer_the_mouse_only_when_shown() -> None:
    app = Both()
    async with app.run_test(size=(120, 6)) as pilot:
        widget = app.query_one(PromptOrGrades)
        widget.show_prompt(PROMPTS[0])
        await pilot.pause()
        assert not widget.grades_shown
        assert await pilot.click(PromptOrGrades, offset=(10, 1))
        await pilot.hover(PromptOrGrades, offset=(10, 1))
        assert widget._flash is None and widget._hover is None  # no choice is shown to click
        widget.show_intervals(INTERVALS)
        await pilot.pause()
        assert widget.grades_shown
        assert "1 Again · 1m" in widget.render_line(1).text
        await pilot.hover(PromptOrGrades, offset=(10, 1))
        assert widget._hover == Rating.AGAIN


async def test_grading_and_revealing_lay_nothing_out(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (_app, pilot, screen):
        layouts = []
        original = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: (layouts.append(1), original(*a, **k))[1]
        for _ in range(2):
            await pilot.press("space")
            await pilot.pause()
            assert screen.grades_shown
            await pilot.press("3")
            await pilot.pause()
            assert not screen.grades_shown
        assert layouts == []
