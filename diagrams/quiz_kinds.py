"""Questions that need the architecture: stage latency, critical branch and slack, path order,
rebuild from memory, budget what-if. Each only where its answer is unique and checkable.
"""

from __future__ import annotations

import hashlib
import random

import networkx as nx

from diagrams.analysis import Analysis, online_graph
from diagrams.branches import Join, joins, what_if
from diagrams.latency import format_ms
from diagrams.model import Diagram
from diagrams.quiz_common import QuizCard, View, duplicated, is_annotation, name, path_words, stages
from diagrams.words import normalise

HIDDEN = View(hide_latencies=True)
LISTED = View(hide_edges=True, hide_latencies=True)
MIN_ORDER, MAX_REBUILD = 3, 16


def extra_cards(diagram: Diagram, facts: Analysis) -> list[QuizCard]:
    cards = _stage_latency(diagram, facts)
    if facts.has_latency:
        for join in joins(diagram, online_graph(diagram), facts.critical_path):
            cards += _branch_cards(diagram, join)
    cards += _order_card(diagram, facts) + _rebuild_card(diagram) + _what_if_cards(diagram, facts)
    return cards


def _stage_latency(diagram: Diagram, facts: Analysis) -> list[QuizCard]:
    if not facts.has_latency:
        return []
    shared = duplicated(diagram)
    cards = []
    for node in stages(diagram):
        latency = diagram.graph.nodes[node].get("latency_ms")
        if latency is None or node in shared:
            continue
        cards.append(QuizCard(
            diagram.id, f"stage-latency:{node}", "diagram-stage-latency",
            f"How long does “{name(diagram, node)}” take? (A duration, with its unit.)",
            f"{name(diagram, node)}: {format_ms(latency)}", (format_ms(latency),),
            front_view=HIDDEN, back_view=View(highlight=(node,))))
    return cards


def _branch_text(diagram: Diagram, stages_: tuple[str, ...]) -> str:
    return " → ".join(name(diagram, node) for node in stages_) or "(direct)"


def _branch_cards(diagram: Diagram, join: Join) -> list[QuizCard]:
    if not join.unique:
        return []
    texts = [_branch_text(diagram, b.stages) for b in join.branches]
    if len({normalise(t) for t in texts}) < len(texts):
        return []
    where, target = path_words(diagram), name(diagram, join.node)
    top = join.branches[0]
    others = {n for b in join.branches[1:] for n in b.stages}
    own = [name(diagram, n) for n in top.stages if n not in others]
    lines = [f"{texts[0]}: arrives after {format_ms(top.ms)}, sets the latency"]
    lines += [f"{text}: {format_ms(b.ms)}, {format_ms(top.arrival_ms - b.arrival_ms)} of slack"
              for text, b in zip(texts[1:], join.branches[1:], strict=True)]
    marked = tuple(top.stages)
    choices = tuple(sorted(texts, key=normalise))
    cards = [QuizCard(
        diagram.id, f"branch:{join.node}", "diagram-branch",
        f"Parallel branches of {where} meet at “{target}”. Which branch sets the end-to-end "
        "latency? (The figures are hidden: recall them.)",
        "\n".join(lines), tuple(dict.fromkeys((texts[0], *own))), choices=choices,
        front_view=HIDDEN, back_view=View(highlight=marked, path=marked + (join.node,)))]
    for text, branch in zip(texts[1:], join.branches[1:], strict=True):
        slack = top.arrival_ms - branch.arrival_ms
        cards.append(QuizCard(
            diagram.id, f"slack:{join.node}:{branch.via}", "diagram-slack",
            f"Parallel branches of {where} meet at “{target}”. How much slack does the branch "
            f"“{text}” have before the slowest one arrives? (A duration.)",
            f"{format_ms(slack)}: it takes {format_ms(branch.ms)}, the branch “{texts[0]}” "
            f"{format_ms(top.ms)}", (format_ms(slack),),
            front_view=HIDDEN, back_view=View(highlight=branch.stages, path=marked)))
    return cards


def _shuffled(diagram: Diagram, what: str, count: int) -> list[int]:
    """A fixed shuffle of range(count) for this diagram (never the identity for count > 1)."""
    seed = int(hashlib.sha256(f"{diagram.id}:{what}".encode()).hexdigest()[:12], 16)
    order = list(range(count))
    random.Random(seed).shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _order_path(diagram: Diagram, facts: Analysis) -> list[str]:
    if facts.critical_path:
        return list(facts.critical_path)
    online = online_graph(diagram)
    if online.number_of_nodes() == 0 or not nx.is_directed_acyclic_graph(online):
        return []
    return list(nx.dag_longest_path(online))


def _order_card(diagram: Diagram, facts: Analysis) -> list[QuizCard]:
    shared = duplicated(diagram)
    path = [n for n in _order_path(diagram, facts)
            if n not in diagram.skip and not is_annotation(diagram, n)]
    if len(path) < MIN_ORDER or any(n in shared for n in path):
        return []
    shown = _shuffled(diagram, "order", len(path))  # shown[i] = path index listed as item i+1
    items = tuple(name(diagram, path[i]) for i in shown)
    answer = " ".join(str(shown.index(i) + 1) for i in range(len(path)))
    listing = "\n".join(f"  {n}. {item}" for n, item in enumerate(items, 1))
    example = " ".join(str(n) for n in range(len(items), 0, -1))
    where = path_words(diagram)
    if not facts.critical_path:  # no latencies: one of the longest branches, not "the" path
        where = f"one branch of {where}"
    return [QuizCard(
        diagram.id, "order", "diagram-order",
        f"Put these stages of {where} in order, first to last: type their numbers "
        f"(e.g. `{example}`) or names.\n{listing}",
        " → ".join(name(diagram, n) for n in path) + f"  ({answer})", (answer,), items=items,
        front_view=LISTED, back_view=View(path=tuple(path)))]


def _rebuild_card(diagram: Diagram) -> list[QuizCard]:
    nodes = stages(diagram)
    edges = sorted({(u, v) for u, v, attrs in diagram.graph.edges(data=True)
                    if u != v and u in nodes and v in nodes and attrs.get("kind") != "invisible"},
                   key=lambda e: (nodes.index(e[0]), nodes.index(e[1])))
    used = [n for n in nodes if any(n in e for e in edges)]
    if not 3 <= len(used) <= MAX_REBUILD or len(edges) < 2 or any(
            n in duplicated(diagram) for n in used):
        return []
    shown = _shuffled(diagram, "rebuild", len(used))
    items = tuple(name(diagram, used[i]) for i in shown)
    number = {used[i]: position + 1 for position, i in enumerate(shown)}
    listing = "\n".join(f"  {n}. {item}" for n, item in enumerate(items, 1))
    return [QuizCard(
        diagram.id, "rebuild", "diagram-rebuild",
        "Rebuild the diagram from memory: type its arrows as `A > B, B > C` (numbers or "
        f"names; dotted flows count too).\n{listing}",
        "\n".join(f"{name(diagram, u)} > {name(diagram, v)}" for u, v in edges),
        tuple(f"{number[u]}>{number[v]}" for u, v in edges), items=items,
        front_view=LISTED, back_view=View())]


def _what_if_cards(diagram: Diagram, facts: Analysis) -> list[QuizCard]:
    if facts.budget_ms is None or facts.bottleneck is None or not facts.critical_path:
        return []
    online = online_graph(diagram)
    graph = diagram.graph
    timed = [n for n in online if graph.nodes[n].get("latency_ms") and n not in duplicated(diagram)]
    off_path = [n for n in timed if n not in facts.critical_path]
    picks = [facts.bottleneck]
    if off_path:
        picks.append(max(off_path, key=lambda n: (graph.nodes[n]["latency_ms"], n)))
    cards = []
    where = path_words(diagram)
    for node in picks:
        doubled = 2 * graph.nodes[node]["latency_ms"]
        total, path = what_if(diagram, online, node, doubled)
        margin = facts.budget_ms - total
        answer = ("+" if margin >= 0 else "-") + format_ms(abs(margin))
        verdict = (f"fits, {format_ms(margin)} to spare" if margin >= 0
                   else f"misses by {format_ms(-margin)}")
        cards.append(QuizCard(
            diagram.id, f"whatif:{node}", "diagram-whatif",
            f"What if “{name(diagram, node)}” took twice as long? Does {where} still fit its "
            f"{format_ms(facts.budget_ms)} budget? Answer `fits by N ms` or `misses by N ms`.",
            f"The path would take {format_ms(total)}: {verdict} "
            f"({' → '.join(name(diagram, n) for n in path)})", (answer,),
            front_view=HIDDEN, back_view=View(highlight=(node,), path=tuple(path))))
    return cards
