"""Quiz cards from a diagram: name the blank, after/before a stage, bottleneck, latency, and the
kinds of diagrams.quiz_kinds (stage latency, critical branch, slack, path order, rebuild, what-if).
"""

from __future__ import annotations

from diagrams.analysis import Analysis, analyse, online_graph
from diagrams.latency import format_ms
from diagrams.model import Diagram
from diagrams.quiz_common import (
    QuizCard,
    View,
    answers,
    duplicated,
    is_annotation,
    name,
    path_words,
    stages,
)

__all__ = ["QuizCard", "View", "quiz_cards"]
MAX_CHOICES = 9  # choices are picked with the keys 1-9


def quiz_cards(diagram: Diagram, analysis: Analysis | None = None) -> list[QuizCard]:
    """The card family of `diagram`, in a stable order.

    - one "name the blank" card per stage, except skipped nodes and annotation boxes;
    - "what comes after X" when X has exactly one online successor, "what comes before X" when
      it has exactly one online predecessor, only when the answer is not skipped and neither
      name is shared with another node (the stage asked for is blanked on the front);
    - bottleneck and end-to-end latency cards when the diagram carries latencies and its online
      path has no cycle (every latency hidden on the front);
    - then the kinds of diagrams.quiz_kinds.
    """
    from diagrams.quiz_kinds import extra_cards

    facts = analysis or analyse(diagram)
    cards = _node_cards(diagram) + _neighbour_cards(diagram) + _latency_cards(diagram, facts)
    return cards + extra_cards(diagram, facts)


def _node_cards(diagram: Diagram) -> list[QuizCard]:
    shared = duplicated(diagram)  # another box with the same name would give the blank away
    return [
        QuizCard(diagram.id, f"node:{node}", "diagram-node", _node_front(diagram, node),
                 name(diagram, node), answers(diagram, node), front_view=View(blank=(node,)),
                 back_view=View(highlight=(node,)))
        for node in stages(diagram) if node not in diagram.skip and node not in shared
    ]


def _neighbour_cards(diagram: Diagram) -> list[QuizCard]:
    online = online_graph(diagram)
    shared = duplicated(diagram)
    usable = [n for n in stages(diagram) if n in online and n not in shared]
    where = path_words(diagram)
    on = f"{'In' if where == 'the flow' else 'On'} {where}"
    cards = []
    for direction, neighbours in (("after", online.successors), ("before", online.predecessors)):
        for node in usable:
            others = [n for n in neighbours(node) if not is_annotation(diagram, n)]
            if len(others) != 1 or others[0] in diagram.skip or others[0] == node:
                continue
            answer = others[0]
            if answer in shared:
                continue
            word = "right after" if direction == "after" else "right before"
            cards.append(QuizCard(
                diagram.id, f"{direction}:{node}", f"diagram-{direction}",
                f"{on}, which stage comes {word} “{name(diagram, node)}”?",
                name(diagram, answer), answers(diagram, answer),
                front_view=View(blank=(answer,)), back_view=View(highlight=(answer,))))
    return cards


def _latency_cards(diagram: Diagram, facts: Analysis) -> list[QuizCard]:
    graph = diagram.graph
    cards = []
    where = path_words(diagram)
    hidden = View(hide_latencies=True)
    if facts.has_latency and facts.bottleneck is not None:
        # Every timed online stage is a choice, so the choices do not give the path away.
        online = online_graph(diagram)
        timed = [n for n in graph.nodes if n in online and graph.nodes[n].get("latency_ms")
                 is not None and not is_annotation(diagram, n)]
        if len(timed) > MAX_CHOICES:
            on_path = [n for n in timed if n in facts.critical_path]
            timed = on_path + [n for n in timed if n not in on_path][:MAX_CHOICES - len(on_path)]
            timed = [n for n in graph.nodes if n in timed]
        cards.append(QuizCard(
            diagram.id, "bottleneck", "diagram-bottleneck",
            f"Which stage is the latency bottleneck of {where}'s critical path? "
            "(The figures are hidden: recall them.)",
            f"{name(diagram, facts.bottleneck)} ({format_ms(facts.bottleneck_ms or 0)})\n"
            + path_summary(diagram, facts),
            answers(diagram, facts.bottleneck),
            choices=tuple(name(diagram, node) for node in timed), front_view=hidden,
            back_view=View(highlight=(facts.bottleneck,), path=facts.critical_path)))
    if facts.has_latency and facts.total_ms is not None:
        start, end = facts.critical_path[0], facts.critical_path[-1]
        cards.append(QuizCard(
            diagram.id, "latency", "diagram-latency",
            f"What is the end-to-end latency of {where}'s critical path, from "
            f"“{name(diagram, start)}” to “{name(diagram, end)}”? (The figures are hidden.)",
            path_summary(diagram, facts), (format_ms(facts.total_ms),), front_view=hidden,
            back_view=View(path=facts.critical_path)))
    return cards


def path_summary(diagram: Diagram, facts: Analysis) -> str:
    """"70 ms (A → B → C); budget 100 ms, slack 30 ms": what a latency back writes out."""
    graph = diagram.graph
    parts = []
    for node in facts.critical_path:
        latency = graph.nodes[node].get("latency_ms")
        parts.append(name(diagram, node) + (f" {format_ms(latency)}" if latency else ""))
    text = f"{format_ms(facts.total_ms or 0)} ({' → '.join(parts)})"
    if facts.budget_ms is not None and facts.slack_ms is not None:
        text += f"; budget {format_ms(facts.budget_ms)}, slack {format_ms(facts.slack_ms)}"
    return text


def _node_front(diagram: Diagram, node: str) -> str:
    graph = diagram.graph
    before = [name(diagram, n) for n in graph.predecessors(node) if n != node]
    after = [name(diagram, n) for n in graph.successors(node) if n != node]
    hints = []
    if before:
        hints.append("fed by " + ", ".join(dict.fromkeys(before)))
    if after:
        hints.append("feeding " + ", ".join(dict.fromkeys(after)))
    hint = f" ({'; '.join(hints)})" if hints else ""
    return f"Name the blanked stage “?” of this diagram{hint}."
