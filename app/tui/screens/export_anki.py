"""Export to Anki: an output path and an optional deck, a progress bar, the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Select, Static

from app.core.errors import BlueprintError
from app.core.store import Store


class ExportScreen(Screen[None]):
    """Writes the .apkg in a worker thread with its own connection."""

    BINDINGS = [Binding("escape", "leave", "Back")]

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Finished(Message):
        summary: str
        problems: list[str]

    @dataclass
    class Failed(Message):
        error: str

    def compose(self) -> ComposeResult:
        decks = self.app.store.decks()  # type: ignore[attr-defined]
        with Vertical(classes="job"):
            yield Label("Export to Anki (.apkg): output file (Enter to start)")
            yield Input(value=str(Path.cwd() / "blueprint.apkg"), id="export-path")
            yield Select([(d, d) for d in decks], prompt="Every deck", id="export-deck")
            yield ProgressBar(total=1, id="export-progress", show_eta=False)
            with VerticalScroll(classes="job-report"):
                yield Static(id="export-report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start(event.value)

    def start(self, text: str) -> None:
        store_path = self.app.store.path  # type: ignore[attr-defined]
        if store_path is None or not text.strip():
            self.notify("Give an output file name ending in .apkg", severity="warning")
            return
        deck = self.query_one("#export-deck", Select).value
        self.query_one("#export-report", Static).update("Exporting…")
        self.run_export(store_path, Path(text.strip()).expanduser(),
                        deck if isinstance(deck, str) else None)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, store_path: Path, out: Path, deck: str | None) -> None:
        from app.export.anki import write_apkg
        from app.export.from_store import cache_dir, export_values

        store = Store(store_path)  # a thread opens its own connection
        try:
            cards, diagrams, problems = export_values(store, deck)
            if not cards:
                self.post_message(self.Failed("Nothing to export: import notes first"))
                return
            report = write_apkg(cards, diagrams, out, cache_dir=cache_dir(store),
                                progress=self._report)
        except (BlueprintError, OSError) as exc:
            self.post_message(self.Failed(str(exc)))
            return
        finally:
            store.close()
        self.post_message(self.Finished(
            f"{report.notes} notes, {report.cards} cards, {report.media} media files "
            f"written to {out}", [str(p) for p in (*problems, *report.problems)]))

    def _report(self, done: int, total: int) -> None:
        self.post_message(self.Progressed(done, total))  # thread-safe

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        text = Text(event.summary, style="bold")
        for problem in event.problems:
            text.append("\n" + problem, style="yellow")
        self.query_one("#export-report", Static).update(text)
        self.notify(event.summary, title="Export")

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#export-report", Static).update(Text(event.error, style="bold red"))
        self.notify(event.error, title="Export failed", severity="error")

    def action_leave(self) -> None:
        self.dismiss(None)
