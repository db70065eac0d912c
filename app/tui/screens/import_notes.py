"""Import: a file or folder path, a progress bar, and the report with its problems."""

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
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from app.core.errors import BlueprintError
from app.core.importing import ImportReport, import_paths
from app.core.store import Store


class ImportScreen(Screen[None]):
    """Runs the import in a worker thread with its own connection; the screen stays live."""

    BINDINGS = [Binding("escape", "leave", "Back"),
                Binding("s", "app.suggestions", "Suggestions", show=False)]

    @dataclass
    class Progressed(Message):
        done: int
        total: int
        current: str

    @dataclass
    class Finished(Message):
        report: ImportReport

    @dataclass
    class Failed(Message):
        error: str

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
        store_path = self.app.store.path  # type: ignore[attr-defined]
        if not text.strip():
            self.notify("Type the path of a note or a folder of notes", severity="warning")
            return
        if store_path is None:
            self.notify("An in-memory collection cannot be imported into from a worker",
                        severity="error")
            return
        paths = [Path(part).expanduser() for part in text.split(",") if part.strip()]
        self.query_one("#import-report", Static).update("Importing…")
        self.query_one(ProgressBar).update(total=1, progress=0)
        self.run_import(store_path, paths)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, store_path: Path, paths: list[Path]) -> None:
        store = Store(store_path)  # a thread opens its own connection
        try:
            report = import_paths(
                store, paths, now=self.app.clock(),  # type: ignore[attr-defined]
                progress=lambda done, total, rel: self._report(done, total, rel))
        except BlueprintError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        finally:
            store.close()
        self.post_message(self.Finished(report))

    def _report(self, done: int, total: int, current: str) -> None:
        self.post_message(self.Progressed(done, total, current))  # thread-safe

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)
        self.query_one("#import-current", Static).update(Text(event.current, style="dim"))

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        report = event.report
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        text = Text(report.summary(), style="bold")
        for problem in report.problems:
            text.append("\n" + str(problem), style="yellow")
        if report.without_cards:
            files = "1 file has" if report.without_cards == 1 else \
                f"{report.without_cards} files have"
            text.append(f"\n{files} notes but no cards: press s to review cards suggested from "
                        "them, or see the card syntax in the README", style="cyan")
            self.query_one(".job-report").focus()  # so that s reaches the screen
        self.query_one("#import-current", Static).update("")
        self.query_one("#import-report", Static).update(text)
        self.notify(report.summary(), title="Import")

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#import-report", Static).update(Text(event.error, style="bold red"))
        self.notify(event.error, title="Import failed", severity="error")

    def action_leave(self) -> None:
        self.dismiss(None)
