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
    # an after/before card blanks the stage it asks for; latency kinds hide every figure
    assert family["after:FS"].blank == "RK" and family["before:RK"].blank == "FS"
    assert family["bottleneck"].front_view.hide_latencies and family["bottleneck"].blank is None


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


def test_bottleneck_by_name_or_choice_number() -> None:
    card = cards(FORMAT_SAMPLE)["bottleneck"]
    assert check_answer(card, "ranking model").correct
    assert check_answer(card, "3").correct  # the third choice is Ranking model
    assert not check_answer(card, "1").correct
