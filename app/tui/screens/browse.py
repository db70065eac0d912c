"""Browse: search cards by text, deck, tag and state; the highlighted card's full record."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from app.core.browse import STATES, CardInfo
from app.core.collection import Collection
from app.core.queries import state_name
from app.core.store import CardRow
from app.core.timeutil import format_utc


class BrowseScreen(Screen[None]):
    """Filters on top, matching cards on the left, the highlighted card's info on the right."""

    CSS_PATH = "browse.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("ctrl+f", "focus_search", "Search"),
        Binding("ctrl+s", "toggle_suspend", "(Un)suspend"),
    ]

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.results: list[CardRow] = []

    def compose(self) -> ComposeResult:
        collection = self.collection
        with Horizontal(id="browse-filters"):
            yield Input(placeholder="Search front, back, source…", id="browse-text")
            yield Select([(d, d) for d in collection.decks()], prompt="Any deck",
                         id="browse-deck")
            yield Select([(f"#{t}", t) for t in collection.tags()], prompt="Any tag",
                         id="browse-tag")
            yield Select([(s, s) for s in STATES], value="any", allow_blank=False,
                         id="browse-state")
        with Horizontal(id="browse-main"):
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="card-info"):
                yield Static(id="card-info-text")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Front", key="front")
        table.add_column("Deck", key="deck", width=18)
        table.add_column("State", key="state", width=10)
        self.search()
        self.query_one("#browse-text", Input).focus()

    def search(self) -> None:
        """Run the filters through the core search and list what matches."""
        deck = self.query_one("#browse-deck", Select).value
        tag = self.query_one("#browse-tag", Select).value
        state = self.query_one("#browse-state", Select).value
        self.results = self.collection.search(
            text=self.query_one("#browse-text", Input).value,
            deck=deck if isinstance(deck, str) else None,
            tag=tag if isinstance(tag, str) else None,
            state=state if isinstance(state, str) else "any")
        table = self.query_one(DataTable)
        table.clear()
        for card in self.results:
            table.add_row(card.front.replace("\n", " ")[:80], card.deck, state_name(card),
                          key=str(card.id))
        self.show_info(self.results[0] if self.results else None)

    @on(Input.Changed, "#browse-text")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.search()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.show_info(self.collection.card(int(event.row_key.value)))

    def show_info(self, card: CardRow | None) -> None:
        text = self.query_one("#card-info-text", Static)
        if card is None:
            text.update(Text("No card matches.", style="dim"))
            return
        text.update(_info_table(self.collection.card_info(card.id)))

    def selected(self) -> CardRow | None:
        table = self.query_one(DataTable)
        if not self.results:
            return None
        return self.results[min(table.cursor_row, len(self.results) - 1)]

    def action_focus_search(self) -> None:
        self.query_one("#browse-text", Input).focus()

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
        grid.add_row(name, value)
    for line in info.history[-10:]:
        grid.add_row("", f"{line.reviewed_at:%Y-%m-%d %H:%M}  {line.rating:<5} "
                         f"(was {line.state_before})")
    return grid
