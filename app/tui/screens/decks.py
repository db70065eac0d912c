"""The home screen: the deck tree with new, learning and due counts; Enter studies a deck."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.widgets.data_table import ColumnKey

from app.cells import fit
from app.core.collection import Collection
from app.core.deck_tree import DeckLine

if TYPE_CHECKING:
    from app.core.deck_options import DeckOptions

_ALL = "__all__"


class DecksScreen(Screen[None]):
    """Like Anki's deck list; counts come from the core, summed into parent decks there."""

    CSS_PATH = "decks.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [
        Binding("enter", "study_selected", "Study", show=True, priority=False),
        Binding("slash", "app.browse", "Browse", key_display="/"),
        Binding("t", "app.stats", "Stats"),
        Binding("i", "app.import", "Import"),
        Binding("x", "app.export", "Export"),
        Binding("s", "app.suggestions", "Suggestions"),
        Binding("d", "app.drill", "Drill"),
        Binding("r", "refresh_counts", "Refresh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    @dataclass
    class StudyChosen(Message):
        """The learner picked a deck to study (None: every deck)."""

        deck: str | None

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.lines: list[DeckLine] = []
        self._shown: list[tuple[DeckLine, DeckOptions]] = []
        self._width = 0  # the Deck column's width the rows were cut to

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="deck-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="deck-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Deck", key="deck")
        for label in ("New", "Learn", "Due"):
            table.add_column(label, key=label.lower(), width=6)
        table.add_column("Retain", key="retention", width=6)
        table.focus()  # the counts come in on_screen_resume, when the screen is shown

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def action_refresh_counts(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        self._shown = self.collection.deck_lines_with_options()
        self.lines = [line for line, _ in self._shown]
        self._fill()

    def _fill(self) -> None:
        """The table's rows from the counts last read, names cut to the window's width."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        width = self._width = self.deck_width()
        widest = 0
        for line, options in self._shown:
            name = fit("  " * line.depth + line.label, width).rstrip()
            widest = max(widest, cell_len(name))
            table.add_row(_Cell(name, style="bold" if line.deck is None else ""),
                          _count(line.new, "blue"), _count(line.learning, "red"),
                          _count(line.due, "green"), _retention(options.retention),
                          key=line.deck or _ALL)
        # the Deck column as wide as its widest name, as the table measures it (it only grows)
        column = table.columns[ColumnKey("deck")]
        column.content_width = max(column.content_width, widest)
        if self.lines:
            table.move_cursor(row=min(row, len(self.lines) - 1))
        hint = self.query_one("#deck-hint", Static)
        if not self.lines:
            hint.update("No cards yet. Press i to import a folder of Markdown notes.")
        else:
            hint.update(Text("Enter: study the highlighted deck · ctrl+p: every command",
                             style="dim"))

    def deck_width(self) -> int:
        """The Deck column's cells: what the four count columns (6 + 2 padding each) leave."""
        return max(12, self.app.size.width - 4 * 8 - 2 - 2)

    def on_resize(self) -> None:
        if self.lines and self.deck_width() != self._width:
            self._fill()  # names cut again to the new width (the counts are not read again)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study_selected()

    def action_study_selected(self) -> None:
        if not self.lines:
            self.notify("No decks yet: import notes first (i)", severity="warning")
            return
        table = self.query_one(DataTable)
        line = self.lines[max(0, min(table.cursor_row, len(self.lines) - 1))]
        self.post_message(self.StudyChosen(line.deck))


class _Cell(Text):
    """A cell's text the table does not measure: each of 15k lines' five cells took 20 µs to
    measure (the Deck column's width is set in `_fill`, the others are fixed)."""

    __rich_measure__ = None  # type: ignore[assignment]


def _count(value: int, colour: str) -> Text:
    return _Cell(str(value), style=f"bold {colour}" if value else "dim", justify="right")


def _retention(value: float) -> Text:
    return _Cell(f"{value:.2f}", style="dim" if value == 0.9 else "bold", justify="right")
