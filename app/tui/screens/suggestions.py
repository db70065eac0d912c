"""Suggestions: cards drafted from plain notes beside their source lines; accept, edit, reject."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TextArea

from app.core.errors import BlueprintError
from app.core.suggestion_review import Pending, PendingInputs, SuggestionDesk, draft_pending
from app.tui.plain import cell


class SuggestionsScreen(Screen[None]):
    """The queue of undecided suggestions; every decision is stored and re-imports the file."""

    CSS_PATH = "suggestions.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("e", "edit", "Edit"),
        Binding("x", "reject", "Reject"),
        Binding("A", "accept_file", "Accept rest of file", key_display="A"),
        Binding("ctrl+s", "save_edit", "Save edit", show=False, priority=True),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, desk: SuggestionDesk) -> None:
        super().__init__()
        self.desk = desk
        self.items: list[Pending] = []
        self.editing: Pending | None = None
        self.decided = {"accepted": 0, "edited": 0, "rejected": 0}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="suggestions"):
            yield DataTable(id="suggestion-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="suggestion-side"):
                yield Static(id="suggestion-draft", markup=False)
                yield TextArea(id="suggestion-editor", language="markdown")
                yield Static(id="suggestion-source", markup=False)
        yield Static(id="suggestion-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Source", key="source")
        table.add_column("Rule", key="rule")
        table.add_column("Card", key="card")
        self.query_one("#suggestion-editor", TextArea).display = False
        self.reload()
        table.focus()

    @dataclass
    class Loaded(Message):
        items: list[Pending]

    def reload(self) -> None:
        """Draft the queue in a worker: reading every note can take a moment."""
        self.query_one("#suggestion-draft", Static).update("Reading your notes…")
        self._draft(self.desk.pending_inputs())

    @work(thread=True, exclusive=True, group="suggestions")
    def _draft(self, inputs: PendingInputs) -> None:
        self.post_message(self.Loaded(draft_pending(inputs)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.items = event.items
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for p in self.items:
            front = p.suggestion.front.split("\n", 1)[0]
            table.add_row(cell(p.short_where), p.suggestion.rule, cell(front[:60]),
                          key=p.suggestion.id)
        self._show()

    @property
    def current(self) -> Pending | None:
        if not self.items:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.items[max(0, min(row, len(self.items) - 1))]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show()

    def _show(self) -> None:
        draft = self.query_one("#suggestion-draft", Static)
        source = self.query_one("#suggestion-source", Static)
        status = self.query_one("#suggestion-status", Static)
        d = self.decided
        status.update(Text(f"{len(self.items)} pending · {d['accepted']} accepted · "
                           f"{d['edited']} edited · {d['rejected']} rejected", style="dim"))
        p = self.current
        if p is None:
            draft.update("No suggestions waiting. Import plain notes (i on the deck list), "
                         "or see `blueprint suggest PATH` for drafts as a file.")
            source.update("")
            return
        draft.update(Text(p.suggestion.markdown))
        lines = Text(f"{p.where}\n", style="bold")
        if p.suggestion.breadcrumb:
            lines.append(" > ".join(p.suggestion.breadcrumb) + "\n", style="italic")
        for number, line in p.source_lines:
            style = "reverse" if number == p.suggestion.line else "dim"
            lines.append(f"{number:>4} ", style="dim")
            lines.append(line + "\n", style=style)
        source.update(lines)

    # -- decisions ------------------------------------------------------------------------
    def action_accept(self) -> None:
        p = self.current
        if p is not None and self.editing is None:
            self._decide(lambda: self.desk.accept([(p, None)]), "accepted", [p])

    def action_reject(self) -> None:
        p = self.current
        if p is not None and self.editing is None:
            self._decide(lambda: self.desk.reject([p]), "rejected", [p])

    def action_accept_file(self) -> None:
        p = self.current
        if p is None or self.editing is not None:
            return
        same = [q for q in self.items if q.path_key == p.path_key]
        self._decide(lambda: self.desk.accept([(q, None) for q in same]), "accepted", same)

    def action_edit(self) -> None:
        p = self.current
        if p is None or self.editing is not None:
            return
        self.editing = p
        editor = self.query_one("#suggestion-editor", TextArea)
        editor.load_text(p.suggestion.markdown)
        editor.display = True
        self.query_one("#suggestion-draft", Static).display = False
        editor.focus()
        self.notify("Edit the card, ctrl+s to accept it, escape to cancel")

    def action_save_edit(self) -> None:
        p = self.editing
        if p is None:
            return
        text = self.query_one("#suggestion-editor", TextArea).text.strip()
        if self._decide(lambda: self.desk.accept([(p, text)]), "edited", [p]):
            self._close_editor()

    def action_leave(self) -> None:
        if self.editing is not None:
            self._close_editor()
            return
        self.dismiss(None)

    def _close_editor(self) -> None:
        self.editing = None
        self.query_one("#suggestion-editor", TextArea).display = False
        self.query_one("#suggestion-draft", Static).display = True
        self.query_one(DataTable).focus()

    def _decide(self, act: Callable[[], object], what: str, items: list[Pending]) -> bool:
        try:
            report = act()
        except BlueprintError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return False
        self.decided[what] += len(items)
        decided = {p.suggestion.id for p in items}
        problems = getattr(report, "problems", None)
        if problems:
            self.notify("\n".join(str(x) for x in problems[:3]), title="Import problems",
                        severity="warning")
        row = self.query_one(DataTable).cursor_row
        # the notes did not change: the queue is the same less what was just decided
        self.items = [p for p in self.items if p.suggestion.id not in decided]
        self._fill()
        if self.items:
            self.query_one(DataTable).move_cursor(row=min(row, len(self.items) - 1))
        return True
