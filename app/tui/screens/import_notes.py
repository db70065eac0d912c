"""Import: a file or folder path, a progress bar, and the report with its problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from app.core.collection import Collection
from app.tui.screens.job import JobOutcome, JobScreen


class ImportScreen(JobScreen):
    """Runs the import in a worker thread with its own connection; the screen stays live."""

    NAME = "import"
    TITLE_DONE = "Import"
    BINDINGS = [*JobScreen.BINDINGS,
                Binding("s", "app.suggestions", "Suggestions", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="job"):
            yield Label("Import Markdown notes: a file or a folder (Enter to start)")
            yield Input(placeholder="~/notes/ml-system-design", id="import-path")
            yield ProgressBar(total=1, id="import-progress", show_eta=False)
            yield Static(id="import-current")
            with VerticalScroll(classes="job-report"):
                yield Static(id="import-report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start(event.value)

    def start(self, text: str) -> None:
        if not text.strip():
            self.notify("Type the path of a note or a folder of notes", severity="warning")
            return
        paths = [Path(part).expanduser() for part in text.split(",") if part.strip()]
        self.launch("Importing…", paths=paths)

    def run_job(self, collection: Collection, progress: Callable[[int, int, str], None],
                **arguments: object) -> JobOutcome:
        paths = arguments["paths"]
        assert isinstance(paths, list)
        report = collection.import_paths(paths, progress=progress)
        hint = ""
        if report.without_cards:
            files = ("1 file has" if report.without_cards == 1
                     else f"{report.without_cards} files have")
            hint = (f"{files} notes but no cards: press s to review cards suggested from "
                    "them, or see the card syntax in the README")
        return JobOutcome(report.summary(), tuple(str(p) for p in report.problems), hint)

    def finished(self, outcome: JobOutcome) -> None:
        if outcome.hint:
            self.query_one(".job-report").focus()  # so that s reaches the screen

    def show_current(self, current: str) -> None:
        self.query_one("#import-current", Static).update(Text(current, style="dim"))
