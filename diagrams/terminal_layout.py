"""Layered (Sugiyama) layout of a diagram on a character grid: layers, box sizes, columns, ports."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import DummyVertex, VertexViewer
from rich.cells import cell_len

from diagrams.display import node_lines
from diagrams.model import Diagram
from diagrams.terminal_links import Link, build_links
from diagrams.terminal_rank import RankedLayout, balanced_ranks
from diagrams.view import View, shown_lines

_ORDER_SWEEPS = 4


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
    extra: int = 0  # across: a column of straight run added to each channel


def _layers(diagram: Diagram, links: list[Link]) -> list[list[Item]]:
    """Rank and order with grandalf's Sugiyama layout, one connected component at a time."""
    vertices = {node: Vertex(node) for node in diagram.graph.nodes}
    for vertex in vertices.values():
        vertex.view = VertexViewer(w=10, h=3)
    edges = [Edge(vertices[link.upper], vertices[link.lower], data=i)
             for i, link in enumerate(links)]
    weight = {node: 3 + sum(len(line) // 12 + 1 for line in node_lines(diagram.graph, node))
              for node in diagram.graph.nodes}
    ranks = balanced_ranks(list(diagram.graph.nodes), [(k.upper, k.lower) for k in links],
                           weight)
    layers: list[list[Item]] = []
    for component in Graph(list(vertices.values()), edges).C:
        sugiyama = RankedLayout(component, ranks)
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


def _size_boxes(raw: dict[str, list[str]], layers: list[list[Item]], view: View,
                width: int) -> tuple[int, list[int]]:
    """Wrap and pad each layer's boxes until the layer fits `width`: canvas width, gaps."""
    needed, gaps = 0, []
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


@dataclass(frozen=True)
class AcrossStyle:
    """How a left-to-right drawing is packed: label wrap width, box width over the text (2: the
    borders only, 4: a space each side), an extra column of straight run before each layer."""

    wrap: int
    pad: int
    extra: int


# Roomiest first; for each wrap width the roomy boxes, then tight ones, so that a long chain
# keeps wide labels (few rows) and gives up the padding before it gives up words per line.
ACROSS_STYLES = tuple(AcrossStyle(wrap, pad, extra) for wrap in range(28, 4, -1)
                      for pad, extra in ((4, 1), (2, 1), (2, 0)))


def size_across(raw: dict[str, list[str]], layers: list[list[Item]], links: list[Link],
                view: View, style: AcrossStyle) -> tuple[int, int]:
    """Box sizes for a left-to-right drawing: (least width it can take, cross extent).

    Transposed terms: an item's `w` is its height (the cross axis), its `h` its width (the
    layer's thickness); `real` keeps (width, height) for drawing the box.
    """
    total = 0
    for rank, layer in enumerate(layers):
        widest = 1
        for item in layer:
            if item.node is None:
                item.w, item.h, item.real = 1, 1, (1, 1)
                continue
            item.lines, cells = _wrapped(raw[item.node], style.wrap)
            least = 3 if item.node in view.blank else 1
            ports = max(len(item.tops), len(item.bottoms), 1)
            real_w = max(cells, least) + style.pad
            real_h = max(len(item.lines), ports) + 2
            item.w, item.h, item.real = real_h, real_w, (real_w, real_h)
            widest = max(widest, real_w)
        total += widest
        if rank < len(layers) - 1:
            texts = [links[s.link].text or "" for item in layer for s in item.bottoms
                     if s.lower.node is not None]
            labels = min(max((cell_len(t) for t in texts if t), default=-2), 18) + 2
            total += 1 + style.extra + labels
    cross = max(sum(item.w for item in layer) + sum(
        a.node is not None or b.node is not None for a, b in zip(layer, layer[1:], strict=False))
        for layer in layers)
    return total, cross


def least_across(raw: dict[str, list[str]], layers: list[list[Item]], links: list[Link],
                 view: View, style: AcrossStyle) -> int:
    """The width `size_across` would report, without sizing anything (a quick first test)."""
    total = 0
    for rank, layer in enumerate(layers):
        total += max(max((max(_wrapped(raw[item.node], style.wrap)[1],
                              3 if item.node in view.blank else 1) + style.pad
                          for item in layer if item.node is not None), default=1), 1)
        if rank < len(layers) - 1:
            texts = [links[s.link].text for item in layer for s in item.bottoms
                     if s.lower.node is not None and links[s.link].text]
            total += 1 + style.extra + min(max((cell_len(t or "") for t in texts),
                                               default=-2), 18) + 2
    return total


_WRAPS: dict[tuple[str, int], tuple[list[str], int]] = {}


def _wrapped(lines: list[str], wrap: int) -> tuple[list[str], int]:
    """Lines wrapped at `wrap` cells, words kept whole, and the widest one's cells (cached:
    sizing tries many widths)."""
    out, cells = [], 0
    for line in lines:
        key = (line, wrap)
        if key not in _WRAPS:
            if len(_WRAPS) > 4096:
                _WRAPS.clear()
            parts = textwrap.wrap(line, wrap, break_long_words=False) or [""]
            _WRAPS[key] = parts, max(cell_len(part) for part in parts)
        parts, widest = _WRAPS[key]
        out += parts
        cells = max(cells, widest)
    return out, cells


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
    """Columns for a layer's items, in order, without overlap, anchors as near their targets.
    A negative `gap` (across): one cell between items, none between two edge lines."""
    offsets, run = [], 0
    for index, item in enumerate(layer):
        if index and gap < 0:
            run += 0 if item.node is None and layer[index - 1].node is None else 1
        elif index:
            run += gap
        offsets.append(run)
        run += item.w
    span = run
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


@dataclass
class Prepared:
    """What every packing of a drawing shares: links, ordered layers, segments, box texts."""

    links: list[Link]
    loops: list[tuple[str, str, str | None]]
    layers: list[list[Item]]
    segments: list[Segment]
    raw: dict[str, list[str]]


def prepare(diagram: Diagram, view: View, *, compact: bool = False) -> Prepared:
    """Links, layers in crossing-reduced order and the texts of the boxes (the costly part)."""
    links, loops = build_links(diagram, view, compact=compact)
    layers = _layers(diagram, links)
    segments = _connect(layers, links)
    raw = {item.node: shown_lines(diagram.graph, item.node, view,
                                  node_lines(diagram.graph, item.node))
           for layer in layers for item in layer if item.node is not None}
    return Prepared(links, loops, layers, segments, raw)


def layout_down(prep: Prepared, view: View, width: int) -> Layout:
    """A top-down layout whose layers fit `width`."""
    canvas_w, gaps = _size_boxes(prep.raw, prep.layers, view, width)
    _position(prep.layers, gaps, canvas_w)
    return Layout(prep.layers, prep.links, prep.segments, canvas_w, prep.loops)


def layout_across(prep: Prepared, view: View, style: AcrossStyle, cross: int) -> Layout:
    """A left-to-right layout packed by `style`, its cross axis `cross` rows."""
    _position(prep.layers, [-1] * len(prep.layers), cross)
    return Layout(prep.layers, prep.links, prep.segments, cross, prep.loops, True, style.extra)


def _position(layers: list[list[Item]], gaps: list[int], canvas_w: int) -> None:
    """Columns (rows, across) for every item and the ports of every segment."""
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
