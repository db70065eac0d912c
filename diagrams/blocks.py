"""One fenced diagram block's text to a Diagram (with the size limits), and its JSON form."""

from __future__ import annotations

from typing import Any

from diagrams.analysis import Analysis, analyse
from diagrams.dot import parse_dot
from diagrams.mermaid import parse_mermaid
from diagrams.model import Diagnostic, Diagram


def parse_block(
    source: str, lang: str, *, first_line: int = 1, default_id: str
) -> tuple[Diagram | None, list[Diagnostic]]:
    """Parse one fenced block's text; None and diagnostics when it is no usable diagram.

    `first_line` is the file line of the block's first content line, so diagnostics carry
    absolute lines. `default_id` is the diagram id unless the block says `%% id: ...`.
    Never raises on bad input.
    """
    kind = lang.strip().lower()
    if len(source) > MAX_SOURCE:
        return None, [Diagnostic(first_line, f"diagram block is {len(source) // 1000} KB, over "
                                 f"the {MAX_SOURCE // 1000} KB limit for one diagram: split it")]
    if kind == "mermaid":
        diagram, problems = parse_mermaid(source, first_line=first_line, default_id=default_id)
    elif kind in ("dot", "graphviz"):
        diagram, problems = parse_dot(source, first_line=first_line, default_id=default_id)
    else:
        message = f"unknown diagram language {lang!r}: use a ```mermaid or ```dot block"
        return None, [Diagnostic(first_line, message)]
    if diagram is not None and (diagram.graph.number_of_nodes() > MAX_NODES
                                or diagram.graph.number_of_edges() > MAX_EDGES):
        return None, [*problems, Diagnostic(
            first_line, f"diagram has {diagram.graph.number_of_nodes()} nodes and "
            f"{diagram.graph.number_of_edges()} edges, over the limit of {MAX_NODES} nodes and "
            f"{MAX_EDGES} edges for one diagram card: split it into smaller diagrams")]
    return diagram, problems


# What one diagram may be: a card's drawing must stay readable and quick to lay out.
MAX_SOURCE = 100_000  # characters of one block
MAX_NODES = 200
MAX_EDGES = 600


def to_json(diagram: Diagram, analysis: Analysis | None = None) -> dict[str, Any]:
    """The `blueprint diagram show --json` object (README), plus id, direction and totals."""
    facts = analysis or analyse(diagram)
    graph = diagram.graph
    return {
        "id": diagram.id,
        "lang": diagram.lang,
        "direction": diagram.direction,
        "nodes": [
            {
                "id": node,
                "label": attrs.get("label", node),
                "name": attrs.get("name", node),
                "latency_ms": attrs.get("latency_ms"),
                "subgraph": attrs.get("subgraph"),
                "shape": attrs.get("shape"),
                "aliases": list(diagram.aliases.get(node, ())),
                "skip": node in diagram.skip,
            }
            for node, attrs in graph.nodes(data=True)
        ],
        "edges": [
            {
                "from": src,
                "to": dst,
                "label": attrs.get("label"),
                "kind": attrs.get("kind", "normal"),
                "latency_ms": attrs.get("latency_ms"),
                "offline": bool(attrs.get("offline")),
            }
            for src, dst, attrs in diagram.all_edges()
        ],
        "subgraphs": [
            {"id": sub, "title": title, "parent": diagram.subgraph_parents.get(sub)}
            for sub, title in diagram.subgraphs.items()
        ],
        "budget": diagram.budget_ms,
        "critical_path": list(facts.critical_path),
        "bottleneck": facts.bottleneck,
        "total_ms": facts.total_ms,
        "slack_ms": facts.slack_ms,
    }
