"""The diagram behind a diagram card, and grading a typed answer into a suggested rating."""

from __future__ import annotations

import json
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
    status: str = ""  # "right" | "near" | "wrong"; empty: read it from `correct`/`suggested`
    detail: str = ""  # what was right and wrong (path order, rebuild, what-if)

    @property
    def near(self) -> bool:
        """A near miss: never shown as correct, Hard suggested."""
        if self.status:
            return self.status == "near"
        return not self.correct and self.suggested == Rating.HARD


DiagramCache = dict[tuple[str, str], Any]  # (diagram id, content hash) -> parsed Diagram


def load_quiz(store: Store, card: CardRow, cache: DiagramCache | None = None) -> LoadedQuiz:
    """The card's quiz as import stored it, and its diagram, parsed once per content (`cache`,
    kept by the Collection, holds it across the cards of a session)."""
    import diagrams

    row = store.diagram(card.diagram_id or "")
    if row is None:
        raise BlueprintError(f"the diagram {card.diagram_id!r} of this card is not stored",
                             "re-import the note that holds it")
    key = (row["id"], row["content_hash"])
    diagram = cache.get(key) if cache is not None else None
    if diagram is None:
        diagram, _diagnostics = diagrams.parse_block(row["source"], row["lang"],
                                                     first_line=row["line"],
                                                     default_id=card.diagram_id or "")
        if diagram is None:
            raise BlueprintError(f"the diagram {card.diagram_id!r} no longer parses",
                                 f"run 'blueprint check {card.source_path}'")
        if cache is not None:
            cache[key] = diagram
    if card.quiz is not None:
        from diagrams.quiz_json import quiz_from_json

        return LoadedQuiz(card, diagram, quiz_from_json(json.loads(card.quiz)))
    for quiz in diagrams.quiz_cards(diagram):  # stored before quizzes were (re-import fills it)
        if quiz.key == card.diagram_key:
            return LoadedQuiz(card, diagram, quiz)
    raise BlueprintError(f"the diagram {card.diagram_id!r} has no question {card.diagram_key!r}",
                         "re-import the note: the diagram changed")


def check(loaded: LoadedQuiz, given: str, seconds: float | None = None) -> Checked:
    """Grade `given`; `seconds` (time to answer) lets a fast right answer suggest Easy."""
    import diagrams

    verdict = diagrams.check_answer(loaded.quiz, given, seconds)
    return Checked(bool(verdict.correct), float(verdict.score), str(verdict.expected),
                   Rating(int(verdict.suggested_rating)), verdict.status, verdict.detail)


def draw(loaded: LoadedQuiz, *, revealed: bool, width: int, height: int | None = None,
         given: str | None = None) -> Any:
    """The terminal drawing under the card's front view (blank, hidden latencies or edges) until
    revealed, then under its back view (the answer highlighted, the critical path marked; for a
    rebuild answered with `given`, the arrows it missed and the wrong ones marked), in `width`
    columns and, where a packing allows, `height` rows."""
    from diagrams.terminal import draw as draw_diagram

    view = loaded.quiz.front_view
    if revealed:
        from diagrams.rebuild_marks import rebuild_view

        view = (rebuild_view(loaded.diagram, loaded.quiz, given) if given
                else loaded.quiz.back_view)
    return draw_diagram(loaded.diagram, view=view, width=width, height=height)
