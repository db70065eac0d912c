"""The drawn edges of a terminal drawing: one downward link per pair of nodes, kept acyclic."""

from __future__ import annotations

from dataclasses import dataclass, replace

from diagrams.display import edge_text
from diagrams.model import Diagram
from diagrams.terminal_rank import Dag
from diagrams.view import View, shown_edge_text

# Line kinds, ranked so that a cell shared by two edges takes the stronger one. WRONG and MISSED
# mark a rebuild's answer: an arrow it gave that the diagram lacks, one it left out.
DOTTED, NORMAL, THICK, WRONG, MISSED = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Link:
    """One drawn edge, oriented downwards (`upper` is ranked above `lower`)."""

    upper: str
    lower: str
    kind: int
    head_down: str | None  # at `lower`'s top: "point", "cross", "circle", "wrong" or None
    head_up: str | None  # arrowhead at `upper`'s bottom (a back edge, `<-->`, or a 2-cycle)
    text: str | None
    drawn: bool  # False for Mermaid's invisible `~~~` links, kept for layout only


def build_links(diagram: Diagram, view: View | None = None, *, compact: bool = False,
                ) -> tuple[list[Link], list[tuple[str, str, str | None]]]:
    """Acyclic, downward links for the layout, plus the self-loops (drawn as notes); `compact`
    turns an offline edge back where that saves a layer (a feedback loop beside the path)."""
    loops: list[tuple[str, str, str | None]] = []
    ranked: dict[tuple[str, str], Link] = {}
    dag = Dag(diagram.graph.nodes)
    same_way: dict[tuple[str, str], int] = {}  # (source, target) -> parallel edges drawn
    view = view or View()
    wrong = {"label": None, "kind": "normal", "arrow": "arrow_wrong", "wrong": True}
    edges = list(diagram.all_edges()) + [(u, v, wrong) for u, v in view.wrong]
    # Online edges claim the downward direction first, so offline loops are the ones turned back.
    edges.sort(key=lambda e: bool(e[2].get("offline") or e[2].get("kind") == "dotted"))
    for source, target, attrs in edges:
        text = shown_edge_text(diagram, attrs, view, edge_text(attrs))
        if source == target:
            loops.append((source, target, text))
            continue
        kind_name = attrs.get("kind", "normal")
        offline = bool(attrs.get("offline")) or kind_name == "dotted"
        kind = DOTTED if offline else THICK if kind_name == "thick" else NORMAL
        if attrs.get("wrong") or (source, target) in view.missed:
            kind = WRONG if attrs.get("wrong") else MISSED
        drawn = kind_name != "invisible"
        backwards = dag.backwards(source, target, offline=offline, compact=compact)
        upper, lower = (target, source) if backwards else (source, target)
        # Mermaid's arrow ends: `---` has no head, `--x` a cross, `--o` a circle, `<-->` two.
        arrow = str(attrs.get("arrow") or "arrow_point")
        head = None if not drawn or arrow.endswith("open") else (
            "cross" if arrow.endswith("cross") else "circle" if arrow.endswith("circle")
            else "wrong" if arrow.endswith("wrong") else "point")
        tail = head if arrow.startswith("double") else None
        down, up = (tail, head) if backwards else (head, tail)
        if drawn:
            same_way[(source, target)] = same_way.get((source, target), 0) + 1
        existing = ranked.get((upper, lower))
        if existing is not None:
            # The same pair both ways (a 2-cycle) or twice: one line, arrowheads at both ends,
            # the texts of both; `×2` marks parallel edges that have no text to tell them apart.
            ranked[(upper, lower)] = Link(
                upper, lower, max(existing.kind, kind) if drawn else existing.kind,
                existing.head_down or down, existing.head_up or up,
                _joined(existing.text, text), existing.drawn or drawn)
            continue
        dag.add(upper, lower)
        ranked[(upper, lower)] = Link(upper, lower, kind, down, up, text, drawn)
    return [_counted(link, same_way) for link in ranked.values()], loops


def _joined(first: str | None, second: str | None) -> str | None:
    """Texts of parallel edges drawn as one line: both, once each."""
    if first and second and second != first:
        return f"{first} / {second}"
    return first or second


def _counted(link: Link, same_way: dict[tuple[str, str], int]) -> Link:
    """Mark a line standing for several same-way edges whose texts do not show each one."""
    count = max(same_way.get((link.upper, link.lower), 0),
                same_way.get((link.lower, link.upper), 0))
    texts = len((link.text or "").split(" / ")) if link.text else 0
    if count < 2 or texts >= count:
        return link
    mark = f"×{count}"
    return replace(link, text=f"{mark} {link.text}" if link.text else mark)
