"""The four grade choices, each with the interval it would give; the suggested one marked.

Each choice is a `GradeKey`: drawn as Textual's `Button` draws a button of its variant (the same
rules, colours, borders, hover and click flash), without Button's style sheet. Mounting the first
Button applies that whole sheet (about 7 kB of rules for every style and variant: a fifth of the
review screen's start-up); a GradeKey brings only the rules its four variants use. Keys belong to
the review screen: a GradeKey never takes focus; a click grades as its number key does.
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


def _variant_rules(variant: str, top: str, bottom: str, hover: str, active_top: str) -> str:
    """Button's default-style rules of one variant (Textual 8), as written there."""
    return f"""
        &.-{variant} {{
            color: $button-color-foreground;
            background: ${variant};
            border-top: tall ${variant}-{top};
            border-bottom: tall ${variant}-{bottom};
            &:hover {{
                background: ${variant}-{hover};
                border-top: tall ${variant};
            }}
            &.-active {{
                background: ${variant};
                border-bottom: tall ${variant}-{top};
                border-top: tall ${variant}-{active_top};
            }}
        }}"""


def _ansi_rules(variant: str) -> str:
    return f"""
        &.-{variant} {{
            color: ${variant};
            border: tall ${variant};
            background: ansi_default;
            &:hover {{
                background: $ansi-background;
            }}
        }}"""


class GradeKey(Widget):
    """One grade choice: a label drawn as a Button of its variant draws it; a click grades."""

    ALLOW_SELECT = False
    # Button's rules for a default-style (not flat) button that is never focused or disabled,
    # in Button's order: each selector there is `Button.-style-default...` or
    # `Button:ansi.-style-default...`, here `GradeKey...`, so every rule loses the same one
    # class of specificity and they override each other exactly as they do for a Button.
    DEFAULT_CSS = (
        """
    GradeKey:ansi {
        border: tall $border-blurred;
        background: ansi_default;
        &:hover {
            background: $ansi-background;
            border: tall $border;
        }
        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }"""
        + "".join(_ansi_rules(v) for v in ("primary", "success", "warning", "error"))
        + """
    }
    GradeKey {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;
        &:hover {
            border-top: tall $surface;
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            border-bottom: tall $surface-lighten-1;
            border-top: tall $surface-darken-1;
            tint: $background 30%;
        }"""
        + _variant_rules("primary", "lighten-3", "darken-3", "darken-2", "darken-3")
        + _variant_rules("success", "lighten-2", "darken-3", "darken-2", "darken-2")
        + _variant_rules("warning", "lighten-2", "darken-3", "darken-2", "darken-2")
        + _variant_rules("error", "lighten-2", "darken-3", "darken-1", "darken-2")
        + """
    }
    """
    )

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
        return max((cell_len(line) for line in self._label.plain.splitlines()), default=0) + 2

    def render(self) -> RenderResult:
        return self._label

    def post_render(self, renderable: RenderableType, base_style: Style) -> ConsoleRenderable:
        return renderable  # type: ignore[return-value]  # as Button: the label as it is

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        if self.has_class("-active") or not self.display:
            return
        self.add_class("-active")  # Button's click flash, 0.2 s
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
