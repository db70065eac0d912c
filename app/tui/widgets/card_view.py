"""A card's front and (once revealed) back, rendered as Markdown."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Rule, Static


class CardView(VerticalScroll):
    """Front, a rule, back; Rich's Markdown keeps a redraw to one render (fast grading)."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="front")
        yield Rule(id="divider")
        yield Static(id="back")

    def show(self, front: str, back: str | None) -> None:
        self.query_one("#front", Static).update(Markdown(front))
        revealed = back is not None
        self.query_one("#divider").display = revealed
        back_view = self.query_one("#back", Static)
        back_view.display = revealed
        back_view.update(Markdown(back) if back is not None else "")
        self.scroll_home(animate=False)

    def show_message(self, text: str) -> None:
        self.show(text, None)
