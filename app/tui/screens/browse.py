"""Browse: search cards by text, deck, tag and state; sort by a column; the card's full record."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from app.cells import fit, fit_start
from app.core.browse import STATES, CardInfo, due_label
from app.core.collection import Collection
from app.core.queries import state_name
from app.core.store import CardRow
from app.core.timeutil import format_utc
from app.tui.plain import cell

COLUMNS = ("front", "deck", "state", "due")
TITLES = {"front": "Front", "deck": "Deck", "state": "State", "due": "Due"}
STATE_WIDTH, DUE_WIDTH, DECK_MAX, FRONT_MIN = 10, 8, 22, 12
DECK_OPTION_WIDTH = 24  # the deck filter's options: one line each, the leaf kept


class BrowseScreen(Screen[None]):
    """Filters on top, matching cards on the left, the highlighted card's info on the right."""

    CSS_PATH = "browse.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("ctrl+f", "focus_search", "Search"),
        Binding("ctrl+s", "toggle_suspend", "(Un)suspend"),
        Binding("ctrl+o", "sort_next", "Sort"),
        Binding("ctrl+r", "sort_reverse", "Reverse"),
        Binding("e", "edit", "Edit note"),
    ]

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.results: list[CardRow] = []
        self.sort: str | None = None  # None: note order
        self.descending = False

    def compose(self) -> ComposeResult:
        collection = self.collection
        with Horizontal(id="browse-filters"):
            yield Input(placeholder="Search front, back, source…", id="browse-text")
            yield Select([(Content(fit_start(d, DECK_OPTION_WIDTH).rstrip()), d)
                          for d in collection.decks()], prompt="Any deck", id="browse-deck")
            yield Select([(Content(f"#{t}"), t) for t in collection.tags()], prompt="Any tag",
                         id="browse-tag")
            yield Select([(s, s) for s in STATES], value="any", allow_blank=False,
                         id="browse-state")
        with Horizontal(id="browse-main"):
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="card-info"):
                yield Static(id="card-info-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.search()
        self.query_one("#browse-text", Input).focus()

    def on_resize(self, _event: Resize) -> None:
        self.call_after_refresh(self._fill_table)  # the table's new width is known after layout

    def search(self) -> None:
        """Run the filters through the core search and list what matches."""
        deck = self.query_one("#browse-deck", Select).value
        tag = self.query_one("#browse-tag", Select).value
        state = self.query_one("#browse-state", Select).value
        self.results = self.collection.search(
            text=self.query_one("#browse-text", Input).value,
            deck=deck if isinstance(deck, str) else None,
            tag=tag if isinstance(tag, str) else None,
            state=state if isinstance(state, str) else "any",
            order=self.sort, descending=self.descending)
        self._fill_table()
        self.show_info(self.results[0] if self.results else None)

    def column_widths(self) -> dict[str, int]:
        """Front takes what Deck, State and Due leave of the table's width (in terminal cells)."""
        table = self.query_one(DataTable)
        # each column has one cell of padding either side; 2 cells for the scrollbar
        free = table.size.width - 2 - 2 * len(COLUMNS) - STATE_WIDTH - DUE_WIDTH
        deck = min(DECK_MAX, max(8, free // 3),
                   max([4, *(cell_len(c.deck) for c in self.results)]))
        return {"front": max(FRONT_MIN, free - deck), "deck": deck, "state": STATE_WIDTH,
                "due": DUE_WIDTH}

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        keep = self.selected()
        ids = [card.id for card in self.results]
        widths = self.column_widths()
        table.clear(columns=True)
        for key in COLUMNS:
            mark = "" if key != self.sort else (" ▼" if self.descending else " ▲")
            table.add_column(TITLES[key] + mark, key=key, width=widths[key])
        now, tz = self.collection.now(), self.collection.tz
        for card in self.results:
            table.add_row(cell(fit(" ".join(card.front.split()), widths["front"])),
                          cell(fit_start(card.deck, widths["deck"])), state_name(card),
                          due_label(card, now, tz), key=str(card.id))
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)

    @on(Input.Changed, "#browse-text")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.search()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_info(self.collection.card(int(event.row_key.value)))

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.descending = not self.descending if key == self.sort else False
        self.sort = key
        self.search()

    def show_info(self, card: CardRow | None) -> None:
        text = self.query_one("#card-info-text", Static)
        if card is None:
            text.update(Text("No card matches.", style="dim"))
            return
        text.update(_info_table(self.collection.card_info(card.id)))

    def selected(self) -> CardRow | None:
        table = self.query_one(DataTable)
        if not self.results or table.row_count == 0:
            return None
        return self.results[min(table.cursor_row, len(self.results) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`e` is a letter: it edits only while the table, not the search box, has focus."""
        if action == "edit":
            return isinstance(self.focused, DataTable) and bool(self.results)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        self.query_one("#browse-text", Input).focus()

    def action_sort_next(self) -> None:
        """Note order, then each column in turn (ascending)."""
        order: list[str | None] = [None, *COLUMNS]
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.descending = False
        self.search()

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self.sort = self.sort or "front"
        self.search()

    def action_edit(self) -> None:
        """$EDITOR at the highlighted card's line (as the review's `e`), then re-import."""
        card = self.selected()
        if card is None:
            return
        from app.tui.editor import edit_card

        if edit_card(self.app, self.collection, card) is not None:
            self.search()

    def action_toggle_suspend(self) -> None:
        card = self.selected()
        if card is None:
            return
        self.collection.set_suspended(card, not card.suspended)
        self.notify("Unsuspended" if card.suspended else "Suspended")
        self.search()

    def action_leave(self) -> None:
        self.dismiss(None)


def _info_table(info: CardInfo) -> Table:
    card = info.card
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    rows = [
        ("Front", card.front), ("Back", card.back), ("Deck", card.deck),
        ("Source", card.source), ("Kind", card.kind), ("State", info.state),
        ("Tags", " ".join(f"#{t}" for t in card.tags) or "—"),
        ("Stability", f"{card.stability:.2f} d" if card.stability is not None else "—"),
        ("Difficulty", f"{card.difficulty:.2f}" if card.difficulty is not None else "—"),
        ("Retrievability",
         f"{info.retrievability:.0%}" if info.retrievability is not None else "—"),
        ("Next due", format_utc(card.due)[:16].replace("T", " ") if card.due else "—"),
        ("Reviews", str(len(info.history))),
    ]
    for name, value in rows:
        grid.add_row(name, Text(value))  # the user's text, not markup
    for line in info.history[-10:]:
        grid.add_row("", f"{line.reviewed_at:%Y-%m-%d %H:%M}  {line.rating:<5} "
                         f"(was {line.state_before})")
    return grid
