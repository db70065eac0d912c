"""Optimize from the stats screen: FSRS parameters fitted to the review log in a worker thread
with a progress bar, shown beside those in force, applied only when the learner says Apply.

The fitting, the comparison and the applying are the Collection's (the same calls as
`blueprint optimize`); this modal only runs them off the UI thread and shows the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static
from textual.worker import get_current_worker

from app.core.collection import Collection
from app.core.errors import BlueprintError

if TYPE_CHECKING:
    from app.core.optimizing import Proposal

FITTING = ("Fitting FSRS parameters to your review log (about a minute per 5,000 reviews; "
           "Esc stops)…")


class _Stopped(Exception):
    """Raised from the progress callback when the learner closed the modal mid-fit."""


class OptimizeModal(ModalScreen[bool]):
    """Dismisses True when new parameters were applied, False when nothing changed."""

    BINDINGS = [Binding("a", "apply", "Apply"), Binding("escape,k", "keep", "Keep")]
    CSS_PATH = "optimize.tcss"  # loaded when this modal is first shown, not at start-up

    @dataclass
    class Progressed(Message):
        done: int
        total: int

    @dataclass
    class Proposed(Message):
        proposal: Proposal

    @dataclass
    class Applied(Message):
        moved: int

    @dataclass
    class Failed(Message):
        message: str
        hint: str

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.proposal: Proposal | None = None
        self.applying = False
        self.failed: str | None = None  # the message shown when fitting could not run

    def compose(self) -> ComposeResult:
        with Vertical(id="optimize"):
            yield Static(Text("Optimize: FSRS parameters fitted to your reviews", style="bold"))
            yield Static(FITTING, id="optimize-status", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="optimize-progress")
            with VerticalScroll(id="optimize-table"):
                yield Static(id="optimize-lines", markup=False)
            with Horizontal(id="optimize-buttons"):
                yield Button("Apply", id="optimize-apply", variant="primary", disabled=True)
                yield Button("Keep", id="optimize-keep")

    def on_mount(self) -> None:
        self._fit()

    # -- workers ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="optimize")
    def _fit(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            self.post_message(self.Progressed(done, total))

        self._run(lambda c: self.post_message(self.Proposed(c.propose_parameters(progress))))

    @work(thread=True, exclusive=True, group="optimize")
    def _apply(self, proposal: Proposal) -> None:
        self._run(lambda c: self.post_message(self.Applied(c.apply_parameters(proposal))))

    def _run(self, job: Callable[[Collection], object]) -> None:
        """`job(collection)` on the thread's own connection; errors become a Failed message."""
        try:
            collection = self.collection.reopen()
        except BlueprintError as exc:
            self.post_message(self.Failed(exc.message, exc.hint))
            return
        try:
            job(collection)
        except _Stopped:
            return
        except BlueprintError as exc:
            self.post_message(self.Failed(exc.message, exc.hint))
        except (RuntimeError, ValueError) as exc:  # torch or the optimizer gave up
            self.post_message(self.Failed(f"the optimizer stopped: {exc}",
                                          "nothing was changed; try again, or run "
                                          "'blueprint optimize' to see the full message"))
        finally:
            collection.close()

    # -- what the workers report --------------------------------------------------------------
    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)

    @on(Proposed)
    def _proposed(self, event: Proposed) -> None:
        from app.core.optimizing import comparison_lines

        proposal = self.proposal = event.proposal
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#optimize-lines", Static).update("\n".join(comparison_lines(proposal)))
        status = self.query_one("#optimize-status", Static)
        if proposal.better:
            status.update(Text.assemble(
                ("The fitted parameters predict your reviews better ", "bold green"),
                f"(log loss {proposal.old_loss:.4f} → {proposal.new_loss:.4f}). Apply them and "
                "reschedule every reviewed card from its log? (a: Apply, Esc: Keep)"))
            apply = self.query_one("#optimize-apply", Button)
            apply.disabled = False
            apply.focus()
        else:
            status.update(Text("The fitted parameters predict your reviews no better; "
                               "nothing to apply.", style="bold"))
            self.query_one("#optimize-keep", Button).label = "Close"

    @on(Applied)
    def _applied(self, event: Applied) -> None:
        self.notify(f"applied; {event.moved} cards rescheduled from their log "
                    "('blueprint optimize --undo' restores the previous parameters)",
                    title="New parameters in force", timeout=8)
        self.dismiss(True)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.failed = event.message
        self.applying = False
        self.query_one(ProgressBar).display = False  # nothing is running any more
        self.query_one("#optimize-status", Static).update(Text.assemble(
            (event.message, "bold red"), "\n", (event.hint, "cyan")))
        self.query_one("#optimize-apply", Button).disabled = True
        self.query_one("#optimize-keep", Button).label = "Close"

    # -- the learner's choice -----------------------------------------------------------------
    @on(Button.Pressed, "#optimize-apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#optimize-keep")
    def _keep_pressed(self) -> None:
        self.action_keep()

    def action_apply(self) -> None:
        if self.proposal is None or not self.proposal.better or self.applying:
            return
        self.applying = True
        self.query_one("#optimize-apply", Button).disabled = True
        self.query_one("#optimize-keep", Button).disabled = True
        self.query_one("#optimize-status", Static).update(
            "Applying: every reviewed card is rescheduled from its log…")
        self.query_one(ProgressBar).update(total=None)
        self._apply(self.proposal)

    def action_keep(self) -> None:
        if self.applying:
            return  # the new parameters are being written; the modal closes when they are
        self.workers.cancel_group(self, "optimize")  # a fit stops at its next progress report
        self.dismiss(False)
