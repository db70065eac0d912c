"""The diagram quiz: the drawing with its blank, the question, an answer box or stage choices."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static


class DiagramQuiz(Vertical):
    """Shows one diagram question; posts `Answered` with what the user typed or picked."""

    @dataclass
    class Answered(Message):
        text: str

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-question")
        with VerticalScroll(id="quiz-drawing-box"):
            yield Static(id="quiz-drawing")
        yield OptionList(id="quiz-choices")
        yield Input(placeholder="Type the answer, Enter to check (empty: show it)",
                    id="quiz-answer")
        yield Static(id="quiz-verdict")

    def ask(self, question: str, drawing: Text, choices: tuple[str, ...]) -> None:
        self.query_one("#quiz-question", Static).update(Text(question, style="bold"))
        self.query_one("#quiz-drawing", Static).update(drawing)
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

    def show_verdict(self, drawing: Text, verdict: Text) -> None:
        self.query_one("#quiz-drawing", Static).update(drawing)
        self.query_one("#quiz-answer", Input).disabled = True
        self.query_one("#quiz-choices", OptionList).disabled = True
        box = self.query_one("#quiz-verdict", Static)
        box.update(verdict)
        box.display = True

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
