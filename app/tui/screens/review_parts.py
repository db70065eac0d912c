"""The review screen's parts that its first card does not need: mounted when first needed;
its WAL checkpoints.

The diagram quiz (drawing, answer box, choice list) is mounted only for a card that needs
it: before such a card is shown, or while the answer of the card before it is read (the likely
next card is known then). A session without diagram or typed-number cards never mounts it.
What waits for a part runs once that part is mounted. And the WAL checkpoint a grade's commit
would run inside the grade (the collection defers them) runs in a worker thread once no grade
came for a second (while a card is read), at most one at a time: run beside the next grade, its
copy and file syncs made that grade's commit wait (handler 0.8 -> 4.5 ms a grade on average
when grades come quickly, measured).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher
from textual.worker import Worker

from app.core.collection import Collection

if TYPE_CHECKING:  # imported with its first mount
    from app.tui.widgets.diagram_quiz import DiagramQuiz


class ReviewParts(Screen[None]):
    """Mounts the diagram quiz of a review screen when it is first needed."""

    _quiz: bool | None = None  # the diagram quiz, likewise
    _waiting: Callable[[], None] | None = None  # what waits for a part (runs once one is in)
    _checkpointing: Worker[object] | None = None
    _checkpoint_timer: Timer | None = None  # pending: runs after CHECKPOINT_IDLE without a grade
    _uncopied = 0  # grades since the last checkpoint
    CHECKPOINT_IDLE = 1.0  # seconds
    CHECKPOINT_EVERY = 500  # grades: copied then even if grades never pause (bounds the WAL)
    collection: Collection

    async def _mount_quiz(self) -> None:
        if self._quiz is not None:
            return
        self._quiz = False
        from app.tui.widgets.diagram_quiz import DiagramQuiz

        quiz = DiagramQuiz(id="diagram-quiz")
        quiz.display = False
        await self.query_one(ContentSwitcher).mount(quiz)
        self._quiz = True
        self._run_waiting()

    def _quiz_widget(self) -> DiagramQuiz:
        """The diagram quiz (mounted: a card that shows it waits for its mount)."""
        from app.tui.widgets.diagram_quiz import DiagramQuiz

        return self.query_one("#diagram-quiz", DiagramQuiz)

    def _wait_for(self, mount: Callable[[], object], then: Callable[[], None]) -> None:
        """Run `then` once the part `mount` mounts is there (its mount started if need be)."""
        self._waiting = then
        self.call_next(mount)

    def _run_waiting(self) -> None:
        """What waited runs now; it checks again what it needs (and waits again if need be)."""
        if (waiting := self._waiting) is not None:
            self._waiting = None
            waiting()

    def _checkpoint_later(self) -> None:
        """After a grade: the checkpoint waits until grades pause for CHECKPOINT_IDLE."""
        self._uncopied += 1
        if self._uncopied >= self.CHECKPOINT_EVERY:
            self.call_after_refresh(self._checkpoint)
        elif self._checkpoint_timer is None:
            self._checkpoint_timer = self.set_timer(self.CHECKPOINT_IDLE, self._idle_checkpoint)
        else:
            self._checkpoint_timer.reset()  # another grade came: wait from this one

    def _idle_checkpoint(self) -> None:
        self._checkpoint_timer = None  # (fired: nothing to stop)
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the collection file off the event loop."""
        if self._checkpoint_timer is not None:
            self._checkpoint_timer.stop()
            self._checkpoint_timer = None
        self._uncopied = 0
        if self._checkpointing is None or self._checkpointing.is_finished:
            self._checkpointing = self.run_worker(self.collection.checkpoint, thread=True,
                                                  group="checkpoint", exit_on_error=False)
