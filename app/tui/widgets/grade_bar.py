"""The four grade choices, each with the interval it would give; the suggested one marked."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from app.core.scheduler import Rating

_VARIANTS = {Rating.AGAIN: "error", Rating.HARD: "warning", Rating.GOOD: "success",
             Rating.EASY: "primary"}


class GradeBar(Horizontal):
    """Again / Hard / Good / Easy; clicking one grades like pressing its number."""

    @dataclass
    class Graded(Message):
        rating: Rating

    def compose(self) -> ComposeResult:
        for rating in Rating:
            button = Button(f"{int(rating)} {rating.name.title()}", id=f"grade-{int(rating)}",
                            variant=_VARIANTS[rating])  # type: ignore[arg-type]
            button.can_focus = False  # keys belong to the review screen
            yield button

    def show_intervals(self, intervals: dict[Rating, str],
                       suggested: Rating | None = None) -> None:
        for rating in Rating:
            button = self.query_one(f"#grade-{int(rating)}", Button)
            mark = "▶ " if rating == suggested else ""
            button.label = f"{mark}{int(rating)} {rating.name.title()} · {intervals[rating]}"
            button.set_class(rating == suggested, "suggested")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.post_message(self.Graded(Rating(int(event.button.id.rsplit("-", 1)[1]))))
