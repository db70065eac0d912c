"""The diagram quiz: the drawing with its blank, the question, an answer box or stage choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static

# A drawing, or a function drawing it in at most so many rows (None: as many as it needs).
Drawing = Text | Callable[[int | None], Text]


class DiagramQuiz(Vertical):
    """Shows one diagram question; posts `Answered` with what the user typed or picked.

    A drawing given as a function is drawn for the rows the drawing area had, then, once laid
    out, drawn again for the rows it has now if it came out taller (the answer shown, say).
    """

    _redraw: Callable[[int | None], Text] | None = None
    _drawn_rows = 0
    _fitted_to: int | None = None

    @dataclass
    class Answered(Message):
        text: str

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-question", markup=False)
        with VerticalScroll(id="quiz-drawing-box"):
            yield Static(id="quiz-drawing", markup=False)
        yield OptionList(id="quiz-choices", markup=False)
        yield Input(placeholder="Type the answer, Enter to check (empty: show it)",
                    id="quiz-answer")
        yield Static(id="quiz-verdict", markup=False)

    def ask(self, question: str, drawing: Drawing, choices: tuple[str, ...]) -> None:
        self.query_one("#quiz-question", Static).update(Text(question, style="bold"))
        self._show_drawing(drawing, 0)
        options = self.query_one("#quiz-choices", OptionList)
        options.clear_options()
        options.add_options([f"{n}. {c}" for n, c in enumerate(choices, 1)])
        options.display = bool(choices)
        options.disabled = False
        answer = self.query_one("#quiz-answer", Input)
        answer.value = ""
        answer.disabled = False
        answer.display = not choices  # a choice card has nothing to type
        verdict = self.query_one("#quiz-verdict", Static)
        verdict.update("")
        verdict.display = False
        self.query_one("#quiz-drawing-box", VerticalScroll).scroll_home(animate=False)
        (options if choices else answer).focus()

    def show_verdict(self, drawing: Drawing, verdict: Text) -> None:
        self._show_drawing(drawing, len(verdict.plain.splitlines()))
        self.query_one("#quiz-answer", Input).disabled = True
        self.query_one("#quiz-choices", OptionList).disabled = True
        box = self.query_one("#quiz-verdict", Static)
        box.update(verdict)
        box.display = True

    def _show_drawing(self, drawing: Drawing, taken: int) -> None:
        """Draw for the rows the area has less `taken` (rows about to go to the verdict)."""
        static = self.query_one("#quiz-drawing", Static)
        if not callable(drawing):
            self._redraw = None
            static.update(drawing)
            return
        rows = self.query_one("#quiz-drawing-box", VerticalScroll).size.height - taken
        self._redraw, self._fitted_to = drawing, None
        text = drawing(rows if rows > 0 else None)
        self._drawn_rows = len(text.plain.splitlines())
        static.update(text)
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        rows = self.query_one("#quiz-drawing-box", VerticalScroll).size.height
        if self._redraw is None or rows <= 0 or self._drawn_rows <= rows or rows == self._fitted_to:
            return
        self._fitted_to = rows
        text = self._redraw(rows)
        self._drawn_rows = len(text.plain.splitlines())
        self.query_one("#quiz-drawing", Static).update(text)

    def enable_choices(self) -> None:
        self.query_one("#quiz-choices", OptionList).disabled = False

    @property
    def answer_text(self) -> str:
        return self.query_one("#quiz-answer", Input).value

    @on(Input.Submitted, "#quiz-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Answered(event.value))

    @on(OptionList.OptionSelected, "#quiz-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        label = str(event.option.prompt)
        self.post_message(self.Answered(label.split(". ", 1)[1] if ". " in label else label))
