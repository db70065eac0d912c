"""The four grade choices, each with the interval it would give; the suggested one marked.

Each choice is a `GradeKey`: a small framed label in its grade's colour (red Again, amber Hard,
green Good, blue Easy) that lights up under the mouse and flashes when clicked. It is a plain
widget with a few rules of its own rather than a `Button`: mounting the first Button applies
Button's whole style sheet (about 7 kB of rules for every style and variant, a fifth of the
review screen's start-up). Keys belong to the review screen: a GradeKey never takes focus; a
click grades as its number key does.
"""

from __future__ import annotations

from functools import partial

from rich.cells import cell_len
from rich.console import ConsoleRenderable, RenderableType
from rich.style import Style
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from app.core.scheduler import Rating

_VARIANTS = {Rating.AGAIN: "error", Rating.HARD: "warning", Rating.GOOD: "success",
             Rating.EASY: "primary"}


def _variant(name: str) -> str:
    """A grade's colour: its frame and label, a wash of it under the mouse and when clicked."""
    return f"""
    GradeKey.-{name} {{
        border: round ${name};
        color: $text-{name};
        &:hover {{ background: ${name} 20%; }}
        &.-active {{ background: ${name} 45%; }}
    }}"""


class GradeKey(Widget):
    """One grade choice: its label framed in the grade's colour; a click grades."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    GradeKey {
        width: auto;
        min-width: 16;
        height: 3;
        padding: 0 1;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        pointer: pointer;
        background: $surface;
        border: round $border-blurred;
    }
    GradeKey:ansi {
        background: ansi_default;
    }""" + "".join(_variant(name) for name in _VARIANTS.values())

    def __init__(self, rating: Rating) -> None:
        super().__init__(id=f"grade-{int(rating)}", classes=f"-{_VARIANTS[rating]}")
        self.rating = rating
        self.can_focus = False
        self._label = Content.from_text(f"{int(rating)} {rating.name.title()}")

    @property
    def label(self) -> Content:
        return self._label

    @label.setter
    def label(self, text: str) -> None:
        self._label = Content.from_text(text)
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((cell_len(line) for line in self._label.plain.splitlines()), default=0)

    def render(self) -> RenderResult:
        return self._label

    def post_render(self, renderable: RenderableType, base_style: Style) -> ConsoleRenderable:
        return renderable  # type: ignore[return-value]  # the label as it is, no padding

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        if self.has_class("-active") or not self.display:
            return
        self.add_class("-active")  # a short flash: the click was taken
        self.set_timer(0.2, partial(self.remove_class, "-active"))
        self.post_message(GradeBar.Graded(self.rating))


class GradeBar(Horizontal):
    """Again / Hard / Good / Easy; clicking one grades like pressing its number."""

    class Graded(Message):
        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield GradeKey(rating)

    def show_intervals(self, intervals: dict[Rating, str],
                       suggested: Rating | None = None) -> None:
        for rating in Rating:
            key = self.query_one(f"#grade-{int(rating)}", GradeKey)
            mark = "▶ " if rating == suggested else ""
            key.label = f"{mark}{int(rating)} {rating.name.title()} · {intervals[rating]}"
            key.set_class(rating == suggested, "suggested")
