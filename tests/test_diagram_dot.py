"""DOT digraphs: nodes, labels, clusters (which networkx's from_pydot drops), offline edges."""

from __future__ import annotations

from diagrams import analyse, parse_block

SERVING = """// id: dot-serving
// budget: 80 ms
// aliases: rk = ranker
digraph serving {
  rankdir=LR;
  node [shape=box];
  req [label="Request"];
  subgraph cluster_online {
    label="Online";
    ret [label="Retrieval\\n20 ms"];
    subgraph cluster_rank { label="Ranking"; rk [label="Ranker (30 ms)"]; }
    ret -> rk [label="5 ms"];
  }
  req -> ret;
  rk -> resp;
  resp -> logs [style=dashed];
  logs -> train [style="dotted"];
  train -> rk [style=dashed];
  req -> hidden [style=invis];
  "quoted id" -> resp;
}
"""


def test_dot_nodes_labels_and_clusters() -> None:
    diagram, problems = parse_block(SERVING, "dot", first_line=10, default_id="d")
    assert problems == [] and diagram is not None
    graph = diagram.graph
    assert (diagram.id, diagram.budget_ms, diagram.direction) == ("dot-serving", 80.0, "LR")
    assert diagram.aliases == {"rk": ("ranker",)}
    assert graph.nodes["ret"]["label"] == "Retrieval\n20 ms"
    assert (graph.nodes["rk"]["name"], graph.nodes["rk"]["latency_ms"]) == ("Ranker", 30.0)
    assert graph.nodes["rk"]["subgraph"] == "cluster_rank"
    assert graph.nodes["ret"]["subgraph"] == "cluster_online"
    assert graph.nodes["req"]["subgraph"] is None
    assert diagram.subgraphs == {"cluster_online": "Online", "cluster_rank": "Ranking"}
    assert diagram.subgraph_parents == {"cluster_rank": "cluster_online"}
    assert "quoted id" in graph
    assert graph.edges["ret", "rk"]["latency_ms"] == 5.0
    assert [graph.edges[e]["kind"] for e in [("resp", "logs"), ("logs", "train")]] == [
        "dotted", "dotted"
    ]
    assert graph.edges["req", "hidden"]["kind"] == "invisible"


def test_dot_analysis_ignores_offline_edges() -> None:
    diagram, _ = parse_block(SERVING, "graphviz", default_id="d")
    assert diagram is not None
    facts = analyse(diagram)
    assert facts.critical_path == ("req", "ret", "rk", "resp")
    assert (facts.total_ms, facts.bottleneck, facts.slack_ms) == (55.0, "rk", 25.0)


def test_dot_edge_to_a_node_group_and_ports() -> None:
    diagram, _ = parse_block("digraph { a -> {b c}; a:out -> d; }", "dot", default_id="d")
    assert diagram is not None
    assert sorted(diagram.graph.edges) == [("a", "b"), ("a", "c"), ("a", "d")]


def test_dot_edge_defaults_apply_in_their_scope() -> None:
    diagram, _ = parse_block(
        "digraph { a -> b; subgraph cluster_off { edge [style=dashed]; c -> d } }", "dot",
        default_id="d",
    )
    assert diagram is not None
    assert diagram.graph.edges["a", "b"]["offline"] is False
    assert diagram.graph.edges["c", "d"]["offline"] is True


def test_dot_syntax_error_has_the_file_line() -> None:
    diagram, problems = parse_block("digraph {\n  a -> ;\n}", "dot", first_line=40, default_id="d")
    assert diagram is None
    assert problems[0].line == 41 and problems[0].message.startswith("DOT syntax error")


def test_undirected_graph_is_skipped() -> None:
    diagram, problems = parse_block("graph { a -- b }", "dot", default_id="d")
    assert diagram is None and "digraph" in problems[0].message


def test_unknown_language() -> None:
    diagram, problems = parse_block("a -> b", "plantuml", first_line=3, default_id="d")
    assert diagram is None and problems[0].line == 3 and "plantuml" in problems[0].message
