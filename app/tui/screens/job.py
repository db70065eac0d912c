"""The base of the import and export screens: a form, a worker thread with its own connection,
a progress bar, and a report of the outcome with its problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from app.core.collection import Collection
from app.core.errors import BlueprintError


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job shows: one summary line and its problems."""

    summary: str
    problems: tuple[str, ...] = ()
    hint: str = ""  # what to do next, shown under the problems


class JobScreen(Screen[None]):
    """Subclasses compose the form (with a ProgressBar and a Static `#<NAME>-report`) and
    implement `run_job`, which runs in a worker thread on its own Collection."""

    CSS_PATH = "job.tcss"  # loaded when this screen is first shown, not at start-up

    NAME = "job"
    TITLE_DONE = "Done"
    BINDINGS = [Binding("escape", "leave", "Back")]

    @dataclass
    class Progressed(Message):
        done: int
        total: int
        current: str

    @dataclass
    class Finished(Message):
        outcome: JobOutcome

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection

    def run_job(self, collection: Collection, progress: Callable[[int, int, str], None],
                **arguments: object) -> JobOutcome:
        raise NotImplementedError

    def launch(self, working: str, **arguments: object) -> None:
        """Show `working`, reset the bar, and run the job in a worker."""
        self.query_one(f"#{self.NAME}-report", Static).update(working)
        self.query_one(ProgressBar).update(total=1, progress=0)
        self._work(arguments)

    @work(thread=True, exclusive=True)
    def _work(self, arguments: dict[str, object]) -> None:
        try:
            collection = self.collection.reopen()  # a thread opens its own connection
        except BlueprintError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        try:
            outcome = self.run_job(collection, self._progress, **arguments)
        except (BlueprintError, OSError) as exc:
            self.post_message(self.Failed(str(exc)))
            return
        finally:
            collection.close()
        self.post_message(self.Finished(outcome))

    def _progress(self, done: int, total: int, current: str = "") -> None:
        self.post_message(self.Progressed(done, total, current))  # thread-safe

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)
        self.show_current(event.current)

    def show_current(self, current: str) -> None:
        """Where the job is now (the import shows the file); nothing by default."""

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        outcome = event.outcome
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.show_current("")
        text = Text(outcome.summary, style="bold")
        for problem in outcome.problems:
            text.append("\n" + problem, style="yellow")
        if outcome.hint:
            text.append("\n" + outcome.hint, style="cyan")
        self.query_one(f"#{self.NAME}-report", Static).update(text)
        self.notify(outcome.summary, title=self.TITLE_DONE)
        self.finished(outcome)

    def finished(self, outcome: JobOutcome) -> None:
        """After the report is shown; nothing by default."""

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one(f"#{self.NAME}-report", Static).update(Text(event.error, style="bold red"))
        self.notify(event.error, title=f"{self.TITLE_DONE} failed", severity="error")

    def action_leave(self) -> None:
        self.dismiss(None)
