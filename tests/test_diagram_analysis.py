"""Critical online path, bottleneck, end-to-end latency and slack."""

from __future__ import annotations

from diagrams import Diagram, analyse, parse_block, to_json

# The diagram of examples/format-sample.md (our own text), with its known answers.
FORMAT_SAMPLE = """%% id: sample-ads-serving
%% budget: 100 ms
%% aliases: FS = feature store, online feature store
%% skip: REQ, RESP
flowchart LR
  REQ[Ad request] --> CG[Candidate generation<br/>15 ms]
  CG --> FS[Feature lookup<br/>10 ms]
  FS --> RK[Ranking model<br/>40 ms]
  RK --> AU[Auction<br/>5 ms]
  AU --> RESP[Response]
  RESP -.-> LOG[Impression and click logs]
  LOG -.-> TR[Training pipeline]
  TR -.-> RK
"""


def parse(source: str) -> Diagram:
    diagram, problems = parse_block(source, "mermaid", first_line=3, default_id="d")
    assert diagram is not None and problems == []
    return diagram


def test_format_sample_known_answers() -> None:
    diagram = parse(FORMAT_SAMPLE)
    assert diagram.id == "sample-ads-serving"
    assert diagram.graph.number_of_nodes() == 8
    kinds = [attrs["offline"] for _, _, attrs in diagram.graph.edges(data=True)]
    assert (kinds.count(False), kinds.count(True)) == (5, 3)
    assert {n: a["latency_ms"] for n, a in diagram.graph.nodes(data=True) if a["latency_ms"]} == {
        "CG": 15.0, "FS": 10.0, "RK": 40.0, "AU": 5.0
    }
    facts = analyse(diagram)
    assert facts.critical_path == ("REQ", "CG", "FS", "RK", "AU", "RESP")
    assert (facts.total_ms, facts.slack_ms, facts.bottleneck) == (70.0, 30.0, "RK")
    assert facts.diagnostics == ()


def test_branches_pick_the_slowest_including_edge_latency() -> None:
    diagram = parse(
        "flowchart LR\n  req --> a[\"ANN retrieval (20 ms)\"] --> merge[Merge\n5 ms]\n"
        "  req --> b[Rule retrieval\n25 ms] --> merge\n  req -->|15 ms| c[Cache\n2 ms] --> merge\n"
        "  merge --> rank[Ranker\n30 ms] --> resp"
    )
    facts = analyse(diagram)
    assert facts.critical_path == ("req", "b", "merge", "rank", "resp")
    assert facts.total_ms == 60.0
    assert facts.bottleneck == "rank"


def test_edge_latency_can_decide_the_branch() -> None:
    diagram = parse(
        "flowchart LR\n  s --> a[A 10 ms] --> t\n  s -- 12 ms --> b[B 1 ms] --> t\n"
    )
    facts = analyse(diagram)
    assert (facts.critical_path, facts.total_ms, facts.bottleneck) == (("s", "b", "t"), 13.0, "b")


def test_offline_loop_is_ignored() -> None:
    diagram = parse(
        "flowchart LR\n  a[In 5 ms] --> b[Model 50 ms] --> c[Out 5 ms]\n"
        "  c -.-> d[Logs 500 ms] -.-> e[Training 9000 ms] -.-> b\n  a ~~~ e"
    )
    facts = analyse(diagram)
    assert (facts.critical_path, facts.total_ms) == (("a", "b", "c"), 60.0)


def test_online_cycle_is_a_diagnostic() -> None:
    diagram = parse("flowchart LR\n  a[A 5 ms] --> b[B 5 ms] --> a")
    facts = analyse(diagram)
    assert facts.critical_path == () and facts.total_ms is None
    assert len(facts.diagnostics) == 1
    assert facts.diagnostics[0].line == 3
    assert "cycle (a -> b -> a)" in facts.diagnostics[0].message
    assert "dotted" in facts.diagnostics[0].message


def test_over_budget_is_reported_with_negative_slack() -> None:
    facts = analyse(parse("%% budget: 50 ms\nflowchart LR\n  a[A 40 ms] --> b[B 20 ms]"))
    assert facts.slack_ms == -10.0
    assert "over the budget of 50 ms" in facts.diagnostics[0].message


def test_no_latency_means_no_answers() -> None:
    facts = analyse(parse("flowchart LR\n  a --> b"))
    assert (facts.critical_path, facts.total_ms, facts.bottleneck) == ((), None, None)
    assert not facts.has_latency


def test_to_json_shape() -> None:
    data = to_json(parse(FORMAT_SAMPLE))
    assert {"nodes", "edges", "budget", "critical_path", "bottleneck"} <= data.keys()
    assert data["nodes"][1] | {"aliases": [], "skip": False} == {
        "id": "CG", "label": "Candidate generation\n15 ms", "name": "Candidate generation",
        "latency_ms": 15.0, "subgraph": None, "shape": "square", "aliases": [], "skip": False,
    }
    assert data["edges"][5] == {
        "from": "RESP", "to": "LOG", "label": None, "kind": "dotted", "latency_ms": None,
        "offline": True,
    }
    assert (data["budget"], data["bottleneck"]) == (100.0, "RK")
    assert data["critical_path"] == ["REQ", "CG", "FS", "RK", "AU", "RESP"]
