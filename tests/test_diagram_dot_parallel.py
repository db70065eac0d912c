"""DOT parallel edges: kept in a digraph, merged in a `strict digraph`, as Graphviz itself does.

Graphviz's own parse (`dot -Tjson`) is the oracle: our edge list has the edges it lays out.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from diagrams import parse_block

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

CASES = {
    "plain pair twice": "digraph { a -> b; a -> b [label=x] }",
    "strict pair twice": "strict digraph { a -> b; a -> b [label=x] }",
    "three and a loop": "digraph { a -> b [label=one]; a -> b [label=two]; a -> b; b -> b }",
    "strict with loop and reverse": "strict digraph { a -> b; a -> b [style=dashed]; b -> a; a -> a }",
    "chain and group": "digraph { a -> b -> c; a -> {b c}; subgraph cluster_x { b -> c } }",
    "strict chain and group": "strict digraph { a -> b -> c; a -> {b c}; b -> c [label=z] }",
}


def _graphviz_edges(source: str) -> list[tuple[str, str]]:
    out = subprocess.run(["dot", "-Tjson"], input=source, capture_output=True, text=True,
                         check=True, timeout=30)
    laid = json.loads(out.stdout)
    names = {obj["_gvid"]: obj["name"] for obj in laid.get("objects", [])}
    return sorted((names[e["tail"]], names[e["head"]]) for e in laid.get("edges", []))


@pytest.mark.parametrize("source", CASES.values(), ids=CASES.keys())
def test_edges_match_graphviz(source: str) -> None:
    diagram, problems = parse_block(source, "dot", first_line=1, default_id="d")
    assert diagram is not None and problems == []
    ours = sorted((u, v) for u, v, _ in diagram.all_edges())
    assert ours == _graphviz_edges(source)


def test_parallel_edges_keep_their_own_labels_and_strokes() -> None:
    diagram, _ = parse_block("digraph { a -> b; a -> b [label=x, style=dashed] }", "dot",
                             first_line=1, default_id="d")
    assert diagram is not None
    assert [(a["label"], a["kind"]) for _, _, a in diagram.all_edges()] == [
        (None, "normal"), ("x", "dotted")]


def test_strict_merges_the_attributes_of_later_statements_into_the_first_edge() -> None:
    diagram, _ = parse_block("strict digraph { a -> b; a -> b [label=x, style=dashed] }", "dot",
                             first_line=1, default_id="d")
    assert diagram is not None
    assert [(a["label"], a["kind"]) for _, _, a in diagram.all_edges()] == [("x", "dotted")]


def test_parallel_edges_are_drawn_distinguishably() -> None:
    from diagrams.terminal import draw

    diagram, _ = parse_block('digraph { a [label="Fetch"]; b [label="Rank"]; a -> b; a -> b }',
                             "dot", first_line=1, default_id="d")
    assert diagram is not None and "×2" in draw(diagram, width=100).plain
    diagram, _ = parse_block("flowchart LR\n  A[Fetch] --> B[Rank]\n  A -->|checked| B",
                             "mermaid", first_line=1, default_id="m")
    assert diagram is not None and "×2 checked" in draw(diagram, width=100).plain
    diagram, _ = parse_block("flowchart LR\n  A[Fetch] -->|x| B[Rank]\n  A -->|y| B",
                             "mermaid", first_line=1, default_id="n")
    assert diagram is not None and "x / y" in draw(diagram, width=100).plain
    strict, _ = parse_block("strict digraph { a -> b; a -> b }", "dot", first_line=1,
                            default_id="s")
    assert strict is not None and "×2" not in draw(strict, width=100).plain
