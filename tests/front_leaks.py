"""What a card's front must not show, checked on the text `blueprint card show` prints and on
the SVG of the front's image as the Anki export draws it (one layout per diagram): names and aliases of blanked or asked stages, any latency figure
on latency kinds, any edge on path-order and rebuild cards."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from app.core.card_preview import preview
from app.core.diagram_quiz import load_quiz
from app.core.store import Store
from diagrams.latency import DURATION_RE, parse_duration
from diagrams.model import Diagram
from diagrams.render_views import render_views
from diagrams.view import View
from diagrams.words import normalise

LATENCY_KINDS = frozenset({"diagram-bottleneck", "diagram-latency", "diagram-stage-latency",
                           "diagram-branch", "diagram-slack", "diagram-whatif"})
EDGE_KINDS = frozenset({"diagram-order", "diagram-rebuild"})
_ARROWS = "▼▲▽△┴┬│─┆┄"


def front_text(store: Store, card_id: int) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(preview(store, store.card(card_id), back=False, width=120))
    return console.export_text()


def svg_text(svg: str) -> str:
    """The words an SVG shows: its <text> elements."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    return "\n".join(t.replace("&#45;", "-").replace("&amp;", "&").replace("&lt;", "<")
                     .replace("&gt;", ">").replace("&#160;", " ") for t in texts)


_BOX = re.compile(r"[\u2500-\u259f]+")  # box drawing: a phrase does not run across a border


def _said(name: str, text: str) -> bool:
    """`name` appears as whole words on one line of `text`, within one box of a drawing."""
    target = normalise(name)
    pieces = [piece for line in text.splitlines() for piece in _BOX.split(line)]
    return bool(target) and any(f" {target} " in f" {normalise(p)} " for p in pieces)


def leaks(store: Store, tmp: Path) -> tuple[list[str], int]:
    """Every way a diagram card's front gives its answer away; and how many fronts were checked."""
    problems: list[str] = []
    cards = [c for c in store.cards() if c.kind.startswith("diagram") and not c.retired]
    loaded = [load_quiz(store, card) for card in cards]
    wanted: dict[str, tuple[Diagram, set[View]]] = {}
    for item in loaded:  # one image per diagram and view: the node cards differ, the rest share
        wanted.setdefault(item.diagram.id, (item.diagram, set()))[1].add(item.quiz.front_view)
    paths: dict[tuple[str, View], Path] = {}
    for diagram_id, (diagram, views) in wanted.items():
        drawn, _ = render_views(diagram, sorted(views, key=repr), cache_dir=tmp)
        paths.update(((diagram_id, view), path) for view, path in drawn.items())
    svgs = [paths[(item.diagram.id, item.quiz.front_view)] for item in loaded]
    for card, item, svg_path in zip(cards, loaded, svgs, strict=True):
        quiz, graph = item.quiz, item.diagram.graph
        where = f"{quiz.card_id} ({card.source})"
        text = front_text(store, card.id)
        # all but the breadcrumb (the note's headings, the author's words around the diagram)
        start = " ".join(card.front.split()[:3])
        shown = text[text.index(start):] if start in text else text
        drawing_text = text.split(card.front.splitlines()[-1], 1)[-1]
        image = svg_text(svg_path.read_text(encoding="utf-8"))
        asked = set(quiz.front_view.blank) | set(quiz.back_view.highlight)
        visible = [n for n in graph.nodes if n not in asked]
        shown_names = " | ".join(str(graph.nodes[n].get("name") or n) for n in visible)
        if quiz.front_view.blank or quiz.kind in ("diagram-after", "diagram-before"):
            for answer in quiz.answers:
                if _said(answer, shown_names):
                    continue  # another stage's own name holds these words: names that stage
                for what, body in (("terminal", shown), ("svg", image)):
                    if _said(answer, body):
                        problems.append(f"{where}: {what} front shows the answer {answer!r}")
        if quiz.kind in LATENCY_KINDS:
            budget = item.diagram.budget_ms
            for what, body in (("terminal", text), ("svg", image)):
                for match in DURATION_RE.finditer(body):
                    value = parse_duration(match.group(0))
                    if budget is None or value is None or abs(value - budget) > 1e-9:
                        problems.append(f"{where}: {what} front shows {match.group(0)!r}")
        if quiz.kind in EDGE_KINDS:
            if any(char in drawing_text for char in _ARROWS):
                problems.append(f"{where}: terminal front draws edges")
            if 'class="edge"' in svg_path.read_text(encoding="utf-8"):
                problems.append(f"{where}: svg front draws edges")
    return problems, len(cards)
