"""The review screen's parts that its first card does not need: mounted when first needed.

The grade bar comes once the first card is on screen (a reveal pressed before then waits for
it). The diagram quiz (drawing, answer box, choice list) is mounted only for a card that needs
it: before such a card is shown, or while the answer of the card before it is read (the likely
next card is known then). A session without diagram or typed-number cards never mounts it.
What waits for a part runs once that part is mounted. And the WAL checkpoint a grade's commit
would run inside the grade (the collection defers them) runs in a worker thread after the next
card is drawn, at most one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import ContentSwitcher
from textual.worker import Worker

from app.core.collection import Collection
from app.tui.widgets.grade_bar import GradeBar

if TYPE_CHECKING:  # imported with its first mount
    from app.tui.widgets.diagram_quiz import DiagramQuiz


class ReviewParts(Screen[None]):
    """Mounts the grade bar and the diagram quiz of a review screen when they are first needed."""

    _bar: bool | None = None  # the grade bar: None (not asked for), False (mounting), True
    _quiz: bool | None = None  # the diagram quiz, likewise
    _waiting: Callable[[], None] | None = None  # what waits for a part (runs once one is in)
    _checkpointing: Worker[object] | None = None
    collection: Collection

    async def _mount_grade_bar(self) -> None:
        if self._bar is not None:
            return
        self._bar = False
        bar = GradeBar(id="grade-bar")
        bar.display = False
        await self.mount(bar, after="#review-prompt")
        self._bar = True
        self._run_waiting()

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

    def _checkpoint(self) -> None:
        """Copy the WAL into the collection file off the event loop (after a grade)."""
        if self._checkpointing is None or self._checkpointing.is_finished:
            self._checkpointing = self.run_worker(self.collection.checkpoint, thread=True,
                                                  group="checkpoint", exit_on_error=False)
