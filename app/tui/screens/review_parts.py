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

Python's cyclic garbage collector waits while a reveal or a grade is drawn: from the key's action
to its frame (`_hold_collector`), then runs what came due. At 50k cards a collection inside a
grade cost 3-7 ms (a full one 7-30 ms) and came about once in 20 grades (bench_tui). And once
the scheduler is built (the fsrs import, after the first card), what start-up made is frozen
again, as `BlueprintApp` froze it after the first frame: full collections skip it.
"""

from __future__ import annotations

import asyncio
import gc
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
    _holding = False  # the collector is disabled by this screen (_hold_collector)
    _drawing = False  # ... until the frame of the last key is drawn
    _frozen = False  # the scheduler built, and start-up's objects frozen
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

    # -- the garbage collector ------------------------------------------------------------
    def _hold_collector(self) -> None:
        """No garbage collection until this key's frame is drawn (`_compositor_refresh`)."""
        if not self._holding:
            if not gc.isenabled():  # held by someone else (an import): theirs to enable
                return
            gc.disable()
            self._holding = True
        self._drawing = True

    def _compositor_refresh(self) -> None:
        """Textual's frame; after it, the collector runs once the event loop turns (a few ms
        later: Textual's writer thread first sends the frame to the terminal, which a
        collection holding the interpreter would delay)."""
        super()._compositor_refresh()
        if self._drawing:
            self._drawing = False
            asyncio.get_running_loop().call_later(0.005, self._release_collector)

    def _release_collector(self) -> None:
        if self._holding and not self._drawing:  # (a key since the frame: after its own)
            self._holding = False
            gc.enable()

    def on_screen_suspend(self) -> None:
        self._drawing = False
        self._release_collector()

    def on_unmount(self) -> None:
        self.on_screen_suspend()

    def _freeze_once(self) -> None:
        """After the scheduler is built (its import made many objects that live as long as
        the app), once per screen: `gc.freeze` moves them out of the collector's way."""
        if not self._frozen:
            self._frozen = True
            gc.freeze()
