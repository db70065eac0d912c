"""The review screen's footer (QuietFooter, one widget for every key) draws the same cells as
Textual's Footer (a widget per key) for the same bindings: in dark, light and ANSI themes, with a
dimmed key, the key under the mouse lit, the command palette's key at the right edge over keys
that do not fit. A click on a key presses it; the keys dim and undim in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer, Static
from tui_support import collection, reviewing

from app.tui.modals.key_help import KeyHelpModal
from app.tui.widgets.quiet_footer import QuietFooter

Cell = tuple[str, Style | None]


class Keys(Screen[None]):
    """The review screen's footer keys; Edit shown dimmed (its check answers None)."""

    BINDINGS = [Binding("space", "reveal", "Show answer"), Binding("u", "undo", "Undo"),
                Binding("e", "edit", "Edit"), Binding("s", "suspend", "Suspend"),
                Binding("b", "bury", "Bury"), Binding("escape", "leave", "Back"),
                Binding("x", "hidden", "Not shown", show=False)]

    def __init__(self, footer: type[Footer] | type[QuietFooter]) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Static("front")
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "edit" else True


class KeysApp(App[None]):
    BINDINGS = [Binding("question_mark", "help", "Keys", key_display="?")]

    def __init__(self, footer: type[Footer] | type[QuietFooter], ansi: bool) -> None:
        super().__init__(ansi_color=ansi)
        self.footer = footer

    def on_mount(self) -> None:
        self.push_screen(Keys(self.footer))


def _cells(strip: Strip) -> list[Cell]:
    """Each cell's character and style (without the offsets Textual adds for the mouse)."""
    return [(char, segment.style.clear_meta_and_links() if segment.style else None)
            for segment in strip for char in segment.text]


async def _bottom_rows(footer: type[Footer] | type[QuietFooter], theme: str, ansi: bool,
                       width: int, hovers: list[int | None]) -> list[list[Cell]]:
    """The bottom row as drawn with the mouse at each of `hovers` (None: above the footer)."""
    app = KeysApp(footer, ansi)
    rows = []
    async with app.run_test(size=(width, 5)) as pilot:
        app.theme = theme
        for x in hovers:
            await pilot.hover(offset=(0, 0) if x is None else (x, 4))
            await pilot.pause()
            await pilot.pause()
            rows.append(_cells(app.screen._compositor.render_strips()[-1]))
    return rows


@pytest.mark.parametrize("width", [120, 60])
@pytest.mark.parametrize(("theme", "ansi"), [("textual-dark", False), ("textual-light", False),
                                             ("textual-dark", True)])
async def test_the_footer_draws_what_textuals_footer_draws(theme: str, ansi: bool,
                                                           width: int) -> None:
    hovers = [None, 2, 30, width - 4]  # nothing lit, "space", dimmed "Edit", the palette
    textuals = await _bottom_rows(Footer, theme, ansi, width, hovers)
    ours = await _bottom_rows(QuietFooter, theme, ansi, width, hovers)
    for x, theirs, mine in zip(hovers, textuals, ours, strict=True):
        assert "".join(char for char, _ in mine).startswith(" space Show answer  u Undo ")
        assert "▏^p palette " in "".join(char for char, _ in mine)
        assert mine == theirs, (theme, ansi, width, x)
    plain, lit, dimmed, palette = ours
    text = "".join(char for char, _ in plain)
    edit, undo = text.index("Edit"), text.index("Undo")
    assert plain[edit][1] != plain[undo][1]  # dimmed: a key that does nothing now
    assert plain[1] != lit[1] and dimmed[edit] != plain[edit]  # the key under the mouse
    assert palette[width - 4] != plain[width - 4]


async def test_the_key_under_the_mouse_gets_its_tooltip_and_pointer() -> None:
    app = KeysApp(QuietFooter, ansi=False)
    async with app.run_test(size=(120, 5)) as pilot:
        footer = app.screen.query_one(QuietFooter)
        await pilot.hover(QuietFooter, offset=(117, 0))
        assert footer.tooltip == "Open the command palette" and footer.styles.pointer == "pointer"
        await pilot.hover(QuietFooter, offset=(90, 0))  # between the keys and the palette
        assert footer.tooltip is None and footer.styles.pointer == "default"


def _column(footer: QuietFooter, action: str) -> int:
    return next(x for x in range(footer.size.width)
                if (entry := footer.entry_at(x)) is not None and entry.action == action)


async def test_a_click_on_a_footer_key_presses_it(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        footer = screen.query_one(QuietFooter)
        first = screen.card
        assert first is not None
        await pilot.click(QuietFooter, offset=(_column(footer, "suspend"), 0))
        await pilot.pause()
        assert store.card(first.id).suspended and screen.card is not None
        await pilot.click(QuietFooter, offset=(_column(footer, "reveal"), 0))
        await pilot.pause()
        assert screen.revealed
        await pilot.press("3")
        await pilot.pause()
        assert len(store.reviews()) == 1
        await pilot.click(QuietFooter, offset=(_column(footer, "undo"), 0))
        await pilot.pause()
        assert store.reviews() == []
        await pilot.click(QuietFooter, offset=(_column(footer, "help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, KeyHelpModal)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(QuietFooter, offset=(footer.size.width - 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_keys_dim_and_undim_in_place(tmp_path: Path) -> None:
    """After the reveal "Show answer" is dimmed (a click on it rings the bell); the next front
    offers it again. The footer repaints; it has no key widgets to rebuild or lay out."""
    async with reviewing(collection(tmp_path)) as (app, pilot, screen):
        footer = screen.query_one(QuietFooter)
        region = footer.region

        def offered() -> set[str]:
            return {entry.description for entry in footer.entries if entry.enabled}

        assert "Show answer" in offered() and not footer.children
        await pilot.press("space")
        await pilot.pause()
        assert "Show answer" not in offered()
        assert any(entry.description == "Show answer" for entry in footer.entries)
        bells = []
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
        await pilot.click(QuietFooter, offset=(_column(footer, "reveal"), 0))
        assert bells == [1]
        await pilot.press("3")
        await pilot.pause()
        assert screen.card is not None and "Show answer" in offered()
        assert screen.query_one(QuietFooter) is footer and footer.region == region
