"""The parsed form of a Mermaid flowchart and its conversion into a Diagram's graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from diagrams.latency import split_latency
from diagrams.mermaid_links import Link
from diagrams.model import Diagram


@dataclass
class FlowNode:
    text: str
    shape: str | None = None


@dataclass
class FlowEdge:
    src: str
    dst: str
    link: Link


@dataclass
class Flowchart:
    direction: str = "TB"
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    edges: list[FlowEdge] = field(default_factory=list)
    subgraphs: dict[str, str] = field(default_factory=dict)  # id -> title text, closing order
    owner: dict[str, str] = field(default_factory=dict)  # node or subgraph id -> subgraph id


def fill_diagram(diagram: Diagram, chart: Flowchart) -> None:
    graph = diagram.graph
    edges = diagram.edge_list
    diagram.subgraphs = dict(chart.subgraphs)
    diagram.subgraph_parents = {
        sub: chart.owner[sub] for sub in chart.subgraphs if sub in chart.owner
    }
    for node_id, node in chart.nodes.items():
        if node_id in chart.subgraphs:
            continue  # Mermaid draws the subgraph box, not a node, for its id
        split = split_latency(node.text)
        graph.add_node(
            node_id,
            label=node.text,
            name=split.name or node.text.replace("\n", " "),
            latency_ms=split.latency_ms,
            subgraph=chart.owner.get(node_id),
            shape=node.shape,
        )
    for edge in chart.edges:
        for end in (edge.src, edge.dst):
            if end in chart.subgraphs and end not in graph:
                graph.add_node(
                    end,
                    label=chart.subgraphs[end],
                    name=chart.subgraphs[end].replace("\n", " "),
                    latency_ms=None,
                    subgraph=chart.owner.get(end),
                    shape="subgraph",
                )
        link = edge.link
        latency = split_latency(link.text).latency_ms if link.text else None
        attrs = {"label": link.text, "kind": link.stroke, "latency_ms": latency,
                 "offline": link.stroke == "dotted", "arrow": link.arrow, "length": link.length}
        if not graph.has_edge(edge.src, edge.dst):
            graph.add_edge(edge.src, edge.dst, **attrs)
            attrs = graph.edges[edge.src, edge.dst]
        edges.append((edge.src, edge.dst, attrs))  # parallel edges too, as Mermaid draws them
