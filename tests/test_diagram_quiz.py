"""Quiz card families from diagrams, their stable keys, and answer checking."""

from __future__ import annotations

import pytest

from diagrams import Diagram, QuizCard, check_answer, parse_block, quiz_cards
from tests.test_diagram_analysis import FORMAT_SAMPLE


def parse(source: str) -> Diagram:
    diagram, problems = parse_block(source, "mermaid", first_line=1, default_id="note-1")
    assert diagram is not None and problems == []
    return diagram


def cards(source: str) -> dict[str, QuizCard]:
    return {card.key: card for card in quiz_cards(parse(source))}


def test_format_sample_card_family() -> None:
    family = cards(FORMAT_SAMPLE)
    node_keys = [key for key in family if key.startswith("node:")]
    assert node_keys == ["node:CG", "node:FS", "node:RK", "node:AU", "node:LOG", "node:TR"]
    assert family["node:FS"].blank == "FS"
    assert family["node:FS"].answers == ("Feature lookup", "feature store", "online feature store")
    assert family["node:FS"].kind == "diagram-node"
    assert family["node:FS"].card_id == "sample-ads-serving:node:FS"
    assert family["after:FS"].answers == ("Ranking model",)
    assert family["before:RK"].back == "Feature lookup"  # the offline TR -.-> RK does not count
    assert "after:AU" not in family  # its answer, RESP, is skipped
    assert family["bottleneck"].answers == ("Ranking model",)
    assert family["bottleneck"].choices == (
        "Candidate generation", "Feature lookup", "Ranking model", "Auction"
    )
    assert family["latency"].answers == ("70 ms",)
    assert "slack 30 ms" in family["latency"].back
    assert all(card.blank is None for key, card in family.items() if not key.startswith("node:"))


def test_branching_node_gets_no_after_card() -> None:
    family = cards("flowchart LR\n  a --> b\n  a --> c\n  b --> d\n  c --> d")
    assert "after:a" not in family and "before:d" not in family
    assert family["after:b"].answers == ("d",) and family["before:b"].answers == ("a",)
    assert "bottleneck" not in family and "latency" not in family  # no latencies


def test_keys_survive_relabelling() -> None:
    before = cards("%% id: x\nflowchart LR\n  a[Old name 5 ms] --> b[Model 9 ms]")
    after = cards("%% id: x\nflowchart LR\n  a[New name 5 ms] --> b[Model 9 ms]")
    assert [c.card_id for c in before.values()] == [c.card_id for c in after.values()]
    assert after["node:a"].answers == ("New name",)


def test_default_id_is_used_without_metadata() -> None:
    assert cards("flowchart LR\n  a --> b")["node:a"].card_id == "note-1:node:a"


def test_subgraph_stand_in_gets_no_card() -> None:
    family = cards("flowchart LR\n  subgraph s [Serving]\n    a\n  end\n  b --> s")
    assert "node:s" not in family and "node:a" in family


def test_cards_are_frozen() -> None:
    card = cards("flowchart LR\n  a --> b")["node:a"]
    with pytest.raises(AttributeError):
        card.key = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("given", "correct", "rating"),
    [("Feature lookup", True, 4), ("feature store", True, 4), ("Online Feature Store", True, 4),
     ("the feature-store!", True, 4), ("feture lookup", True, 3), ("featur stor", True, 3), ("feat store", True, 2),
     ("ranking model", False, 1), ("", False, 1)],
)
def test_name_answers_with_aliases(given: str, correct: bool, rating: int) -> None:
    verdict = check_answer(cards(FORMAT_SAMPLE)["node:FS"], given)
    assert (verdict.correct, verdict.suggested_rating) == (correct, rating)
    assert verdict.expected == "Feature lookup"
    assert 0.0 <= verdict.score <= 1.0


@pytest.mark.parametrize(
    ("given", "correct", "rating"),
    [("70 ms", True, 4), ("70", True, 4), ("70ms", True, 4), ("0.07 s", True, 4),
     ("70000 us", True, 4), ("~70 ms", True, 4), ("74 ms", True, 3), ("66ms", True, 3),
     ("79 ms", True, 2), ("85 ms", False, 1), ("7 s", False, 1), ("fast", False, 1)],
)
def test_latency_answers_with_units_and_tolerance(given: str, correct: bool, rating: int) -> None:
    verdict = check_answer(cards(FORMAT_SAMPLE)["latency"], given)
    assert (verdict.correct, verdict.suggested_rating, verdict.expected) == (
        correct, rating, "70 ms"
    )


def test_bottleneck_by_name_or_choice_number() -> None:
    card = cards(FORMAT_SAMPLE)["bottleneck"]
    assert check_answer(card, "ranking model").correct
    assert check_answer(card, "3").correct  # the third choice is Ranking model
    assert not check_answer(card, "1").correct
