"""What every quiz kind shares: the card value, what its drawing may show, names and stages."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from diagrams.model import Diagram
from diagrams.view import View
from diagrams.words import normalise


@dataclass(frozen=True)
class QuizCard:
    """One question about one diagram; `diagram_id` + `key` is the card's stable identity.

    Keys depend only on node ids ("node:RK", "after:FS", "stage-latency:RK", "branch:RK",
    "slack:RK:UF", "order", "rebuild", "whatif:RK", "bottleneck", "latency"), so relabelling a
    node keeps its card and its review history.
    """

    diagram_id: str
    key: str
    kind: str  # "diagram-" + node | after | before | bottleneck | latency | stage-latency |
    #            branch | slack | order | rebuild | whatif
    front: str
    back: str
    answers: tuple[str, ...]  # accepted answers (names and aliases, a duration, "3 1 2", "1>2")
    choices: tuple[str, ...] = ()  # pick one of these (bottleneck, critical branch)
    items: tuple[str, ...] = ()  # numbered names the front lists (path order, rebuild)
    front_view: View = field(default_factory=View)
    back_view: View = field(default_factory=View)

    @property
    def card_id(self) -> str:
        return f"{self.diagram_id}:{self.key}"

    @property
    def blank(self) -> str | None:
        """The node hidden on the front, if any (node, after and before cards)."""
        return self.front_view.blank[0] if self.front_view.blank else None


def name(diagram: Diagram, node: str) -> str:
    return str(diagram.graph.nodes[node].get("name") or node)


def answers(diagram: Diagram, node: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((name(diagram, node), *diagram.aliases.get(node, ()))))


_DURATION_WORDS = frozenset(
    "ms msec millis sec secs second seconds min mins minute minutes hr hrs hour hours day days "
    "week weeks latency p50 p90 p95 p99 p999 to complete under about around within budget sla "
    "time takes took total approx max up less than more over per each nightly daily hourly "
    "weekly".split())


def is_annotation(diagram: Diagram, node: str) -> bool:
    """A box that is a note, not a stage: no edges, or a label that only states a duration."""
    graph = diagram.graph
    if graph.nodes[node].get("shape") == "subgraph":
        return True
    if graph.degree(node) == 0 and graph.nodes[node].get("subgraph") is None:
        return True
    label = str(graph.nodes[node].get("label") or node)
    words = re.findall(r"[a-z]+|\d+(?:\.\d+)?", label.lower())
    return bool(words) and all(w in _DURATION_WORDS or w[0].isdigit() for w in words)


def stages(diagram: Diagram) -> list[str]:
    """Nodes that are stages (in the diagram's order): not stand-ins, not annotations."""
    return [node for node in diagram.graph.nodes if not is_annotation(diagram, node)]


def duplicated(diagram: Diagram) -> frozenset[str]:
    """Nodes whose name another node shares: a question naming them would be ambiguous."""
    counts = Counter(normalise(name(diagram, node)) for node in diagram.graph.nodes)
    return frozenset(n for n in diagram.graph.nodes if counts[normalise(name(diagram, n))] > 1)


def path_words(diagram: Diagram) -> str:
    """"the online path" where the diagram separates online from offline, else "the flow"."""
    offline = any(attrs.get("offline") for _u, _v, attrs in diagram.graph.edges(data=True))
    return "the online path" if offline or diagram.budget_ms is not None else "the flow"
