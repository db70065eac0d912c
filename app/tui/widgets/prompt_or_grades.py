"""The row above the review's footer: the prompt while a front is shown, the grade choices once
the answer is. One widget draws either, so a grade or a reveal repaints this row only: a Static
and a GradeBar taking turns by `display` laid the whole screen out again each time (about 2 ms
of a grade's 8 ms of CPU, measured).

The prompt is drawn as the Static it replaces drew it (dim text, one cell of padding each side,
centred both ways in the three rows: `tests/test_prompt_or_grades.py` compares the cells); the
choices are the GradeBar's. The mouse lights and clicks choices only while they are shown.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize

from app.core.scheduler import Rating
from app.tui.widgets.grade_bar import GradeBar

_PAD = 1  # cells of padding each side of the prompt


class PromptOrGrades(GradeBar):
    """A GradeBar that shows a prompt instead of its choices until `show_intervals`."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.prompt: str | None = ""  # None while the choices are shown
        self._drawn: tuple[str, int, int, list[Strip]] | None = None  # prompt, width, height

    @property
    def grades_shown(self) -> bool:
        return self.prompt is None

    def show_prompt(self, text: str) -> None:
        """The prompt in place of the choices (repainted only if it changed)."""
        if text != self.prompt:
            self.prompt = text
            self.refresh()

    def show_intervals(self, intervals: dict[Rating, str],
                       suggested: Rating | None = None) -> None:
        self.prompt = None
        super().show_intervals(intervals, suggested)

    def render_line(self, y: int) -> Strip:
        if self.prompt is None:
            return super().render_line(y)
        lines = self._prompt_lines(self.prompt)
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width)

    def _prompt_lines(self, prompt: str) -> list[Strip]:
        width, height = self.size
        if self._drawn is not None and self._drawn[:3] == (prompt, width, height):
            return self._drawn[3]
        style = self.visual_style
        inner = max(width - 2 * _PAD, 0)
        visual = visualize(self, Text(prompt, style="dim"))
        rendered = Visual.to_strips(self, visual, inner, height, style)  # left, top: aligned below
        space = (style + Style(reverse=False)).rich_style
        side = Segment(" " * _PAD, RichStyle(bgcolor=space.bgcolor))  # padding: background
        lines = [Strip([side, *line, side], width) for line in
                 Strip.align(rendered, space, inner, height, "center", "middle")]
        self._drawn = (prompt, width, height, lines)
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # the theme changed: colours again

    # -- the mouse: only over the choices ---------------------------------------------------
    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self.prompt is not None:
            event.prevent_default()  # (GradeBar's handler would light a choice not shown)

    def on_click(self, event: events.Click) -> None:
        if self.prompt is not None:
            event.stop()
            event.prevent_default()
