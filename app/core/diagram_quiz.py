"""The diagram behind a diagram card, and grading a typed answer into a suggested rating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import BlueprintError
from app.core.scheduler import Rating
from app.core.store import CardRow, Store


@dataclass(frozen=True)
class LoadedQuiz:
    """A diagram card with what the quiz needs: the parsed diagram and its quiz card."""

    card: CardRow
    diagram: Any  # diagrams.model.Diagram
    quiz: Any  # diagrams.quiz.QuizCard

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.quiz.choices)

    @property
    def blank(self) -> str | None:
        return self.quiz.blank


@dataclass(frozen=True)
class Checked:
    """The verdict on a typed answer, as the quiz screen shows it."""

    correct: bool
    score: float
    expected: str
    suggested: Rating


def load_quiz(store: Store, card: CardRow) -> LoadedQuiz:
    """Parse the card's stored diagram and find its quiz card by key."""
    import diagrams

    row = store.conn.execute("SELECT lang, source, line FROM diagrams WHERE id = ?",
                             (card.diagram_id,)).fetchone()
    if row is None:
        raise BlueprintError(f"the diagram {card.diagram_id!r} of this card is not stored",
                             "re-import the note that holds it")
    diagram, _diagnostics = diagrams.parse_block(row["source"], row["lang"],
                                                 first_line=row["line"],
                                                 default_id=card.diagram_id or "")
    if diagram is None:
        raise BlueprintError(f"the diagram {card.diagram_id!r} no longer parses",
                             f"run 'blueprint check {card.source_path}'")
    for quiz in diagrams.quiz_cards(diagram):
        if quiz.key == card.diagram_key:
            return LoadedQuiz(card, diagram, quiz)
    raise BlueprintError(f"the diagram {card.diagram_id!r} has no question {card.diagram_key!r}",
                         "re-import the note: the diagram changed")


def check(loaded: LoadedQuiz, given: str) -> Checked:
    import diagrams

    verdict = diagrams.check_answer(loaded.quiz, given)
    return Checked(bool(verdict.correct), float(verdict.score), str(verdict.expected),
                   Rating(int(verdict.suggested_rating)))


def draw(loaded: LoadedQuiz, *, revealed: bool, width: int) -> Any:
    """The terminal drawing: the blank shown as "?" until revealed, then highlighted."""
    from diagrams.terminal import draw as draw_diagram

    blank = loaded.blank
    if revealed:
        return draw_diagram(loaded.diagram, highlight=blank, width=width)
    return draw_diagram(loaded.diagram, blank=blank, width=width)
