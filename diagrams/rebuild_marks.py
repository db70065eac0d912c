"""A rebuild card's back for one typed answer: the diagram with missed and wrong arrows marked."""

from __future__ import annotations

from dataclasses import replace

from diagrams.answers_structured import parse_edges
from diagrams.model import Diagram
from diagrams.quiz_common import QuizCard, name
from diagrams.view import View


def rebuild_view(diagram: Diagram, card: QuizCard, given: str) -> View:
    """The card's back view with `missed` (arrows of the diagram not typed) and `wrong` (typed
    arrows the diagram does not have) filled in from `given`; other cards' backs unchanged."""
    if card.kind != "diagram-rebuild" or not card.items:
        return card.back_view
    node_of = {name(diagram, node): node for node in diagram.graph.nodes}
    ids = [node_of.get(item) for item in card.items]
    truth = {(int(a) - 1, int(b) - 1) for a, b in (edge.split(">") for edge in card.answers)}
    typed, _unknown = parse_edges(card.items, given)

    def nodes(edges: set[tuple[int, int]]) -> tuple[tuple[str, str], ...]:
        pairs = ((ids[a], ids[b]) for a, b in sorted(edges))
        return tuple((u, v) for u, v in pairs if u is not None and v is not None)

    return replace(card.back_view, missed=nodes(truth - typed), wrong=nodes(typed - truth))
