"""The review screen: front, reveal, grade with intervals, undo, edit, suspend, bury."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static

from app.core import card_text
from app.core.collection import Collection
from app.core.errors import BlueprintError, StoreError
from app.core.numeric import check_numeric, is_numeric
from app.core.scheduler import Rating
from app.core.session import StudySession
from app.core.store import CardRow
from app.tui.screens.review_parts import ReviewParts
from app.tui.widgets.card_view import CardView
from app.tui.widgets.grade_bar import GradeBar
from app.tui.widgets.prompt_or_grades import PromptOrGrades
from app.tui.widgets.quiet_footer import QuietFooter
from app.tui.widgets.review_lines import quiz_prompt, verdict_line

if TYPE_CHECKING:  # the quiz code loads with the first diagram card (review_parts.py)
    from app.core.diagram_quiz import Checked, LoadedQuiz
    from app.tui.widgets.diagram_quiz import DiagramQuiz


class ReviewScreen(ReviewParts):
    """Shows what the study session decides; passes the user's grades back to it."""

    CSS_PATH = "review.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("enter", "accept", "Show / accept", show=False),
        Binding("1", "grade(1)", "Again", show=False),
        Binding("2", "grade(2)", "Hard", show=False),
        Binding("3", "grade(3)", "Good", show=False),
        Binding("4", "grade(4)", "Easy", show=False),
        *(Binding(str(n), f"choose({n})", f"Pick choice {n}", show=False) for n in range(5, 10)),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+z", "undo_anywhere", "Undo, also while typing", show=False, priority=True),
        Binding("pageup", "scroll_drawing(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_drawing(1)", "Scroll down", show=False, priority=True),
        Binding("e", "edit", "Edit"),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, collection: Collection, deck: str | None = None) -> None:
        super().__init__()
        self.collection = collection
        self.deck = deck
        self.session: StudySession | None = None
        self.card: CardRow | None = None
        self.revealed = False
        self.loaded: LoadedQuiz | None = None
        self.checked: Checked | None = None
        self.shown_at = time.monotonic()
        self._counts_len = -1
        self._breadcrumb: str | None = None  # what the top line shows, left
        self._prepare_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Static(id="breadcrumb", markup=False)
            yield Static(id="remaining", markup=False)
        with ContentSwitcher(initial="card-view", id="review-body"):
            yield CardView(id="card-view")  # the diagram quiz joins it (_mount_quiz)
        yield PromptOrGrades(id="grade-bar")  # the prompt, or the grades once revealed
        yield QuietFooter()

    async def on_mount(self) -> None:
        self.session = self.collection.study(self.deck)
        if (first := self.session.current()) is not None and _needs_quiz(first):
            await self._mount_quiz()
        self.show_current()

    # -- display ----------------------------------------------------------------------------
    def show_current(self) -> None:
        """Show the card the session puts next (front side), or the end of the session."""
        assert self.session is not None
        self.card = self.session.current()
        if self.card is not None and _needs_quiz(self.card) and not self._quiz:
            self.card = None  # shown once the quiz is there
            self._wait_for(self._mount_quiz, self.show_current)
            return
        self.revealed = False
        self.loaded = None
        self.checked = None
        self.shown_at = time.monotonic()
        self.refresh_bindings()  # "Show answer" comes back to the footer
        self._show_remaining()
        card = self.card
        if card is None:
            self._show_done()
            return
        # Fixed-size regions: their text is replaced in place, without a layout pass.
        self._show_breadcrumb(card_text.breadcrumb(card))
        if card_text.is_diagram(card):
            try:
                self.loaded = self.collection.load_quiz(card)
            except BlueprintError as exc:
                self.notify(str(exc), severity="warning")
        if self.loaded is not None:
            from app.core.diagram_quiz import draw

            self._switch("diagram-quiz")
            quiz = self._quiz_widget()
            loaded, width = self.loaded, self._width()
            quiz.ask(card.front, lambda rows: draw(loaded, revealed=False, width=width,
                                                   height=rows), loaded.choices)
            self._prompt(quiz_prompt(self.loaded))
        elif is_numeric(card):  # a typed estimate, graded by its tolerance
            self._switch("diagram-quiz")
            self._quiz_widget().ask(card_text.front_markdown(card), Text(""), ())
            self._prompt("Type a number with its unit (e.g. 40 ms) and press Enter · "
                         "Esc: leave the box (then u undo, e edit, s suspend, b bury)")
        else:
            self._switch("card-view")
            self.query_one(CardView).show(card_text.front_markdown(card), None)
            self._prompt("Space / Enter: show answer · e: edit · s: suspend · b: bury")
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        # while the front is read, once it is on screen (a quick reveal renders the back itself)
        self.call_after_refresh(self._prepare_back_soon)

    def _prepare_back_soon(self) -> None:
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(0.2, self._prepare_back)

    def _prepare_back(self) -> None:
        if self.card is not None and not self.revealed and self.loaded is None:
            self.query_one(CardView).prepare(card_text.back_markdown(self.card))
        if self.session is not None:  # the reveal's intervals need it: built while the front
            self.session.scheduler  # noqa: B018  is read (the first time: fsrs is imported)
            self._freeze_once()

    def _prepare_next(self) -> None:
        """While the answer is read: render the likely next card, so grading only swaps its
        lines in (a wrong guess costs one render at the grade, as without it)."""
        if self.session is None or self.card is None or not self.revealed:
            return
        following = self.session.upcoming(self.card.id)
        if following is not None and _needs_quiz(following):
            self.call_next(self._mount_quiz)  # its first one: mounted while this answer is read
        elif following is not None:
            self.query_one(CardView).prepare(card_text.front_markdown(following))

    def _show_done(self) -> None:
        assert self.session is not None
        self._switch("card-view")
        self._show_breadcrumb(self.deck or "All decks", layout=True)
        later = self.session.next_learning_due()
        message = "## Done for now\n\nNo more cards are due in this deck today."
        if later is not None:
            message += f"\n\nA learning card comes back at {later.astimezone():%H:%M}."
        self.query_one(CardView).show_message(message)
        self._prompt("Esc: decks · u: undo the last grade")

    def _show_breadcrumb(self, text: str, *, layout: bool = False) -> None:
        """The top line's left part: repainted in place, and only when it changed (the next
        card's breadcrumb is often the same)."""
        if text != self._breadcrumb:
            self.query_one("#breadcrumb", Static).update(text, layout=layout)
            self._breadcrumb = text

    def _show_remaining(self) -> None:
        assert self.session is not None
        left = self.session.remaining()
        text = Text.assemble(("New ", "dim"), (str(left.new), "bold blue"),
                             ("  Learning ", "dim"), (str(left.learning), "bold red"),
                             ("  Review ", "dim"), (str(left.review), "bold green"),
                             ("  · done ", "dim"), (str(self.session.reviewed), "bold"))
        # Same width as before (the usual case): repainted in place, no layout pass
        self.query_one("#remaining", Static).update(text, layout=text.cell_len != self._counts_len)
        self._counts_len = text.cell_len

    def _prompt(self, text: str) -> None:
        """The prompt in the grade bar's rows (one widget draws either: no layout)."""
        self.query_one(PromptOrGrades).show_prompt(text)

    @property
    def grades_shown(self) -> bool:
        return self.query_one(PromptOrGrades).grades_shown

    def _switch(self, which: str) -> None:
        self.query_one(ContentSwitcher).current = which

    def _width(self) -> int:
        return max(40, self.size.width - 4)

    def _show_grades(self, suggested: Rating | None) -> None:
        assert self.session is not None and self.card is not None
        bar = self.query_one(PromptOrGrades)
        bar.show_intervals(self.session.intervals(self.card), suggested)
        self.refresh_bindings()  # "Show answer" leaves the footer once the answer shows

    # -- actions ----------------------------------------------------------------------------
    def action_reveal(self) -> None:
        """Show the answer (for a diagram card: check what was typed so far)."""
        if self.card is None or self.revealed:
            return
        self._hold_collector()  # until the answer is drawn (review_parts.py)
        if self.loaded is not None or is_numeric(self.card):
            self._check(self._quiz_widget().answer_text)
            return
        self.revealed = True
        self.query_one(CardView).show(card_text.front_markdown(self.card),
                                      card_text.back_markdown(self.card))
        self._show_grades(None)
        self.call_after_refresh(self._prepare_next)

    def action_accept(self) -> None:
        """Enter: reveal, then accept the suggested grade (Good for plain cards)."""
        if self.card is None:
            return
        if not self.revealed:
            self.action_reveal()
            return
        self.action_grade(int(self.checked.suggested if self.checked else Rating.GOOD))

    def action_grade(self, rating: int) -> None:
        if self.card is None or self.session is None:
            return
        if self.loaded is not None and not self.revealed and self.loaded.choices:
            if rating <= len(self.loaded.choices):  # digits pick a stage before the check
                self._check(self.loaded.choices[rating - 1])
            return
        if not self.revealed:
            return
        self._hold_collector()  # until the next card is drawn (review_parts.py)
        try:
            self.session.grade(Rating(rating), self.card)
        except BlueprintError as exc:  # busy or full collection: the card stays on screen
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.show_current()
        self._checkpoint_later()  # once grades pause (review_parts.py)

    def action_choose(self, number: int) -> None:
        """Keys 5-9 pick a choice (1-4 do too, through action_grade, before the check)."""
        if self.loaded is not None and not self.revealed and number <= len(self.loaded.choices):
            self._check(self.loaded.choices[number - 1])

    def action_scroll_drawing(self, direction: int) -> None:
        """PageUp/PageDown scroll the diagram (or the card) whatever has focus."""
        box = (self.query_one("#quiz-drawing-box") if self.loaded is not None
               else self.query_one(CardView))
        if direction > 0:
            box.scroll_page_down(animate=False)
        else:
            box.scroll_page_up(animate=False)

    def _typing(self) -> bool:
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows the keys that work now: none a focused answer box would swallow."""
        if action in ("undo", "edit", "suspend", "bury") and self._typing():
            return False
        if action in ("edit", "suspend", "bury") and self.card is None:
            return False
        if action == "reveal" and self.card is None:
            return False
        if action == "reveal" and self.revealed:
            return None  # shown dimmed: the footer updates the key's state in place, no rebuild
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_undo_anywhere(self) -> None:
        """ctrl+z: undo even while the answer box has focus (it cannot be typed)."""
        self.action_undo()

    def action_undo(self) -> None:
        if self.session is None or not self.session.can_undo():
            self.notify("Nothing to undo", severity="warning")
            return
        try:
            kind, card = self.session.undo_last()
        except StoreError as exc:  # busy or full collection: still undoable, press u again
            self.notify(str(exc), title="Not undone", severity="error", timeout=10)
            return
        except BlueprintError as exc:  # an edit: not undone, and said so
            self.notify(str(exc), title="Undo", severity="warning")
            return
        self.notify(f"Undid the last {kind} ({card.front[:40]})")
        self.show_current()

    def action_suspend(self) -> None:
        if self.card is None or self.session is None:
            return
        try:
            self.session.suspend(self.card)
        except BlueprintError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.notify("Card suspended: find it in Browse to unsuspend")
        self.show_current()

    def action_bury(self) -> None:
        if self.card is None or self.session is None:
            return
        try:
            self.session.bury(self.card)
        except BlueprintError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.notify("Card buried until tomorrow")
        self.show_current()

    def action_edit(self) -> None:
        """Open $EDITOR at the card's file:line, then re-import that file."""
        if self.card is None:
            return
        from app.tui.editor import edit_card

        if edit_card(self.app, self.collection, self.card) is None:
            return
        if self.session is not None:
            self.session.note_edit(self.card)
        self._refresh_after_edit()

    def _refresh_after_edit(self) -> None:
        assert self.session is not None and self.card is not None
        if self.collection.card(self.card.id).retired:
            self.session.bury(self.card, undoable=False)  # gone from the notes: out of session
        self.show_current()

    def action_leave(self) -> None:
        if self._typing():  # Escape first leaves the answer box, so the review keys work
            self.set_focus(None)
            self.refresh_bindings()
            return
        from app.tui.screens.decks import DecksScreen

        if self.app.screen_stack[0] is not self:
            self.dismiss(None)
        else:  # opened straight into review, the first screen: the deck list goes over it
            self.app.push_screen(DecksScreen(self.collection))

    # -- the diagram quiz -------------------------------------------------------------------
    @on(GradeBar.Graded)
    def _clicked(self, event: GradeBar.Graded) -> None:
        """A click on a grade choice grades as its number key does."""
        self.action_grade(int(event.rating))

    def on_diagram_quiz_answered(self, event: DiagramQuiz.Answered) -> None:
        self._check(event.text)

    def _check(self, given: str) -> None:
        from app.core.diagram_quiz import check, draw

        if self.card is None or self.revealed or (self.loaded is None and
                                                  not is_numeric(self.card)):
            return
        try:
            self.checked = (check(self.loaded, given, time.monotonic() - self.shown_at)
                            if self.loaded is not None else check_numeric(self.card, given))
        except BlueprintError as exc:
            self.notify(str(exc), severity="error")
            return
        self.revealed = True
        loaded, width = self.loaded, self._width()
        drawing = (Text("") if loaded is None else  # the rebuild's back marks the given arrows
                   lambda rows: draw(loaded, revealed=True, width=width, height=rows, given=given))
        self._quiz_widget().show_verdict(drawing, verdict_line(self.checked, given))
        self.set_focus(None)
        self._show_grades(self.checked.suggested)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for title, action in (("Show answer", self.action_reveal), ("Undo", self.action_undo),
                              ("Edit the card's note", self.action_edit),
                              ("Suspend card", self.action_suspend),
                              ("Bury card", self.action_bury)):
            yield SystemCommand(title, "Review", action)
        for rating in Rating:
            yield SystemCommand(f"Grade {rating.name.title()}", "Review",
                                lambda r=int(rating): self.action_grade(r))


def _needs_quiz(card: CardRow) -> bool:  # a diagram quiz, or a typed number
    return card_text.is_diagram(card) or is_numeric(card)
