"""Layered (Sugiyama) layout of a diagram on a character grid: layers, box sizes, columns, ports."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import DummyVertex, SugiyamaLayout, VertexViewer
from rich.cells import cell_len

from diagrams.display import edge_text, node_lines
from diagrams.model import Diagram
from diagrams.view import View, shown_edge_text, shown_lines

# Line kinds, ranked so that a cell shared by two edges takes the stronger one.
DOTTED, NORMAL, THICK = 0, 1, 2

_ORDER_SWEEPS = 4


@dataclass(frozen=True)
class Link:
    """One drawn edge, oriented downwards (`upper` is ranked above `lower`)."""

    upper: str
    lower: str
    kind: int
    head_down: str | None  # arrowhead at `lower`'s top: "point", "cross", "circle" or None
    head_up: str | None  # arrowhead at `upper`'s bottom (a back edge, `<-->`, or a 2-cycle)
    text: str | None
    drawn: bool  # False for Mermaid's invisible `~~~` links, kept for layout only


@dataclass(eq=False)
class Item:
    """A box (a node) or a dummy (one column an edge passes through) in one layer."""

    layer: int
    node: str | None
    link: int | None = None  # for a dummy: the index of its Link
    lines: list[str] = field(default_factory=list)
    w: int = 1
    h: int = 1
    x: int = 0
    real: tuple[int, int] = (1, 1)  # left-to-right drawing: the box's (width, height)
    tops: list[Segment] = field(default_factory=list)  # segments arriving from above
    bottoms: list[Segment] = field(default_factory=list)  # segments leaving downwards

    @property
    def anchor(self) -> int:
        """Offset of the column edges aim for: a box's middle, a dummy's only column."""
        return (self.w - 2) // 2 + 1 if self.node is not None else 0


@dataclass(eq=False)
class Segment:
    """The part of a link between two adjacent layers."""

    link: int
    upper: Item
    lower: Item
    top_col: int = 0  # column leaving `upper`
    bottom_col: int = 0  # column entering `lower`


@dataclass
class Layout:
    layers: list[list[Item]]
    links: list[Link]
    segments: list[Segment]
    canvas_w: int
    loops: list[tuple[str, str, str | None]]  # self-loops: (node, node, edge text)
    across: bool = False  # True: layers run left to right (the layout is transposed)


def build_links(diagram: Diagram, view: View | None = None,
                ) -> tuple[list[Link], list[tuple[str, str, str | None]]]:
    """Acyclic, downward links for the layout, plus the self-loops (drawn as notes)."""
    graph = diagram.graph
    loops: list[tuple[str, str, str | None]] = []
    ranked: dict[tuple[str, str], Link] = {}
    dag_succ: dict[str, set[str]] = {node: set() for node in graph.nodes}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            for nxt in dag_succ[current] - seen:
                seen.add(nxt)
                stack.append(nxt)
        return False

    edges = list(diagram.all_edges())
    # Online edges claim the downward direction first, so offline loops are the ones turned back.
    edges.sort(key=lambda e: bool(e[2].get("offline") or e[2].get("kind") == "dotted"))
    for source, target, attrs in edges:
        text = shown_edge_text(diagram, attrs, view or View(), edge_text(attrs))
        if source == target:
            loops.append((source, target, text))
            continue
        kind_name = attrs.get("kind", "normal")
        offline = bool(attrs.get("offline")) or kind_name == "dotted"
        kind = DOTTED if offline else THICK if kind_name == "thick" else NORMAL
        drawn = kind_name != "invisible"
        backwards = reaches(target, source)
        upper, lower = (target, source) if backwards else (source, target)
        # Mermaid's arrow ends: `---` has no head, `--x` a cross, `--o` a circle, `<-->` two.
        arrow = str(attrs.get("arrow") or "arrow_point")
        head = None if not drawn or arrow.endswith("open") else (
            "cross" if arrow.endswith("cross") else "circle" if arrow.endswith("circle")
            else "point")
        tail = head if arrow.startswith("double") else None
        down, up = (tail, head) if backwards else (head, tail)
        existing = ranked.get((upper, lower))
        if existing is not None:
            # The same pair both ways (a 2-cycle) or twice: one line, arrowheads at both ends.
            ranked[(upper, lower)] = Link(
                upper, lower, max(existing.kind, kind) if drawn else existing.kind,
                existing.head_down or down, existing.head_up or up,
                _joined(existing.text, text), existing.drawn or drawn)
            continue
        dag_succ[upper].add(lower)
        ranked[(upper, lower)] = Link(upper, lower, kind, down, up, text, drawn)
    return list(ranked.values()), loops


def _joined(first: str | None, second: str | None) -> str | None:
    """Texts of parallel edges drawn as one line: both, once each."""
    if first and second and second != first:
        return f"{first} / {second}"
    return first or second


def _layers(diagram: Diagram, links: list[Link]) -> list[list[Item]]:
    """Rank and order with grandalf's Sugiyama layout, one connected component at a time."""
    vertices = {node: Vertex(node) for node in diagram.graph.nodes}
    for vertex in vertices.values():
        vertex.view = VertexViewer(w=10, h=3)
    edges = [Edge(vertices[link.upper], vertices[link.lower], data=i)
             for i, link in enumerate(links)]
    layers: list[list[Item]] = []
    for component in Graph(list(vertices.values()), edges).C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.init_all(inverted_edges=[])
        for _ in range(_ORDER_SWEEPS):
            for _ in sugiyama.ordering_step():
                pass
        dummy_link = {
            dummy: edge.data
            for edge, ctrl in sugiyama.ctrls.items()
            for dummy in ctrl.values()
            if isinstance(dummy, DummyVertex)
        }
        for rank, layer in enumerate(sugiyama.layers):
            while len(layers) <= rank:
                layers.append([])
            for vertex in layer:
                if isinstance(vertex, DummyVertex):
                    layers[rank].append(Item(rank, None, link=dummy_link[vertex]))
                else:
                    layers[rank].append(Item(rank, vertex.data))
    return layers


def _connect(layers: list[list[Item]], links: list[Link]) -> list[Segment]:
    where: dict[str, Item] = {item.node: item for layer in layers for item in layer if item.node}
    dummies: dict[int, list[Item]] = {}
    for layer in layers:
        for item in layer:
            if item.link is not None:
                dummies.setdefault(item.link, []).append(item)
    segments: list[Segment] = []
    for index, link in enumerate(links):
        chain = [where[link.upper], *dummies.get(index, []), where[link.lower]]
        for upper, lower in zip(chain, chain[1:], strict=False):
            segment = Segment(index, upper, lower)
            if link.drawn:
                upper.bottoms.append(segment)
                lower.tops.append(segment)
            segments.append(segment)
    return segments


def _fits() -> list[tuple[int, int, int, bool]]:
    """(wrap width, padding inside the border, gap between items, break long words), best first."""
    whole = [(wrap, pad, gap, False) for wrap in range(20, 3, -1) for pad, gap in ((1, 2), (0, 1))]
    return whole + [(wrap, 0, 1, True) for wrap in range(12, 2, -1)]


_FITS = _fits()


def _size_boxes(diagram: Diagram, layers: list[list[Item]], view: View,
                width: int) -> tuple[int, list[int]]:
    """Wrap and pad each layer's boxes until the layer fits `width`: canvas width, gaps."""
    needed, gaps = 0, []
    raw = {item.node: shown_lines(diagram.graph, item.node, view,
                                  node_lines(diagram.graph, item.node))
           for layer in layers for item in layer if item.node is not None}
    for layer in layers:
        for wrap, pad, gap, breaking in _FITS:
            total = gap * (len(layer) - 1)
            for item in layer:
                if item.node is None:
                    item.w, item.h = 1, 1
                else:
                    item.lines = [part for line in raw[item.node]
                                  for part in textwrap.wrap(line, wrap,
                                                            break_long_words=breaking) or [""]]
                    least = 3 if item.node in view.blank else 1
                    ports = max(len(item.tops), len(item.bottoms), least)
                    inner = max(max(cell_len(line) for line in item.lines), ports)
                    item.w, item.h = inner + 2 + 2 * pad, len(item.lines) + 2
                total += item.w
            if total <= width:
                break
        needed = max(needed, total)
        gaps.append(gap)
    return (min(width, needed + 8) if needed <= width else needed), gaps


def _size_across(diagram: Diagram, layers: list[list[Item]], links: list[Link], view: View,
                 width: int) -> tuple[int, list[int]] | None:
    """Box sizes for a left-to-right drawing, or None when no wrap makes it fit `width`.

    Transposed terms: an item's `w` is its height (the cross axis), its `h` its width (the
    layer's thickness); `real` keeps (width, height) for drawing the box.
    """
    raw = {item.node: shown_lines(diagram.graph, item.node, view,
                                  node_lines(diagram.graph, item.node))
           for layer in layers for item in layer if item.node is not None}
    label_room = [min(max((len(links[s.link].text or "") for item in layer for s in item.bottoms
                           if links[s.link].text and s.lower.node), default=-2), 18) + 2
                  for layer in layers]
    channels = [len({id(s) for item in layer for s in item.bottoms}) for layer in layers]
    narrowest = (2, 5)  # tried first: when even that does not fit, draw top-down at once
    for pad, wrap in [narrowest, *((pad, wrap) for pad in (4, 2) for wrap in range(16, 5, -1))]:
        thick = []
        for layer in layers:
            widest = 1
            for item in layer:
                if item.node is None:
                    item.w, item.h, item.real = 1, 1, (1, 1)
                    continue
                item.lines = [part for line in raw[item.node] for part in
                              textwrap.wrap(line, wrap, break_long_words=False) or [""]]
                least = 3 if item.node in view.blank else 1
                ports = max(len(item.tops), len(item.bottoms), 1)
                real_w = max(max(cell_len(line) for line in item.lines), least) + pad
                real_h = max(len(item.lines), ports) + 2
                item.w, item.h, item.real = real_h, real_w, (real_w, real_h)
                widest = max(widest, real_w)
            thick.append(widest)
        if sum(thick) + sum(min(c, 2) + 2 + labels for c, labels in
                            zip(channels[:-1], label_room[:-1], strict=True)) <= width:
            if (pad, wrap) == narrowest:
                continue  # it fits: now find the widest boxes that do
            cross = max(sum(item.w for item in layer) + len(layer) for layer in layers)
            return cross + 4, [1] * len(layers)
        if (pad, wrap) == narrowest:
            return None
    return None


def _isotonic(values: list[float]) -> list[float]:
    """Least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []
    for value in values:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    return [block[0] / block[1] for block in blocks for _ in range(int(block[1]))]


def _place(layer: list[Item], gap: int, targets: list[float], canvas_w: int) -> None:
    """Columns for a layer's items, in order, without overlap, anchors as near their targets."""
    offsets, run = [], 0
    for item in layer:
        offsets.append(run)
        run += item.w + gap
    span = run - gap
    fitted = _isotonic([t - item.anchor - off for t, item, off in zip(targets, layer, offsets,
                                                                        strict=True)])
    high = max(0, canvas_w - span)
    for item, off, value in zip(layer, offsets, fitted, strict=True):
        item.x = off + min(max(round(value), 0), high)


def _targets(layer: list[Item], upward: bool, ports: bool) -> list[float]:
    out = []
    for item in layer:
        if upward:
            cols = [s.bottom_col if ports else s.lower.x + s.lower.anchor for s in item.bottoms]
        else:
            cols = [s.top_col if ports else s.upper.x + s.upper.anchor for s in item.tops]
        out.append(sum(cols) / len(cols) if cols else float(item.x + item.anchor))
    return out


def _assign_ports(layers: list[list[Item]]) -> None:
    for layer in layers:
        for item in layer:
            if item.node is None:
                for segment in item.bottoms:
                    segment.top_col = item.x
                for segment in item.tops:
                    segment.bottom_col = item.x
                continue
            inner = item.w - 2
            below = sorted(item.bottoms, key=lambda s: s.lower.x + s.lower.anchor)
            for i, segment in enumerate(below):
                segment.top_col = item.x + 1 + int((i + 0.5) * inner / len(below))
            above = sorted(item.tops, key=lambda s: s.upper.x + s.upper.anchor)
            for i, segment in enumerate(above):
                segment.bottom_col = item.x + 1 + int((i + 0.5) * inner / len(above))


def layout(diagram: Diagram, *, view: View, width: int, across: bool = False) -> Layout:
    """Layers in crossing-reduced order, boxes sized to fit `width`, columns and edge ports.

    `across`: lay the layers out left to right when that fits `width` (else top-down).
    """
    links, loops = build_links(diagram, view)
    layers = _layers(diagram, links)
    segments = _connect(layers, links)
    fitted = _size_across(diagram, layers, links, view, width) if across else None
    across = fitted is not None
    canvas_w, gaps = fitted or _size_boxes(diagram, layers, view, width)

    def place(rank: int, upward: bool, ports: bool) -> None:
        layer = layers[rank]
        _place(layer, gaps[rank], _targets(layer, upward, ports), canvas_w)

    for rank, layer in enumerate(layers):
        _place(layer, gaps[rank], [canvas_w / 2] * len(layer), canvas_w)
    # Down, up, down: children under their parents, then parents over their children.
    for rank in range(1, len(layers)):
        place(rank, False, False)
    for rank in range(len(layers) - 2, -1, -1):
        place(rank, True, False)
    for rank in range(1, len(layers)):
        place(rank, False, False)
    # A last sweep aims at the actual ports, so a single edge drops straight down.
    _assign_ports(layers)
    for rank in range(1, len(layers)):
        place(rank, False, True)
        _assign_ports([layers[rank]])
    return Layout(layers, links, segments, canvas_w, loops, across)
