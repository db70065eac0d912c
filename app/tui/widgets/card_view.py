"""A card's front and (once revealed) a rule and its back, drawn from pre-rendered lines.

A line-API widget: showing another card replaces its lines and repaints this region only. The
screen is laid out again only when the scrollbar comes or goes (a card taller than the region);
Statics of `height: auto` would lay out the whole screen on every card.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.tui.widgets.card_render import RenderCache

_GAP = 1  # blank lines above and below the rule (the margin of a Rule widget)


class CardView(ScrollView):
    """Front, a rule, back; PageUp/PageDown scroll a card taller than the region."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"card-view--rule"}
    DEFAULT_CSS = """
    CardView > .card-view--rule {
        color: $secondary;
    }
    """
    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._cache = RenderCache()
        self._shown: tuple[str, str | None] = ("", None)
        self._lines: list[Strip] = []
        self._styled: dict[int, Strip] = {}  # line index -> drawn line (-1: below the text)

    # -- what to show -------------------------------------------------------------------------
    def show(self, front: str, back: str | None) -> None:
        """Front (Markdown), and the back under a rule when it is not None."""
        self._shown = (front, back)
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def show_message(self, text: str) -> None:
        self.show(text, None)

    def prepare(self, *texts: str) -> None:
        """Render texts about to be shown (the next card, this card's back) ahead of time."""
        width = self._text_width(False)
        if width > 0:
            for text in texts:
                self._lines_of(text, width)

    @property
    def plain(self) -> str:
        """What the card shows, as plain text (for tests and copying)."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    # -- lines --------------------------------------------------------------------------------
    def _text_width(self, scrollbar: bool) -> int:
        width = self.size.width  # inside the padding, a scrollbar's room included
        if scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return max(0, width)

    def _lines_of(self, text: str, width: int) -> list[Strip]:
        return self._cache.lines(self.app.console, self.app.console_options, text, width)

    def _build(self, width: int) -> list[Strip]:
        front, back = self._shown
        lines = list(self._lines_of(front, width))
        if back is not None:
            blank = Strip.blank(width)
            rule = Strip([Segment("─" * width, self.get_component_rich_style("card-view--rule"))],
                         width)
            lines += [blank] * _GAP + [rule] + [blank] * _GAP + self._lines_of(back, width)
        return lines

    def _relayout(self) -> None:
        """Lines for the region's width; a full layout only if the scrollbar comes or goes."""
        width = self._text_width(False)
        if width <= 0:  # not laid out yet: on_resize builds the lines
            return
        lines = self._build(width)
        if len(lines) > self.size.height:  # taller than the region: beside a scrollbar
            width = self._text_width(True)
            lines = self._build(width)
        rows = max(len(lines), len(self._lines))  # below both texts the rows stay blank
        self._lines = lines
        self._styled = {}
        virtual = Size(width, len(lines))
        had_scrollbar = self.show_vertical_scrollbar
        self.set_reactive(ScrollView.virtual_size, virtual)
        self._refresh_scrollbars()
        if self.show_vertical_scrollbar == had_scrollbar:  # the same region: repaint it only
            self._scroll_update(virtual)
            if self.scroll_offset.y == 0:  # only the rows that held or hold text
                self.refresh(Region(0, 0, self.size.width, rows))
            else:
                self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styled = {}  # the theme changed: colours again

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._lines):
            index = -1
        line = self._styled.get(index)
        if line is None:  # each line styled once per card (Rich styles add up slowly)
            width = self.scrollable_content_region.width
            base = self.rich_style
            line = (self._lines[index].crop_extend(0, width, None).apply_style(base)
                    if index >= 0 else Strip.blank(width, base))
            self._styled[index] = line
        return line
