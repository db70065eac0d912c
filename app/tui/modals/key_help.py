"""The key help: every key of the screen below and of the app, with what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class KeyHelpModal(ModalScreen[None]):
    """Lists the bindings of `screen` and the app's own; any of Esc, ? or q closes it."""

    CSS_PATH = "key_help.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.under = screen

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", expand=True, show_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        for source in (self.under, self.app):
            for item in getattr(source, "BINDINGS", []):
                binding = item if isinstance(item, Binding) else Binding(*item)
                keys = binding.key_display or binding.key
                table.add_row(keys.replace("question_mark", "?").replace("slash", "/"),
                              binding.description or binding.action)
        table.add_row("ctrl+p", "Command palette: every action by name")
        with VerticalScroll(id="key-help"):
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
