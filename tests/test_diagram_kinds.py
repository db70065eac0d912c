"""The kinds that need the architecture, on a diagram with parallel branches (the known answers
of examples/branching-sample.md): critical branch and slack, path order, rebuild, what-if."""

from __future__ import annotations

import re
from pathlib import Path

from diagrams import Diagram, QuizCard, check_answer, parse_block, quiz_cards
from diagrams.analysis import online_graph
from diagrams.answers_structured import kendall_score
from diagrams.branches import what_if

SAMPLE = Path(__file__).parent / "data" / "branching-sample.md"


def diagram(source: str | None = None) -> Diagram:
    if source is None:
        text = SAMPLE.read_text(encoding="utf-8")
        match = re.search(r"```mermaid\n(.*?)```", text, re.S)
        assert match is not None
        source = match.group(1)
    parsed, problems = parse_block(source, "mermaid", first_line=1, default_id="d")
    assert parsed is not None and problems == []
    return parsed


def family(source: str | None = None) -> dict[str, QuizCard]:
    return {card.key: card for card in quiz_cards(diagram(source))}


def test_after_and_before_cards_only_where_unique() -> None:
    keys = set(family())
    assert {k for k in keys if k.startswith("after:")} == {
        "after:CG1", "after:CG2", "after:UF", "after:MG", "after:RK"}
    assert {k for k in keys if k.startswith("before:")} == {"before:RR", "before:RESP"}
    cards = family()
    assert cards["after:CG1"].answers == ("Merge and dedupe",)
    assert cards["after:UF"].answers == ("Ranker",) and cards["after:RK"].answers == ("Re-ranker",)
    assert cards["before:RR"].answers == ("Ranker",) and cards["before:RESP"].blank == "RR"


def test_critical_branch_and_slack() -> None:
    cards = family()
    branch = cards["branch:RK"]
    assert branch.kind == "diagram-branch" and branch.front_view.hide_latencies
    assert branch.answers[0] == "Two-tower retrieval → Merge and dedupe"
    assert set(branch.choices) == {"Two-tower retrieval → Merge and dedupe", "User feature fetch"}
    assert check_answer(branch, "user feature fetch").status == "wrong"
    number = branch.choices.index(branch.answers[0]) + 1
    assert check_answer(branch, str(number)).correct
    assert "23 ms" in branch.back and "11 ms of slack" in branch.back
    assert cards["slack:RK:UF"].answers == ("11 ms",)
    assert check_answer(cards["slack:RK:UF"], "11").correct
    assert cards["branch:MG"].answers[0] == "Two-tower retrieval"
    assert cards["slack:MG:CG2"].answers == ("15 ms",)


def test_no_branch_card_when_branches_tie() -> None:
    cards = family("flowchart LR\n  A --> B[B 5 ms]\n  A --> C[C 5 ms]\n  B --> D\n  C --> D")
    assert not any(key.startswith(("branch:", "slack:")) for key in cards)


def test_budget_what_if() -> None:
    card = family()["whatif:RK"]
    assert card.answers == ("+29 ms",) and "121 ms" in card.back
    assert card.front_view.hide_latencies and "45" not in card.front
    assert check_answer(card, "fits by 29 ms").correct
    assert check_answer(card, "misses by 29 ms").status == "wrong"
    d = diagram()
    total, path = what_if(d, online_graph(d), "CG1", 80.0)
    assert total == 136.0 and path[:3] == ["REQ", "CG1", "MG"]


def test_what_if_that_misses_the_budget() -> None:
    cards = family("%% budget: 50 ms\nflowchart LR\n  A[A 10 ms] --> B[B 30 ms] --> C[C 5 ms]")
    card = cards["whatif:B"]
    assert card.answers == ("-25 ms",)  # 10 + 60 + 5 = 75 ms, 25 over
    assert check_answer(card, "misses by 25 ms").correct
    assert check_answer(card, "fits by 25 ms").status == "wrong"
    assert check_answer(card, "no, 30 ms over").status == "near"


def test_path_order_scored_by_kendall_distance() -> None:
    card = family()["order"]
    assert card.front_view.hide_edges
    truth = ["Two-tower retrieval", "Merge and dedupe", "Ranker", "Re-ranker"]
    assert sorted(card.items) == sorted(truth)
    right = " ".join(str(card.items.index(name) + 1) for name in truth)
    assert card.answers == (right,)
    assert check_answer(card, right).correct
    assert check_answer(card, ", ".join(truth)).correct  # names work too
    swapped = [truth[0], truth[1], truth[3], truth[2]]  # one adjacent pair out: 5 of 6 pairs
    verdict = check_answer(card, " ".join(str(card.items.index(n) + 1) for n in swapped))
    assert verdict.status == "near" and abs(verdict.score - 5 / 6) < 1e-9
    backwards = " ".join(str(card.items.index(n) + 1) for n in reversed(truth))
    assert check_answer(card, backwards).status == "wrong"
    assert check_answer(card, "1 2").status == "wrong"  # not every stage
    assert kendall_score([0, 1, 2], [0, 1, 2]) == 1.0 and kendall_score([2, 1, 0], [0, 1, 2]) == 0


def test_rebuild_graded_by_edge_precision_and_recall() -> None:
    card = family()["rebuild"]
    assert card.front_view.hide_edges and len(card.answers) == 12 and len(card.items) == 10

    def edges(pairs: list[tuple[str, str]]) -> str:
        return ", ".join(f"{a} > {b}" for a, b in pairs)

    truth = [(card.items[int(a) - 1], card.items[int(b) - 1])
             for a, b in (edge.split(">") for edge in card.answers)]
    assert check_answer(card, edges(truth)).correct
    as_numbers = ", ".join(f"{a}>{b}" for a, b in (e.split(">") for e in card.answers))
    assert check_answer(card, as_numbers).correct
    most = check_answer(card, edges(truth[:10]))  # recall 10/12, precision 1
    assert most.status == "near" and "missed:" in most.detail
    wrong = check_answer(card, edges(truth[:10] + [("Ranker", "Home feed request")]))
    assert "wrong: Ranker > Home feed request" in wrong.detail
    assert check_answer(card, edges(truth[:3])).status == "wrong"
    assert check_answer(card, "Home feed request > Two tower retreival").status == "wrong"


def test_words_fit_the_diagram() -> None:
    plain = family("flowchart LR\n  A[Load] --> B[Clean] --> C[Train] --> D[Publish]")
    assert plain["after:A"].front.startswith("In the flow") and "online" not in plain["after:A"].front
    assert "online path" in family()["after:CG1"].front


def test_annotations_and_shared_labels_get_no_stage_cards() -> None:
    cards = family(
        "flowchart LR\n  A[Request] --> M1[Model] --> B[Merge]\n  A --> M2[Model] --> B\n"
        "  B --> C[Serve]\n  N[< 100ms latency]\n  C --> H[Hours to complete]")
    assert "node:N" not in cards and "node:H" not in cards
    assert not any(key in cards for key in ("after:M1", "after:M2", "before:B"))
    assert "after:C" not in cards  # its only successor is an annotation
    assert cards["before:C"].answers == ("Merge",)
