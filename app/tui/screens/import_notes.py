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
from app.core.errors import RetireRefused
from app.tui.screens.job import JobOutcome, JobScreen


class ImportScreen(JobScreen):
    """Runs the import in a worker thread with its own connection; the screen stays live."""

    NAME = "import"
    TITLE_DONE = "Import"
    BINDINGS = [*JobScreen.BINDINGS,
                Binding("s", "app.suggestions", "Suggestions", show=False),
                Binding("y", "retire_anyway", "Retire them", show=False)]
    refused: list[Path] | None = None  # paths of an import stopped before retiring most cards

    def compose(self) -> ComposeResult:
        with Vertical(classes="job"):
            yield Label("Import Markdown notes: a file or a folder (Enter to start)")
            yield Input(placeholder="~/notes/ml-system-design", id="import-path")
            yield ProgressBar(total=1, id="import-progress", show_eta=False)
            yield Static(id="import-current", markup=False)
            with VerticalScroll(classes="job-report"):
                yield Static(id="import-report", markup=False)
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
        try:
            report = collection.import_paths(paths, allow_retire=bool(arguments.get("retire")),
                                             progress=progress)
        except RetireRefused as exc:  # ask: an unmounted drive must not retire everything
            self.refused = paths
            return JobOutcome(f"Import stopped: {exc.message}.", (),
                              "Press y to retire them anyway, Escape to leave everything as "
                              "it is.")
        hints = []
        if report.notices:
            hints.append(f"{len(report.notices)} notices (skipped on purpose, nothing to fix):")
            hints.extend(str(p) for p in report.notices)
        if report.osr_notes:
            from app.core.osr_import import osr_summary

            hints.append(osr_summary(report))
            hints.extend(str(p) for p in report.osr_unplaced)
        if report.without_cards:
            files = ("1 file has" if report.without_cards == 1
                     else f"{report.without_cards} files have")
            hints.append(f"{files} notes but no cards: press s to review cards suggested from "
                         "them, or see the card syntax in the README")
        return JobOutcome(report.summary(), tuple(str(p) for p in report.problems),
                          "\n".join(hints))

    def finished(self, outcome: JobOutcome) -> None:
        if outcome.hint:
            self.query_one(".job-report").focus()  # so that s and y reach the screen

    def action_retire_anyway(self) -> None:
        if self.refused is not None:
            paths, self.refused = self.refused, None
            self.launch("Importing…", paths=paths, retire=True)

    def show_current(self, current: str) -> None:
        self.query_one("#import-current", Static).update(Text(current, style="dim"))
