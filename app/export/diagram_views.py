"""What a diagram card's Anki note shows: the same front and back views as the terminal (the
quiz card's own rule), the answer to type, and the choices of a pick-one card."""

from __future__ import annotations

from diagrams import quiz_cards
from diagrams.model import Diagram
from diagrams.quiz_common import QuizCard
from diagrams.view import View

_FAMILIES: dict[int, tuple[Diagram, dict[str, QuizCard]]] = {}


def quiz_card(diagram: Diagram, key: str | None) -> QuizCard | None:
    """The quiz card `key` of `diagram` (the family is made once per diagram object)."""
    cached = _FAMILIES.get(id(diagram))
    if cached is None or cached[0] is not diagram:
        cached = (diagram, {card.key: card for card in quiz_cards(diagram)})
        _FAMILIES[id(diagram)] = cached
    return cached[1].get(key or "")


def views(diagram: Diagram, key: str | None, blank: str | None) -> tuple[View | None, View]:
    """(front image view or None for no front image, back image view)."""
    quiz = quiz_card(diagram, key)
    if quiz is None:  # a card the diagram no longer asks: show only what a node card may
        return (View.of(blank=blank) if blank else None), View.of(highlight=blank)
    front = None if quiz.front_view.hide_edges else quiz.front_view
    return front, quiz.back_view


def typed_answer(diagram: Diagram, key: str | None) -> str:
    """What the learner types in Anki's type-in box: the name, the number or the order."""
    quiz = quiz_card(diagram, key)
    if quiz is None or not quiz.answers or quiz.kind == "diagram-rebuild":
        return ""  # a list of edges is graded by precision and recall, not character by character
    if quiz.kind == "diagram-whatif":
        text = quiz.answers[0]
        return ("fits by " if not text.startswith("-") else "misses by ") + text.lstrip("+-")
    return quiz.answers[0]


def choices_text(diagram: Diagram, key: str | None) -> str:
    """A pick-one card's choices as a Markdown list ("" for other kinds)."""
    quiz = quiz_card(diagram, key)
    if quiz is None or not quiz.choices:
        return ""
    return "\n\n" + "\n".join(f"{n}. {choice}" for n, choice in enumerate(quiz.choices, 1))
