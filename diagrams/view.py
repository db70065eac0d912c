"""What a drawing of a diagram may show: the one rule the terminal, the images and Anki follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from diagrams.latency import DURATION_RE
from diagrams.model import Diagram
from diagrams.words import normalise


@dataclass(frozen=True)
class View:
    """What a drawing of a card's diagram shows; a plain value every renderer takes.

    blank: nodes drawn as "?" (no label, no latency, no edge label naming them);
    hide_latencies: no latency figure anywhere (node labels show the name only, edge latencies
      dropped); hide_edges: the nodes are listed, not drawn with their edges (path order, rebuild:
      the edges are the answer); highlight: nodes marked as the answer; path: the critical path,
      marked on the back.
    """

    blank: tuple[str, ...] = ()
    hide_latencies: bool = False
    hide_edges: bool = False
    highlight: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    missed: tuple[tuple[str, str], ...] = ()
    wrong: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, blank: str | None = None, highlight: str | None = None) -> View:
        return cls(blank=(blank,) if blank else (), highlight=(highlight,) if highlight else ())


def shown_lines(graph: nx.DiGraph, node: str, view: View, lines: list[str]) -> list[str]:
    """A node's box lines under `view`: "?" for a blank, the name alone when latencies hide."""
    if node in view.blank:
        return ["?"]
    if view.hide_latencies:
        if graph.nodes[node].get("latency_ms") is not None:
            lines = [str(graph.nodes[node].get("name") or node)]
        return [kept for kept in (strip_durations(line) for line in lines) if kept] or ["…"]
    return lines


def strip_durations(text: str) -> str:
    """`text` without any duration figure ("fetch 5 ms" -> "fetch")."""
    return " ".join(DURATION_RE.sub(" ", text).split()).strip(" ,;:|@-–()")


def shown_edge_text(diagram: Diagram, attrs: dict[str, Any], view: View,
                    text: str | None) -> str | None:
    """An edge's text under `view`: no latency when latencies hide, none naming a blank."""
    if text is None:
        return None
    if view.hide_latencies:
        label = attrs.get("label")
        text = strip_durations(" ".join(str(label).split())) if label else None
    if text and view.blank:
        said = f" {normalise(text)} "
        for node in view.blank:
            names = (str(diagram.graph.nodes[node].get("name") or node),
                     *diagram.aliases.get(node, ()))
            if any(f" {normalise(n)} " in said for n in names if normalise(n)):
                return None
    return text or None
