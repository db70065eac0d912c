"""Grading a typed answer to a diagram card honestly: right, near miss or wrong, and a grade.

Suggested grade: Again when wrong, Hard for a near miss, Good when right, Easy only when right
and answered within the kind's time (`EASY_SECONDS`); without a time, right is Good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diagrams.answers_structured import check_order, check_rebuild
from diagrams.latency import format_ms, parse_duration
from diagrams.quantity import parse_given, parse_quantity
from diagrams.quiz import QuizCard
from diagrams.words import NEAR, RIGHT, WRONG, best, normalise

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
__all__ = ["AGAIN", "EASY", "GOOD", "HARD", "NEAR", "RIGHT", "WRONG", "Verdict", "check_answer",
           "normalise"]

# Right and this fast (seconds from the question shown to the answer sent) suggests Easy.
EASY_SECONDS = {"name": 6.0, "choice": 5.0, "number": 10.0, "order": 20.0, "rebuild": 60.0,
                "whatif": 30.0}
_DURATION_KINDS = frozenset({"diagram-latency", "diagram-stage-latency", "diagram-slack"})


@dataclass(frozen=True)
class Verdict:
    """How a typed answer compares with a card's answers, and the rating to suggest."""

    status: str  # RIGHT | NEAR | WRONG
    score: float  # 0..1
    expected: str
    suggested_rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    detail: str = ""  # what was right and wrong, for structured answers

    @property
    def correct(self) -> bool:
        return self.status == RIGHT


def latency_tolerance(expected_ms: float) -> tuple[float, float, float]:
    """(right, near-low, near-high): right within max(1 ms, 10%); a near miss within a factor 2."""
    return max(1.0, 0.1 * expected_ms), expected_ms / 2, expected_ms * 2


def answer_family(card: QuizCard) -> str:
    """Which time limit applies to `card` (a key of EASY_SECONDS)."""
    if card.kind in _DURATION_KINDS:
        return "number"
    if card.kind == "diagram-order":
        return "order"
    if card.kind == "diagram-rebuild":
        return "rebuild"
    if card.kind == "diagram-whatif":
        return "whatif"
    return "choice" if card.choices else "name"


def check_answer(card: QuizCard, given: str, seconds: float | None = None) -> Verdict:
    """Grade `given` against `card`; never raises, an unreadable answer is simply wrong.

    `seconds` is how long the learner took; Easy is suggested only when right within
    EASY_SECONDS of the card's kind.
    """
    verdict = _grade(card, given)
    rating = {WRONG: AGAIN, NEAR: HARD, RIGHT: GOOD}[verdict.status]
    limit = EASY_SECONDS[answer_family(card)]
    if verdict.status == RIGHT and seconds is not None and seconds <= limit:
        rating = EASY
    return Verdict(verdict.status, verdict.score, verdict.expected, rating, verdict.detail)


def _grade(card: QuizCard, given: str) -> Verdict:
    expected = card.answers[0] if card.answers else card.back
    if card.kind in _DURATION_KINDS:
        return check_duration(expected, given)
    if card.kind == "diagram-whatif":
        return _check_whatif(expected, given)
    if card.kind == "diagram-order":
        status, score, detail = check_order(card.items, card.answers[0], given)
        return Verdict(status, score, card.back, 0, detail)
    if card.kind == "diagram-rebuild":
        status, score, detail = check_rebuild(card.items, card.answers, given)
        return Verdict(status, score, card.back, 0, detail)
    if card.choices:
        given = _choice(card.choices, given)
    match = best(given, card.answers)
    return Verdict(match.status, match.score, expected, 0)


def _choice(choices: tuple[str, ...], given: str) -> str:
    """A bare number picks that choice (1-based), as a multiple-choice prompt invites."""
    text = given.strip().rstrip(".)")
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    return given


def check_duration(expected: str, given: str) -> Verdict:
    """A duration answer: right within max(1 ms, 10%), a near miss within a factor 2."""
    target = parse_duration(expected, default_unit="ms")
    if target is None:
        return Verdict(WRONG, 0.0, expected, 0)
    shown = format_ms(target)
    value = _typed_ms(expected, target, given)
    if isinstance(value, str):
        return Verdict(WRONG, 0.0, shown, 0, value)
    if value is None:
        detail = "not a duration: type a number, with a unit (ms, s) or without (ms)"
        return Verdict(WRONG, 0.0, shown, 0, detail if given.strip() else "")
    right, low, high = latency_tolerance(target)
    score = max(0.0, 1.0 - abs(value - target) / target) if target else float(value == 0)
    if abs(value - target) <= right:
        return Verdict(RIGHT, 1.0 if value == target else score, shown, 0)
    if low <= value <= high:
        return Verdict(NEAR, score, shown, 0, f"you said {format_ms(value)}")
    return Verdict(WRONG, score, shown, 0, f"you said {format_ms(value)}")


def _typed_ms(expected: str, target_ms: float, given: str) -> float | str | None:
    """A typed duration in ms, read by diagrams.quantity (units, `~`, scales) and, failing that,
    by the latency parser; a message when it is a quantity of another kind (a size, a rate)."""
    want = parse_quantity(expected)
    typed = parse_given(given, want) if want is not None and want.value else None
    if want is not None and typed is not None:
        if typed.dimension != want.dimension:
            return f"that is not a duration: {given.strip()}"
        return typed.value / want.value * target_ms
    return parse_duration(given, default_unit="ms")


_FITS = re.compile(r"\b(fits?|yes|spare|left|under|slack|ok|within)\b")
_MISSES = re.compile(r"\b(miss(es)?|no|over|exceeds?|late|breaks?|short)\b")


def _check_whatif(expected: str, given: str) -> Verdict:
    """`expected` is "+29 ms" (fits, 29 ms to spare) or "-12 ms" (misses by 12 ms)."""
    target_fits = not expected.strip().startswith("-")
    target = parse_duration(expected.strip().lstrip("+-"), default_unit="ms") or 0.0
    shown = (f"fits, {format_ms(target)} to spare" if target_fits
             else f"misses by {format_ms(target)}")
    text = given.strip().lower()
    said_fits = bool(_FITS.search(text)) or text.startswith("+")
    said_misses = bool(_MISSES.search(text)) or text.startswith("-")
    if said_fits == said_misses:
        return Verdict(WRONG, 0.0, shown, 0, "say whether it fits (fits / misses) and by how much")
    if said_fits != target_fits:
        return Verdict(WRONG, 0.0, shown, 0, "fits or misses: the other way round")
    number = re.search(r"\d+(?:[.,]\d+)?\s*(?:ms|s|sec|us|µs)?", text)
    if number is None:
        return Verdict(NEAR, 0.5, shown, 0, "fits or misses: right; the amount is missing")
    amount = check_duration(format_ms(target), number.group(0))
    status = RIGHT if amount.status == RIGHT else NEAR
    return Verdict(status, 0.5 + amount.score / 2, shown, 0,
                   "" if status == RIGHT else "fits or misses: right; the amount is off")
