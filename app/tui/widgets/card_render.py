"""Card Markdown rendered to terminal lines once per text and width, with one shared parser.

Rich's `Markdown` builds a new markdown-it parser per instance (about 1 ms) and a Static renders
it twice per update (height, then lines). Here each text is parsed with one parser and rendered
once per width; the review screen renders the next card's lines while the current one is shown.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from textual.strip import Strip

from app.tui.widgets.plain_markdown import plain_text

_KEEP = 32  # texts kept rendered: the current card, the next ones, a few to go back to


def render_lines(console: Console, options: ConsoleOptions, text: str, width: int) -> list[Strip]:
    """`text` as Markdown, cut into lines `width` cells wide (unstyled: the widget's base style
    is applied when a line is drawn, as a Static applies it)."""
    renderable: RenderableType | None = plain_text(console, text)
    if renderable is None:  # needs the parser: imported the first time a card needs it
        from app.tui.widgets.card_markdown import SharedParserMarkdown

        renderable = SharedParserMarkdown(text)
    segments = console.render(renderable, options.update_width(width))
    return [Strip(line, width) for line in Segment.split_and_crop_lines(
        segments, width, include_new_lines=False, pad=True)]


class RenderCache:
    """Rendered lines by (text, width); the least recently used texts are dropped first."""

    def __init__(self) -> None:
        self._lines: OrderedDict[tuple[str, int], list[Strip]] = OrderedDict()

    def lines(self, console: Console, options: ConsoleOptions, text: str,
              width: int) -> list[Strip]:
        key = (text, width)
        found = self._lines.get(key)
        if found is None:
            found = render_lines(console, options, text, width)
            self._lines[key] = found
            while len(self._lines) > _KEEP:
                self._lines.popitem(last=False)
        else:
            self._lines.move_to_end(key)
        return found

    def __contains__(self, key: tuple[str, int]) -> bool:
        return key in self._lines
