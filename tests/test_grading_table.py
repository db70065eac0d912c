"""Grading typed diagram answers, row by row: one differing content word is a wrong answer, a
typo is a near miss (never "right"), aliases are right, numbers are graded by tolerance."""

from __future__ import annotations

import pytest

from diagrams import Diagram, QuizCard, check_answer, parse_block, quiz_cards
from diagrams.answers import EASY, EASY_SECONDS, GOOD, HARD

GRADING = """\
%% id: grading
%% budget: 120 ms
%% aliases: UT = query tower; OS = feature store, online feature store
flowchart LR
  Q[Query] --> UT[User tower<br/>4 ms]
  UT --> OS[Online store lookup<br/>6 ms]
  OS --> LR[Light ranker<br/>10 ms]
  LR --> HR[Heavy ranker<br/>40 ms]
  HR --> F[Filtering<br/>2 ms]
  F --> R[Response]
  IT[Item tower] -.-> OS
"""


def family() -> dict[str, QuizCard]:
    diagram, problems = parse_block(GRADING, "mermaid", first_line=1, default_id="g")
    assert isinstance(diagram, Diagram) and problems == []
    return {card.key: card for card in quiz_cards(diagram)}


# (card key, typed answer, verdict)
TABLE = [
    # names: one differing content word flips the verdict
    ("node:OS", "Online store lookup", "right"),
    ("node:OS", "online store lookup", "right"),
    ("node:OS", "offline store lookup", "wrong"),
    ("node:OS", "the online-store lookup!", "right"),
    ("node:OS", "online store lookups", "right"),
    ("node:OS", "onlin store lookup", "near"),
    ("node:OS", "online stroe lookup", "near"),
    ("node:OS", "store lookup", "near"),
    ("node:OS", "lookup", "wrong"),
    ("node:OS", "online store lookup service", "right"),
    ("node:OS", "feature store", "right"),
    ("node:OS", "Online feature store", "right"),
    ("node:OS", "offline feature store", "wrong"),
    ("node:OS", "", "wrong"),
    ("node:HR", "Heavy ranker", "right"),
    ("node:HR", "heavy-ranker", "right"),
    ("node:HR", "heavyranker", "right"),
    ("node:HR", "light ranker", "wrong"),
    ("node:HR", "heavy rankr", "near"),
    ("node:HR", "ranker", "near"),
    ("node:HR", "heavy ranker model", "near"),
    ("node:LR", "light ranker", "right"),
    ("node:LR", "lite ranker", "wrong"),
    ("node:UT", "user tower", "right"),
    ("node:UT", "item tower", "wrong"),
    ("node:UT", "query tower", "right"),
    ("node:UT", "usr tower", "near"),
    ("node:IT", "item tower", "right"),
    ("node:IT", "user tower", "wrong"),
    ("node:F", "Filtering", "right"),
    ("node:F", "ufiltering", "near"),
    ("node:F", "filtring", "near"),
    ("node:F", "ranking", "wrong"),
    ("after:LR", "heavy ranker", "right"),
    ("after:LR", "light ranker", "wrong"),
    ("before:HR", "Light ranker", "right"),
    # bottleneck: a choice number or a name
    ("bottleneck", "4", "right"),
    ("bottleneck", "Heavy ranker", "right"),
    ("bottleneck", "1", "wrong"),
    # durations: units, no unit (ms), tolerance 10% (at least 1 ms), near within a factor 2
    ("stage-latency:HR", "40 ms", "right"),
    ("stage-latency:HR", "40", "right"),
    ("stage-latency:HR", "0.04 s", "right"),
    ("stage-latency:HR", "~42ms", "right"),
    ("stage-latency:HR", "40000 us", "right"),
    ("stage-latency:HR", "50 ms", "near"),
    ("stage-latency:HR", "25 ms", "near"),
    ("stage-latency:HR", "100 ms", "wrong"),
    ("stage-latency:HR", "4 s", "wrong"),
    ("stage-latency:HR", "forty", "wrong"),
    ("stage-latency:HR", "40 milliseconds", "right"),
    ("stage-latency:HR", "40 MB", "wrong"),  # a size, not a duration
    ("stage-latency:UT", "5 ms", "right"),
    ("stage-latency:UT", "7 ms", "near"),
    ("latency", "62 ms", "right"),
    ("latency", "0.062 s", "right"),
    ("latency", "70 ms", "near"),
    ("latency", "200 ms", "wrong"),
    # what-if: the heavy ranker doubles to 80 ms, the path takes 102 ms of 120 ms
    ("whatif:HR", "fits by 18 ms", "right"),
    ("whatif:HR", "yes, 18ms to spare", "right"),
    ("whatif:HR", "fits by 30 ms", "near"),
    ("whatif:HR", "fits", "near"),
    ("whatif:HR", "misses by 18 ms", "wrong"),
    ("whatif:HR", "18 ms", "wrong"),
]


@pytest.mark.parametrize(("key", "given", "verdict"), TABLE)
def test_grading_table(key: str, given: str, verdict: str) -> None:
    card = family()[key]
    result = check_answer(card, given)
    assert result.status == verdict, (key, given, result)
    assert result.correct == (verdict == "right")
    assert 0.0 <= result.score <= 1.0


def test_table_is_long_enough() -> None:
    assert len(TABLE) >= 40


def test_easy_only_when_right_and_fast() -> None:
    card = family()["node:HR"]
    assert check_answer(card, "heavy ranker").suggested_rating == GOOD  # no time: Good
    assert check_answer(card, "heavy ranker", seconds=2.0).suggested_rating == EASY
    slow = EASY_SECONDS["name"] + 1
    assert check_answer(card, "heavy ranker", seconds=slow).suggested_rating == GOOD
    assert check_answer(card, "heavy rankr", seconds=1.0).suggested_rating == HARD
    assert check_answer(card, "light ranker", seconds=1.0).suggested_rating == 1
