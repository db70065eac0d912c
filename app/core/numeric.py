"""Numeric cards: a typed number graded against the card's answer with its tolerance and units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import BlueprintError
from app.core.scheduler import Rating
from app.core.store import CardRow

if TYPE_CHECKING:
    from app.core.diagram_quiz import Checked
    from diagrams.quantity import Quantity


def is_numeric(card: CardRow) -> bool:
    return card.kind == "numeric"


def expected_quantity(card: CardRow) -> Quantity:
    """The card's answer as a quantity; a numeric card whose answer no longer parses is an error."""
    # Imported here: `diagrams` brings networkx, which a review of plain cards never needs.
    from diagrams.quantity import parse_quantity

    quantity = parse_quantity(card.back)
    if quantity is None:
        raise BlueprintError(f"the answer {card.back!r} of this numeric card is not a number",
                             f"run 'blueprint check {card.source_path}' and re-import")
    return quantity


def check_numeric(card: CardRow, given: str) -> Checked:
    """Grade what was typed: within the tolerance Good, within a factor of 2 Hard, else Again."""
    from app.core.diagram_quiz import Checked
    from diagrams.quantity import grade

    expected = expected_quantity(card)
    verdict = grade(expected, given)
    score = 0.0
    if verdict.given is not None and verdict.given.dimension == expected.dimension:
        a, b = verdict.given.value, expected.value
        score = 1.0 if verdict.rating == Rating.GOOD else (min(a, b) / max(a, b) if a > 0 else 0.0)
    return Checked(verdict.within and verdict.rating == Rating.GOOD, score,
                   f"{verdict.expected} ({verdict.reason})" if given.strip() else verdict.expected,
                   Rating(verdict.rating))
