"""Latency analysis: the critical online path, its bottleneck, end-to-end latency and slack."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from diagrams.latency import format_ms
from diagrams.model import Diagnostic, Diagram


@dataclass(frozen=True)
class Analysis:
    """What a diagram's latencies say; empty path and None values when it has no latencies.

    `critical_path` is the longest path by latency over the online edges (solid and thick ones;
    dotted edges are offline and invisible edges only place nodes). Its latency counts the
    latency of every node on it and of every edge between them. The bottleneck is the stage
    (node) on that path with the largest latency.
    """

    critical_path: tuple[str, ...] = ()
    total_ms: float | None = None
    bottleneck: str | None = None
    bottleneck_ms: float | None = None
    budget_ms: float | None = None
    slack_ms: float | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def has_latency(self) -> bool:
        return self.total_ms is not None


def online_graph(diagram: Diagram) -> nx.DiGraph:
    """The request path: the edges that are neither offline nor invisible, and their nodes.

    A node reached only by offline edges (a training job, a log store) is not on it.
    """
    graph = diagram.graph
    online = nx.DiGraph()
    online.add_edges_from(
        (u, v)
        for u, v, attrs in diagram.all_edges()
        if not attrs.get("offline")
        and attrs.get("kind") != "invisible"
        and not _is_stand_in(graph.nodes[u])
        and not _is_stand_in(graph.nodes[v])
    )
    return online


def edge_ms(diagram: Diagram, u: str, v: str) -> float:
    """The largest latency of the online edges from u to v (parallel edges may differ)."""
    values = [attrs.get("latency_ms") or 0.0 for a, b, attrs in diagram.all_edges()
              if a == u and b == v and not attrs.get("offline")]
    return max(values, default=0.0)


def _is_stand_in(attrs: dict[str, object]) -> bool:
    return attrs.get("shape") == "subgraph"


def analyse(diagram: Diagram) -> Analysis:
    """Critical path, bottleneck and slack of `diagram`; a cycle on the online path is reported."""
    graph = diagram.graph
    online = online_graph(diagram)
    has_latency = any(graph.nodes[node].get("latency_ms") is not None for node in online) or any(
        attrs.get("latency_ms") is not None for u, v, attrs in diagram.all_edges()
        if online.has_edge(u, v)
    )
    if not has_latency:
        return Analysis(budget_ms=diagram.budget_ms)
    try:
        cycle = nx.find_cycle(online)
    except nx.NetworkXNoCycle:
        cycle = None
    if cycle is not None:
        loop = " -> ".join([str(u) for u, _ in cycle] + [str(cycle[0][0])])
        message = (
            f"the online path has a cycle ({loop}), so it has no end-to-end latency: "
            "draw feedback or training flows as dotted edges (`-.->`)"
        )
        return Analysis(
            budget_ms=diagram.budget_ms, diagnostics=(Diagnostic(diagram.line, message),)
        )
    path, total = _longest_path(diagram, online)
    stages = [
        (graph.nodes[node].get("latency_ms"), -index, node) for index, node in enumerate(path)
    ]
    timed = [stage for stage in stages if stage[0] is not None]
    bottleneck = max(timed)[2] if timed else None
    slack = diagram.budget_ms - total if diagram.budget_ms is not None else None
    problems: tuple[Diagnostic, ...] = ()
    if slack is not None and slack < 0:
        message = (
            f"the critical path takes {format_ms(total)}, over the budget of "
            f"{format_ms(diagram.budget_ms or 0)}: check the latencies or the budget"
        )
        problems = (Diagnostic(diagram.line, message),)
    return Analysis(
        critical_path=tuple(path),
        total_ms=total,
        bottleneck=bottleneck,
        bottleneck_ms=graph.nodes[bottleneck].get("latency_ms") if bottleneck else None,
        budget_ms=diagram.budget_ms,
        slack_ms=slack,
        diagnostics=problems,
    )


def _longest_path(diagram: Diagram, online: nx.DiGraph) -> tuple[list[str], float]:
    """Longest path in a DAG, weighing nodes and edges; ties go to the path with more stages."""
    graph = diagram.graph
    order = {node: index for index, node in enumerate(graph.nodes)}
    best: dict[str, tuple[float, int, list[str]]] = {}
    for node in nx.lexicographical_topological_sort(online, key=lambda n: order[n]):
        own = graph.nodes[node].get("latency_ms") or 0.0
        score: tuple[float, int, list[str]] = (own, 1, [node])
        for pred in online.predecessors(node):
            edge = edge_ms(diagram, pred, node)
            total, hops, path = best[pred]
            candidate = (total + edge + own, hops + 1, [*path, node])
            if candidate[:2] > score[:2]:
                score = candidate
        best[node] = score
    if not best:
        return [], 0.0
    total, _, path = max(best.values(), key=lambda item: (item[0], item[1]))
    return path, total
