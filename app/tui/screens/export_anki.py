"""Export to Anki: an output path and an optional deck, a progress bar, the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, ProgressBar, Select, Static

from app.core.collection import Collection
from app.tui.screens.job import JobOutcome, JobScreen


class ExportScreen(JobScreen):
    """Writes the .apkg in a worker thread with its own connection."""

    NAME = "export"
    TITLE_DONE = "Export"

    def compose(self) -> ComposeResult:
        with Vertical(classes="job"):
            yield Label("Export to Anki (.apkg): output file (Enter to start)")
            yield Input(value=str(Path.cwd() / "blueprint.apkg"), id="export-path")
            yield Select([(d, d) for d in self.collection.decks()], prompt="Every deck",
                         id="export-deck")
            yield ProgressBar(total=1, id="export-progress", show_eta=False)
            with VerticalScroll(classes="job-report"):
                yield Static(id="export-report", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start(event.value)

    def start(self, text: str) -> None:
        if not text.strip():
            self.notify("Give an output file name ending in .apkg", severity="warning")
            return
        deck = self.query_one("#export-deck", Select).value
        self.launch("Exporting…", out=Path(text.strip()).expanduser(),
                    deck=deck if isinstance(deck, str) else None)

    def run_job(self, collection: Collection, progress: Callable[[int, int, str], None],
                **arguments: object) -> JobOutcome:
        from app.export.package import export_anki

        out, deck = arguments["out"], arguments["deck"]
        assert isinstance(out, Path) and (deck is None or isinstance(deck, str))
        report = export_anki(collection, out, deck=deck,
                             progress=lambda done, total: progress(done, total, ""))
        return JobOutcome(report.summary(), report.problems)
