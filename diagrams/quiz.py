"""Quiz cards from a diagram: name the blanked node, after/before a stage, bottleneck, latency."""

from __future__ import annotations

from dataclasses import dataclass

from diagrams.analysis import Analysis, analyse, online_graph
from diagrams.latency import format_ms
from diagrams.model import Diagram


@dataclass(frozen=True)
class QuizCard:
    """One question about one diagram; `diagram_id` + `key` is the card's stable identity.

    Keys depend only on node ids ("node:RK", "after:FS", "before:AU", "bottleneck", "latency"),
    so relabelling a node keeps its card and its review history.
    """

    diagram_id: str
    key: str
    kind: (
        str  # diagram-node | diagram-after | diagram-before | diagram-bottleneck | diagram-latency
    )
    front: str
    back: str
    answers: tuple[str, ...]  # accepted answers: a name and its aliases, or a latency ("70 ms")
    blank: str | None = None  # the node hidden in the drawing (node cards only)
    choices: tuple[str, ...] = ()  # bottleneck cards: the stages of the critical path

    @property
    def card_id(self) -> str:
        return f"{self.diagram_id}:{self.key}"


def quiz_cards(diagram: Diagram, analysis: Analysis | None = None) -> list[QuizCard]:
    """The card family of `diagram`, in a stable order: nodes, after/before, bottleneck, latency.

    - one "name the blank" card per node, except skipped nodes and subgraph stand-ins;
    - "what comes after X" when X has exactly one online successor, "what comes before X" when
      it has exactly one online predecessor (with several the answer would be a set, which
      typed recall grades badly), and only when the answer is not a skipped node;
    - the bottleneck card offers the timed stages of the critical path as choices;
    - bottleneck and end-to-end latency cards only when the diagram carries latencies and its
      online path has no cycle.
    """
    facts = analysis or analyse(diagram)
    graph = diagram.graph
    online = online_graph(diagram)
    nodes = [node for node, attrs in graph.nodes(data=True) if attrs.get("shape") != "subgraph"]
    cards: list[QuizCard] = []
    for node in nodes:
        if node in diagram.skip:
            continue
        cards.append(
            QuizCard(
                diagram.id,
                f"node:{node}",
                "diagram-node",
                _node_front(diagram, node),
                _name(diagram, node),
                _answers(diagram, node),
                blank=node,
            )
        )
    for direction, neighbours in (("after", online.successors), ("before", online.predecessors)):
        for node in (node for node in nodes if node in online):
            others = list(neighbours(node))
            if len(others) != 1 or others[0] in diagram.skip or others[0] == node:
                continue
            answer = others[0]
            word = "right after" if direction == "after" else "right before"
            cards.append(
                QuizCard(
                    diagram.id,
                    f"{direction}:{node}",
                    f"diagram-{direction}",
                    f"On the online path, which stage comes {word} “{_name(diagram, node)}”?",
                    _name(diagram, answer),
                    _answers(diagram, answer),
                )
            )
    if facts.has_latency and facts.bottleneck is not None:
        timed = [n for n in facts.critical_path if graph.nodes[n].get("latency_ms") is not None]
        stages = tuple(_name(diagram, node) for node in timed)
        cards.append(
            QuizCard(
                diagram.id,
                "bottleneck",
                "diagram-bottleneck",
                "Which stage is the latency bottleneck of the critical online path?",
                f"{_name(diagram, facts.bottleneck)} ({format_ms(facts.bottleneck_ms or 0)})",
                _answers(diagram, facts.bottleneck),
                choices=stages,
            )
        )
    if facts.has_latency and facts.total_ms is not None:
        path = " → ".join(_name(diagram, node) for node in facts.critical_path)
        back = f"{format_ms(facts.total_ms)} ({path})"
        if facts.budget_ms is not None and facts.slack_ms is not None:
            back += f"; budget {format_ms(facts.budget_ms)}, slack {format_ms(facts.slack_ms)}"
        start, end = facts.critical_path[0], facts.critical_path[-1]
        cards.append(
            QuizCard(
                diagram.id,
                "latency",
                "diagram-latency",
                "What is the end-to-end latency of the critical online path, from "
                f"“{_name(diagram, start)}” to “{_name(diagram, end)}”?",
                back,
                (format_ms(facts.total_ms),),
            )
        )
    return cards


def _name(diagram: Diagram, node: str) -> str:
    return str(diagram.graph.nodes[node].get("name") or node)


def _answers(diagram: Diagram, node: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((_name(diagram, node), *diagram.aliases.get(node, ()))))


def _node_front(diagram: Diagram, node: str) -> str:
    graph = diagram.graph
    before = [_name(diagram, n) for n in graph.predecessors(node) if n != node]
    after = [_name(diagram, n) for n in graph.successors(node) if n != node]
    hints = []
    if before:
        hints.append("fed by " + ", ".join(before))
    if after:
        hints.append("feeding " + ", ".join(after))
    hint = f" ({'; '.join(hints)})" if hints else ""
    return f"Name the blanked stage “?” of this diagram{hint}."
