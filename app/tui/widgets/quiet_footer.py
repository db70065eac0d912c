"""The review screen's key line, drawn by one widget.

Textual's Footer makes a widget for every key it shows (each with its own styles, layout and
render pass: 16-20 ms of the review screen's start for its eight keys) and rebuilds them all when
the screen's bindings change. This footer keeps the keys as data and draws the line itself, with
Textual's footer look: the theme's footer colours (key in the key colour and bold, then its
description), a key that does nothing now dimmed, the key under the mouse lit, the command
palette's key at the right edge, over whatever does not fit. A click on a key presses it (a
dimmed key rings the bell). A change of bindings repaints the line; it never needs a layout.
Key groups are drawn as single keys (the review screen has none).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class FooterEntry(NamedTuple):
    """One key as the footer shows it."""

    key: str  # what a click presses
    display: str  # how the key is written
    description: str
    action: str
    enabled: bool  # False: dimmed (the action does nothing now)
    tooltip: str


class _Look(NamedTuple):
    """Rich styles for one key's cells: under it, its key, its description."""

    item: Style
    key: Style
    description: Style


class QuietFooter(Widget):
    """The screen's keys on one line at the bottom: key and description, as Textual's Footer."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"quiet-footer--item", "quiet-footer--hover", "quiet-footer--key",
                         "quiet-footer--description", "quiet-footer--edge"}
    DEFAULT_CSS = """
    QuietFooter {
        dock: bottom;
        width: 100%;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .quiet-footer--item { background: $footer-item-background; }
        .quiet-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .quiet-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .quiet-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .quiet-footer--edge { color: $foreground 20%; }
    }
    """

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__()
        self.can_focus = False
        self.show_command_palette = show_command_palette
        self.entries: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        self._ready = False  # the screen has told its bindings once
        self._hover: str | None = None  # the action of the key under the mouse
        self._spans: list[tuple[int, int, FooterEntry]] = []  # cells [start, end) of each key
        self._looks: dict[tuple[bool, bool], _Look] = {}  # (lit, enabled): styles, as drawn
        self._looks_over: Color | None = None  # the background the looks were made over

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # -- which keys -------------------------------------------------------------------------
    def bindings_changed(self, screen: Screen) -> None:
        """Read the screen's keys; repaint only if what the line shows changed."""
        self._ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        entries, palette = self._read(screen)
        if (entries, palette) != (self.entries, self.palette):
            self.entries, self.palette = entries, palette
            self.refresh()

    def _read(self, screen: Screen) -> tuple[tuple[FooterEntry, ...], FooterEntry | None]:
        app = self.app
        active = screen.active_bindings
        shown: dict[str, FooterEntry] = {}  # one key per action: its first binding
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = FooterEntry(
                    binding.key, app.get_key_display(binding), binding.description,
                    binding.action, enabled, tooltip)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tip = found
                palette = FooterEntry(binding.key, app.get_key_display(binding),
                                      binding.description, binding.action, enabled,
                                      binding.tooltip or binding.description)
        return tuple(shown.values()), palette

    # -- drawing ----------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks.clear()  # a new theme or rules: the looks are made again when drawn

    def _look(self, entry: FooterEntry) -> _Look:
        lit = entry.action == self._hover
        _under, background = self.background_colors
        if background != self._looks_over:
            self._looks.clear()
            self._looks_over = background
        look = self._looks.get((lit, entry.enabled))
        if look is None:
            look = self._looks[lit, entry.enabled] = self._make_look(lit, entry.enabled)
        return look

    def _make_look(self, lit: bool, enabled: bool) -> _Look:
        """The styles Textual's footer gives a key: its layer over the footer (lit under the
        mouse, dimmed when disabled), then the key's and the description's colours over it."""
        _under, background = self.background_colors
        color = self.styles.color
        item = self.get_component_styles("quiet-footer--hover" if lit else "quiet-footer--item")
        background += item.background
        if item.has_rule("color"):
            color = item.color
        dim = Style(dim=True) if not enabled else Style()
        return _Look(_style(background, color) + dim,
                     self._part("quiet-footer--key", background) + dim,
                     self._part("quiet-footer--description", background) + dim)

    def _part(self, component: str, background: Color) -> Style:
        styles = self.get_component_styles(component)
        background += styles.background
        return _style(background, styles.color) + styles.text_style

    def _palette_cells(self, palette: FooterEntry) -> list[Segment]:
        """The palette key as Textual draws it at the right edge: a thin rule on its left,
        key and description one space apart, one space after."""
        look = self._look(palette)
        _under, footer = self.background_colors
        layer = look.item.bgcolor
        edge = Style.from_color((footer + self.get_component_styles(
            "quiet-footer--edge").color).rich_color, layer)
        cells = [Segment("▏", edge), Segment(palette.display, look.item + look.key)]
        if palette.description:
            cells.append(Segment(f" {palette.description}", look.item + look.description))
        cells.append(Segment(" ", Style(bgcolor=layer)))
        return cells

    def _entry_cells(self, entry: FooterEntry) -> list[Segment]:
        look = self._look(entry)
        if not entry.description:
            return [Segment(entry.display, look.item + look.key)]
        return [Segment(f" {entry.display} ", look.item + look.key),
                Segment(f"{entry.description} ", look.item + look.description)]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        _under, background = self.background_colors
        gap = Style(bgcolor=background.rich_color if background.a else None)
        if y or not self._ready:
            return Strip.blank(width, gap)
        palette = [] if self.palette is None else self._palette_cells(self.palette)
        room = max(width - Segment.get_line_length(palette), 0)
        cells: list[Segment] = []
        spans: list[tuple[int, int, FooterEntry]] = []
        used = 0
        for entry in self.entries:
            if used >= room:
                break
            drawn = self._entry_cells(entry)
            size = Segment.get_line_length(drawn)
            spans.append((used, min(used + size, room), entry))
            cells += drawn
            used += size
        line = Strip(cells).crop_extend(0, room, gap)
        if self.palette is not None:
            spans.append((room, width, self.palette))
            line = Strip.join([line, Strip(palette)]).crop(0, width)
        self._spans = spans
        return line

    # -- the mouse --------------------------------------------------------------------------
    def entry_at(self, x: int) -> FooterEntry | None:
        """The key drawn at column `x` (of this widget), if any."""
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._light(self.entry_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._light(None)

    def _light(self, entry: FooterEntry | None) -> None:
        action = None if entry is None else entry.action
        if action == self._hover:
            return
        self._hover = action
        self.styles.pointer = "default" if entry is None else "pointer"
        self.tooltip = entry.tooltip if entry is not None and entry.tooltip else None
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()


def _style(background: Color, color: Color) -> Style:
    """A rich style for text in `color` over `background` (both composited as Textual does)."""
    return Style.from_color((background + color).rich_color if background.a or color.a else None,
                            background.rich_color if background.a else None)
