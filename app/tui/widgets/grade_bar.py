"""The four grade choices, each with the interval it would give; the suggested one marked.

One widget draws all four choices: each a framed label in its grade's colour (red Again, amber
Hard, green Good, blue Easy) that lights up under the mouse (a wash of the colour) and flashes
when clicked. (A widget per choice cost its own styles, layout and render at the review
screen's start; Button's sheet before that, a fifth of the start-up.) The choices share the
width evenly with one cell between them and at the ends, at least 12 cells each, as four
`width: 1fr; margin: 0 1` widgets in a row would. Keys belong to the review screen: the bar
never takes focus; a click on a choice grades as its number key does.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from app.core.scheduler import Rating

_VARIANTS = {Rating.AGAIN: "error", Rating.HARD: "warning", Rating.GOOD: "success",
             Rating.EASY: "primary"}
_MIN_WIDTH = 12
_HOVER = 0.2  # how much of the grade's colour washes a choice under the mouse
_FLASH = 0.45  # ... and a clicked one


def _variant(name: str) -> str:
    """A grade's colours: its frame (the component's background) and its label."""
    return f"""
    .grade-bar--{name} {{
        background: ${name};
        color: $text-{name};
    }}"""


class _Box(NamedTuple):
    """Where a choice is drawn: columns [start, start + width)."""

    start: int
    width: int
    rating: Rating


class _Look(NamedTuple):
    """Rich styles of one choice: its frame, its label, its blank inside."""

    frame: Style
    label: Style
    inside: Style


class GradeBar(Widget):
    """Again / Hard / Good / Easy; clicking one grades like pressing its number."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"grade-bar--key", *(f"grade-bar--{name}" for name in _VARIANTS.values())}
    DEFAULT_CSS = """
    GradeBar {
        height: 3;
        .grade-bar--key {
            background: $surface;
            text-style: bold;
        }
        &:ansi .grade-bar--key {
            background: ansi_default;
        }
    }""" + "".join(_variant(name) for name in _VARIANTS.values())

    class Graded(Message):
        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.can_focus = False
        self.labels = {rating: f"{int(rating)} {rating.name.title()}" for rating in Rating}
        self.suggested: Rating | None = None
        self._hover: Rating | None = None
        self._flash: Rating | None = None  # clicked a moment ago
        self._looks: dict[tuple[Rating, float | None, bool], _Look] = {}  # as drawn, by state
        self._looks_over: Color | None = None  # the background the looks were made over

    def show_intervals(self, intervals: dict[Rating, str],
                       suggested: Rating | None = None) -> None:
        for rating in Rating:
            mark = "▶ " if rating == suggested else ""
            self.labels[rating] = f"{mark}{int(rating)} {rating.name.title()} · {intervals[rating]}"
        self.suggested = suggested
        self.refresh()

    # -- where --------------------------------------------------------------------------------
    def boxes(self) -> list[_Box]:
        """Each choice's columns: the width less the five one-cell gaps, shared evenly (cells
        rounded as a row of `1fr` widgets rounds them), at least 12 each."""
        share = max(Fraction(self.size.width - 5, 4), Fraction(_MIN_WIDTH))
        boxes, x = [], Fraction(1)
        for rating in Rating:
            start = x.__floor__()
            boxes.append(_Box(start, (x + share - start).__floor__(), rating))
            x += share + 1
        return boxes

    def rating_at(self, x: int) -> Rating | None:
        """The choice drawn at column `x` of the bar, if any."""
        return next((box.rating for box in self.boxes() if box.start <= x < box.start + box.width),
                    None)

    # -- drawing ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        _under, bar = self.background_colors
        gap = Style(bgcolor=bar.rich_color if bar.a else None)
        cells: list[Segment] = []
        used = 0
        for box in self.boxes():
            if box.start > used:
                cells.append(Segment(" " * (box.start - used), gap))
            cells += self._box_line(box, y, bar)
            used = box.start + box.width
        return Strip(cells).crop_extend(0, width, gap)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks.clear()  # a new theme or rules: the looks are made again when drawn

    def _look(self, rating: Rating, bar: Color) -> _Look:
        wash = _FLASH if rating == self._flash else _HOVER if rating == self._hover else None
        if bar != self._looks_over:
            self._looks.clear()
            self._looks_over = bar
        state = (rating, wash, rating == self.suggested)
        look = self._looks.get(state)
        if look is None:
            look = self._looks[state] = self._make_look(*state, bar)
        return look

    def _make_look(self, rating: Rating, wash: float | None, suggested: bool,
                   bar: Color) -> _Look:
        """A choice's styles: its frame in the grade's colour over the bar, its inside (the
        surface, or a wash of the grade's colour), its label in the grade's text colour."""
        colours = self.get_component_styles(f"grade-bar--{_VARIANTS[rating]}")
        key = self.get_component_styles("grade-bar--key")
        inside = bar + (key.background if wash is None
                        else colours.background.multiply_alpha(wash))
        text = key.text_style + (Style(reverse=True) if suggested else Style())
        return _Look(Style.from_color((bar + colours.background).rich_color, inside.rich_color),
                     Style.from_color((inside + colours.color).rich_color, inside.rich_color)
                     + text, Style(bgcolor=inside.rich_color))

    def _box_line(self, box: _Box, y: int, bar: Color) -> list[Segment]:
        """Row `y` of one choice: its rounded frame in the grade's colour, the label centred."""
        look = self._look(box.rating, bar)
        frame = look.frame
        inner = max(box.width - 2, 0)
        if y != 1:
            left, right = ("╭", "╮") if y == 0 else ("╰", "╯")
            return [Segment(left, frame), Segment("─" * inner, frame), Segment(right, frame)]
        return [Segment("│", frame), *_centred(self.labels[box.rating], inner, look.label,
                                               look.inside), Segment("│", frame)]

    # -- the mouse ----------------------------------------------------------------------------
    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._light(self.rating_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._light(None)

    def _light(self, rating: Rating | None) -> None:
        if rating != self._hover:
            self._hover = rating
            self.styles.pointer = "default" if rating is None else "pointer"
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        rating = self.rating_at(event.x)
        if rating is None or self._flash is not None or not self.display:
            return
        self._flash = rating  # a short flash: the click was taken
        self.refresh()
        self.set_timer(0.2, self._end_flash)
        self.post_message(self.Graded(rating))

    def _end_flash(self) -> None:
        self._flash = None
        self.refresh()


def _centred(label: str, width: int, style: Style, pad: Style) -> list[Segment]:
    """The label's first line (wrapped at `width` as Textual wraps it) centred in `width`
    cells, one blank cell of padding on each side included in `width`."""
    room = max(width - 2, 0)
    lines = Content(label).wrap(room) if room else []
    line = lines[0].plain.rstrip() if lines else ""
    left = (room - cell_len(line)) // 2
    right = room - cell_len(line) - left
    return [Segment(" " * (1 + left), pad), Segment(line, style),
            Segment(" " * (right + 1), pad)]
