"""Parallel branches of the online path: where they meet, which one sets the latency, the slack.

A join is a node with two or more online predecessors. Each predecessor starts a branch back to
the fork (the latest node every predecessor descends from). A branch's arrival is the longest
latency from the start of the path to the join's input through that predecessor; the branch
with the latest arrival sets the join's start, and every other branch has the difference as
slack. What-if: the longest path again with one stage's latency changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from diagrams.analysis import edge_ms
from diagrams.model import Diagram


@dataclass(frozen=True)
class Branch:
    via: str  # the predecessor of the join
    stages: tuple[str, ...]  # nodes after the fork up to `via`, on its longest path
    ms: float  # latency from the fork's end to the join's input
    arrival_ms: float  # latency from the start to the join's input


@dataclass(frozen=True)
class Join:
    node: str
    fork: str | None
    branches: tuple[Branch, ...]  # latest arrival first

    @property
    def unique(self) -> bool:
        """True when one branch is strictly the slowest (the question has one answer)."""
        return len(self.branches) > 1 and self.branches[0].arrival_ms > self.branches[1].arrival_ms


def finish_times(diagram: Diagram, online: nx.DiGraph,
                 override: dict[str, float] | None = None) -> dict[str, tuple[float, list[str]]]:
    """For each online node: the longest latency from a start to its end, and that path."""
    graph = diagram.graph
    order = {node: index for index, node in enumerate(graph.nodes)}
    changed = override or {}
    best: dict[str, tuple[float, list[str]]] = {}
    for node in nx.lexicographical_topological_sort(online, key=lambda n: order[n]):
        own = changed.get(node, graph.nodes[node].get("latency_ms") or 0.0)
        score: tuple[float, list[str]] = (own, [node])
        for pred in online.predecessors(node):
            total, path = best[pred]
            candidate = (total + edge_ms(diagram, pred, node) + own, [*path, node])
            if (candidate[0], len(candidate[1])) > (score[0], len(score[1])):
                score = candidate
        best[node] = score
    return best


def joins(diagram: Diagram, online: nx.DiGraph, on_path: tuple[str, ...]) -> list[Join]:
    """The joins on `on_path` (the critical path), each with its branches, latest first."""
    if not nx.is_directed_acyclic_graph(online):
        return []
    best = finish_times(diagram, online)
    found = []
    for node in on_path:
        preds = [p for p in online.predecessors(node) if p != node]
        if len(preds) < 2:
            continue
        common = set.intersection(*({p, *nx.ancestors(online, p)} for p in preds))
        fork = max(common, key=lambda n: (best[n][0], len(best[n][1])), default=None)
        start = best[fork][0] if fork is not None else 0.0
        branches = []
        for pred in preds:
            total, path = best[pred]
            arrival = total + edge_ms(diagram, pred, node)
            after = path[path.index(fork) + 1:] if fork in path else path
            branches.append(Branch(pred, tuple(after), arrival - start, arrival))
        branches.sort(key=lambda b: -b.arrival_ms)
        found.append(Join(node, fork, tuple(branches)))
    return found


def what_if(diagram: Diagram, online: nx.DiGraph, node: str,
            latency_ms: float) -> tuple[float, list[str]]:
    """End-to-end latency and critical path if `node` took `latency_ms`."""
    best = finish_times(diagram, online, {node: latency_ms})
    total, path = max(best.values(), key=lambda item: (item[0], len(item[1])))
    return total, path
