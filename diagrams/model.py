"""The diagram model shared by the parsers, the analysis, the quiz and the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

# Edge kinds, as Mermaid's strokes: "normal" (-->, ---), "thick" (==>), "dotted" (-.->),
# "invisible" (~~~). A dotted edge is offline (training, logging, feedback) and never part of a
# latency answer.
EDGE_KINDS = ("normal", "thick", "dotted", "invisible")


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a diagram block; `line` is the absolute line in the note file."""

    line: int
    message: str
    notice: bool = False  # not a mistake: content Blueprint skips (an unsupported diagram type)


@dataclass
class Diagram:
    """One architecture diagram.

    `graph` is a networkx DiGraph: one edge per pair, the first one written. `edge_list` keeps
    every edge in source order, parallel ones too (Mermaid draws `A --> B` and `A -->|x| B` as
    two arrows): the JSON, the drawings and the latency analysis read `all_edges()`.

    Node attributes:
      label: str         text as Mermaid shows it, a `<br/>` becoming "\n"
      name: str          the label without its latency annotation, one line
      latency_ms: float | None
      subgraph: str | None   id of the innermost subgraph holding the node
      shape: str | None      Mermaid vertex type ("square", "round", "cylinder", ...);
                             "subgraph" for the stand-in node of a subgraph an edge points at
    Edge attributes:
      label: str | None
      kind: str              one of EDGE_KINDS
      latency_ms: float | None
      offline: bool          True for dotted edges
    """

    id: str
    lang: str  # "mermaid" | "dot"
    source: str
    line: int  # absolute line of the block's first content line in its file
    direction: str = "TB"
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    budget_ms: float | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node id -> other names
    skip: frozenset[str] = frozenset()  # node ids not quizzed as "name the blank"
    subgraphs: dict[str, str] = field(default_factory=dict)  # subgraph id -> title
    subgraph_parents: dict[str, str] = field(default_factory=dict)  # nested subgraph -> parent
    explicit_id: bool = False  # True when the id came from `%% id:`
    edge_list: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def all_edges(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every edge (from, to, attributes) in source order, parallel edges included."""
        if self.edge_list:
            return self.edge_list
        return [(u, v, attrs) for u, v, attrs in self.graph.edges(data=True)]
