"""Grading a typed answer to a diagram card: fuzzy names with aliases, durations with units."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from diagrams.latency import format_ms, parse_duration
from diagrams.quiz import QuizCard

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
# Names: a normalised exact match is Easy; a typo-level difference (similarity >= 88) Good;
# a near miss (>= 72) Hard; anything less Again.
GOOD_SIMILARITY = 88.0
HARD_SIMILARITY = 72.0
_ARTICLES = {"a", "an", "the"}


@dataclass(frozen=True)
class Verdict:
    """How a typed answer compares with a card's answers, and the rating to suggest."""

    correct: bool
    score: float  # 0..1
    expected: str
    suggested_rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy


def normalise(text: str) -> str:
    """Lower case, accents and punctuation off, articles dropped, blanks collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(word for word in words if word not in _ARTICLES)


def latency_tolerance(expected_ms: float) -> tuple[float, float, float]:
    """(exact, good, hard) tolerances in ms for an expected latency.

    Exact: within max(1 ms, 1%). Good: within max(5 ms, 10%). Hard (near miss): within
    max(10 ms, 20%). A number typed without a unit is read as milliseconds.
    """
    return max(1.0, 0.01 * expected_ms), max(5.0, 0.1 * expected_ms), max(10.0, 0.2 * expected_ms)


def check_answer(card: QuizCard, given: str) -> Verdict:
    """Grade `given` against `card`; never raises, an unreadable answer is simply wrong."""
    expected = card.answers[0] if card.answers else card.back
    if card.kind == "diagram-latency":
        return _check_latency(expected, given)
    if card.choices:
        given = _choice(card.choices, given)
    typed = normalise(given)
    if not typed:
        return Verdict(False, 0.0, expected, AGAIN)
    best = 0.0
    for answer in card.answers:
        target = normalise(answer)
        if typed == target:
            return Verdict(True, 1.0, expected, EASY)
        best = max(best, fuzz.ratio(typed, target), fuzz.token_sort_ratio(typed, target))
    if best >= GOOD_SIMILARITY:
        return Verdict(True, best / 100, expected, GOOD)
    if best >= HARD_SIMILARITY:
        return Verdict(True, best / 100, expected, HARD)
    return Verdict(False, best / 100, expected, AGAIN)


def _choice(choices: tuple[str, ...], given: str) -> str:
    """A bare number picks that choice (1-based), as a multiple-choice prompt invites."""
    text = given.strip().rstrip(".)")
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    return given


def _check_latency(expected: str, given: str) -> Verdict:
    target = parse_duration(expected, default_unit="ms")
    value = parse_duration(given, default_unit="ms")
    if target is None:
        return Verdict(False, 0.0, expected, AGAIN)
    shown = format_ms(target)
    if value is None:
        return Verdict(False, 0.0, shown, AGAIN)
    miss = abs(value - target)
    exact, good, hard = latency_tolerance(target)
    score = max(0.0, 1.0 - miss / target) if target else float(miss == 0)
    if miss <= exact:
        return Verdict(True, 1.0, shown, EASY)
    if miss <= good:
        return Verdict(True, score, shown, GOOD)
    if miss <= hard:
        return Verdict(True, score, shown, HARD)
    return Verdict(False, score, shown, AGAIN)
