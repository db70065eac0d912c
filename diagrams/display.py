"""The text a renderer shows for a diagram's nodes and edges (labels with their latencies)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from diagrams.latency import format_ms


def node_lines(graph: nx.DiGraph, node: str) -> list[str]:
    """The lines of a node's box: its label as written, plus its latency when the label lacks it."""
    attrs: dict[str, Any] = graph.nodes[node]
    label = attrs.get("label") or attrs.get("name") or str(node)
    lines = [line.strip() for line in str(label).split("\n")]
    lines = [line for line in lines if line] or [str(node)]
    latency = attrs.get("latency_ms")
    # A label that differs from its name already carries the latency as the author wrote it.
    name = attrs.get("name")
    if latency is not None and (name is None or name.strip() == str(label).strip()):
        lines.append(format_ms(float(latency)))
    return lines


def edge_text(attrs: dict[str, Any]) -> str | None:
    """An edge's label, or its latency alone when it has no label; None when there is neither."""
    label = attrs.get("label")
    if label:
        return " ".join(str(label).split())
    latency = attrs.get("latency_ms")
    if latency is not None:
        return format_ms(float(latency))
    return None
