"""Diagram images (SVG, PNG) through Graphviz `dot`, cached by content hash, and node boxes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import graphviz

from diagrams.display import edge_text, node_lines
from diagrams.model import Diagram
from diagrams.view import View, shown_edge_text, shown_lines

ImageFormat = Literal["svg", "png"]
IMAGE_FORMATS: tuple[str, ...] = ("svg", "png")

# Colours are part of the contract with tests and the Anki exporter: a node's fill is sampled there.
NODE_FILL = "#e8f0fe"
NODE_BORDER = "#3c4a5c"
BLANK_FILL = "#ffd54f"
BLANK_BORDER = "#e65100"
HIGHLIGHT_FILL = "#c8e6c9"
HIGHLIGHT_BORDER = "#2e7d32"
OFFLINE_COLOUR = "#8a8a8a"
CLUSTER_COLOUR = "#9aa5b1"

# Graphviz adds this margin around the drawing when the graph sets no `pad` (points).
_DEFAULT_PAD_PT = 4.0

_RANKDIR = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}

# Mermaid vertex types -> Graphviz shapes; any other name is tried as a Graphviz shape itself.
_SHAPES: dict[str, tuple[str, str]] = {
    "square": ("box", ""),
    "rect": ("box", ""),
    "round": ("box", "rounded"),
    "stadium": ("box", "rounded"),
    "subroutine": ("box", ""),
    "cylinder": ("cylinder", ""),
    "circle": ("circle", ""),
    "doublecircle": ("doublecircle", ""),
    "diamond": ("diamond", ""),
    "hexagon": ("hexagon", ""),
    "lean_right": ("parallelogram", ""),
    "lean_left": ("parallelogram", ""),
    "trapezoid": ("trapezium", ""),
    "inv_trapezoid": ("invtrapezium", ""),
    "odd": ("cds", ""),
}
_GRAPHVIZ_SHAPES = frozenset(
    "box rect rectangle square ellipse oval circle doublecircle point egg triangle diamond "
    "trapezium parallelogram house pentagon hexagon septagon octagon cylinder note tab folder "
    "box3d component cds invtriangle invtrapezium invhouse plaintext plain none".split()
)
# Mermaid's arrow ends (the parser's `arrow` edge attribute) -> Graphviz arrowheads.
_ARROWHEADS = {"arrow_point": "normal", "arrow_open": "none", "arrow_cross": "tee",
               "arrow_circle": "odot"}
_ELLIPTIC = frozenset({"ellipse", "oval", "circle", "doublecircle", "point", "egg"})


class GraphvizMissing(RuntimeError):
    """Graphviz's `dot` program is not installed (or not on PATH)."""

    hint = "install it with `apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz`"

    def __init__(self) -> None:
        super().__init__(
            "Graphviz `dot` was not found on PATH; diagram images need it. Install it with "
            "`apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS); "
            "terminal drawing works without it."
        )


class RenderError(RuntimeError):
    """`dot` ran but failed on the source we gave it."""


@dataclass(frozen=True)
class Box:
    """A node's bounding box as fractions (0-1) of the rendered image, y pointing down."""

    left: float
    top: float
    width: float
    height: float
    shape: Literal["rect", "ellipse"]

    @property
    def rx(self) -> float:
        return self.width / 2

    @property
    def ry(self) -> float:
        return self.height / 2


def graphviz_names(diagram: Diagram) -> dict[str, str]:
    """Diagram node id -> the generated Graphviz node name (`n0`, `n1`, ... in node order).

    Mermaid ids never reach Graphviz: a `:` in a node name is a port there.
    """
    return {node: f"n{index}" for index, node in enumerate(diagram.graph.nodes)}


def _dot_text(lines: list[str]) -> str:
    # Doubled backslashes keep `\N`, `\G`, `\l` literal; nohtml keeps `<...>` from becoming HTML.
    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines))


def _node_style(attrs: dict[str, Any]) -> dict[str, str]:
    kind = str(attrs.get("shape") or "square")
    shape, extra = _SHAPES.get(kind, (kind if kind in _GRAPHVIZ_SHAPES else "box", ""))
    style = ",".join(part for part in ("filled", extra) if part)
    return {"shape": shape, "style": style}


def dot_source(diagram: Diagram, *, blank: str | None = None, highlight: str | None = None,
               view: View | None = None) -> str:
    """The DOT text for a diagram; the same text gives the image and its node boxes.

    `view` (diagrams.view.View) says what may show; `blank`/`highlight` are its short form.
    """
    graph = diagram.graph
    view = view or View.of(blank, highlight)
    for role, nodes in (("blank", view.blank), ("highlight", view.highlight + view.path)):
        for node in nodes:
            if node not in graph:
                raise ValueError(f"{role} node {node!r} is not in diagram {diagram.id!r}")
    names = graphviz_names(diagram)
    dot = graphviz.Digraph("blueprint")
    rankdir = _RANKDIR.get(diagram.direction.upper(), "TB")
    header = _HEADERS.get(rankdir)
    if header is None:
        dot.attr(rankdir=rankdir, bgcolor="white")
        dot.attr("graph", fontname="Helvetica", fontsize="12", nodesep="0.35", ranksep="0.45")
        dot.attr("node", fontname="Helvetica", fontsize="12", color=NODE_BORDER,
                 fillcolor=NODE_FILL)
        dot.attr("node", margin="0.12,0.06")
        dot.attr("edge", fontname="Helvetica", fontsize="10", color=NODE_BORDER, arrowsize="0.7")
        header = _HEADERS[rankdir] = tuple(dot.body)
    else:
        dot.body.extend(header)

    members: dict[str | None, list[str]] = {}
    for node, attrs in graph.nodes(data=True):
        members.setdefault(attrs.get("subgraph"), []).append(node)
    for node in members.get(None, []):
        _add_line(dot, "node", names[node], _node_attrs(graph, node, view))
    clusters = [key for key in members if key is not None]
    for index, sub in enumerate(clusters):
        with dot.subgraph(name=f"cluster_{index}") as cluster:
            title = diagram.subgraphs.get(sub, sub)
            cluster.attr(label=_dot_text([title]) if title else "", style="rounded,dashed",
                         color=CLUSTER_COLOUR, fontcolor="#52606d", fontsize="11")
            for node in members[sub]:
                _add_line(cluster, "node", names[node], _node_attrs(graph, node, view))
    if not view.hide_edges:  # the arrows are the answer; even invisible ones would set the ranks
        for source, target, attrs in diagram.all_edges():
            _add_line(dot, "edge", (names[source], names[target]),
                      _edge_attrs(diagram, attrs, view))
    return dot.source


# Node and edge statements already written, by what they say: the views of one diagram repeat
# most of them, and the graphviz package's quoting is most of a DOT source's cost.
_LINES: dict[tuple[object, ...], str] = {}
_HEADERS: dict[str, tuple[str, ...]] = {}  # rankdir -> the graph's attribute lines
_MAX_LINES = 50_000


def _add_line(dot: Any, kind: str, name: str | tuple[str, str], attrs: dict[str, str]) -> None:
    """`dot.node(name, **attrs)` or `dot.edge(*name, **attrs)`, its line remembered."""
    key = (kind, name, *((k, type(v), v) for k, v in attrs.items()))
    line = _LINES.get(key)
    if line is not None:
        dot.body.append(line)
        return
    if kind == "node":
        dot.node(name, **attrs)
    else:
        dot.edge(*name, **attrs)
    if len(_LINES) >= _MAX_LINES:
        _LINES.clear()
    _LINES[key] = dot.body[-1]


def _node_attrs(graph: Any, node: str, view: View) -> dict[str, str]:
    """A node's DOT attributes under `view`: its label, shape and the blank/answer marking."""
    style = _node_style(graph.nodes[node])
    if node in view.blank:
        return {"label": _dot_text(["?"]), **style, "fillcolor": BLANK_FILL,
                "color": BLANK_BORDER, "penwidth": "2.5", "fontname": "Helvetica-Bold",
                "fontsize": "16"}
    label = _dot_text(shown_lines(graph, node, view, node_lines(graph, node)))
    if node in view.highlight:
        return {"label": label, **style, "fillcolor": HIGHLIGHT_FILL, "color": HIGHLIGHT_BORDER,
                "penwidth": "2.5"}
    if node in view.path:
        return {"label": label, **style, "color": HIGHLIGHT_BORDER, "penwidth": "2.5"}
    return {"label": label, **style}


def _edge_attrs(diagram: Diagram, attrs: dict[str, Any], view: View) -> dict[str, str]:
    """An edge's DOT attributes: its shown label, online/offline style and arrowheads."""
    edge: dict[str, str] = {}
    text = shown_edge_text(diagram, attrs, view, edge_text(attrs))
    if text:
        edge["label"] = _dot_text([text])
    kind = attrs.get("kind", "normal")
    if attrs.get("offline") or kind == "dotted":
        edge.update(style="dashed", color=OFFLINE_COLOUR, fontcolor=OFFLINE_COLOUR)
    elif kind == "thick":
        edge["penwidth"] = "2.5"
    elif kind == "invisible":
        edge["style"] = "invis"
    arrow = str(attrs.get("arrow") or "arrow_point")
    head = _ARROWHEADS.get(arrow.removeprefix("double_"), "normal")
    if head != "normal":
        edge["arrowhead"] = head
    if arrow.startswith("double_"):
        edge.update(dir="both", arrowtail=head)
    return edge


def _cache_key(source: str, fmt: str) -> str:
    # A JSON list is delimiter-safe: no source text can collide with another (source, format) pair.
    return hashlib.sha256(json.dumps([fmt, source]).encode("utf-8")).hexdigest()


def _run_dot(source: str, fmt: str) -> bytes:
    try:
        data: bytes = graphviz.Source(source).pipe(format=fmt)
    except graphviz.ExecutableNotFound as error:
        raise GraphvizMissing() from error
    except graphviz.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace") if isinstance(error.stderr, bytes) else ""
        raise RenderError(f"dot failed to render {fmt}: {detail.strip()}") from error
    return data


def _render_cached(source: str, fmt: str, cache_dir: Path) -> Path:
    path = cache_dir / f"{_cache_key(source, fmt)}.{fmt}"
    if path.exists():
        return path
    data = _run_dot(source, fmt)
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write then rename, so a concurrent reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".render-",
                                         suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_image(
    diagram: Diagram,
    fmt: ImageFormat,
    *,
    blank: str | None = None,
    highlight: str | None = None,
    cache_dir: Path,
    view: View | None = None,
) -> Path:
    """Render through `dot` into `cache_dir/<content hash>.<fmt>`; a cached file is reused.

    Raises GraphvizMissing when `dot` is not installed, RenderError when it fails.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    source = dot_source(diagram, blank=blank, highlight=highlight, view=view)
    return _render_cached(source, fmt, cache_dir)


@dataclass(frozen=True)
class ImageJob:
    """One image to render: a diagram with an optional blank and highlight."""

    diagram: Diagram
    blank: str | None = None
    highlight: str | None = None
    view: View | None = None


def render_many(
    jobs: list[ImageJob], fmt: ImageFormat, *, cache_dir: Path, workers: int | None = None
) -> list[Path]:
    """`render_image` for many jobs, `dot` processes running in parallel; paths in job order."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    sources = [dot_source(job.diagram, blank=job.blank, highlight=job.highlight, view=job.view)
               for job in jobs]
    # Threads suffice: the work happens in `dot` subprocesses.
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        return list(pool.map(lambda source: _render_cached(source, fmt, cache_dir), sources))


def node_boxes(
    diagram: Diagram,
    *,
    blank: str | None = None,
    highlight: str | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Box]:
    """Each node's box in the PNG `render_image` makes with the same arguments, as 0-1 fractions.

    Computed from `dot -Tjson` of the same DOT source, so dpi and
    size do not matter. With `cache_dir`, the layout JSON is cached beside the images.
    """
    source = dot_source(diagram, blank=blank, highlight=highlight)
    if cache_dir is not None:
        layout = json.loads(_render_cached(source, "json", cache_dir).read_bytes())
    else:
        layout = json.loads(_run_dot(source, "json"))
    return _boxes_from_layout(layout, graphviz_names(diagram))


def _boxes_from_layout(layout: dict[str, Any], names: dict[str, str]) -> dict[str, Box]:
    llx, lly, urx, ury = (float(value) for value in str(layout["bb"]).split(","))
    pad = _DEFAULT_PAD_PT
    if layout.get("pad"):
        pad = float(str(layout["pad"]).split(",")[0]) * 72
    image_w = (urx - llx) + 2 * pad
    image_h = (ury - lly) + 2 * pad
    node_of = {name: node for node, name in names.items()}
    boxes: dict[str, Box] = {}
    for obj in layout.get("objects", []):
        # Clusters are objects too; they are the ones listing their member nodes.
        if "nodes" in obj or obj.get("name") not in node_of or "pos" not in obj:
            continue
        cx, cy = (float(value) for value in str(obj["pos"]).split(","))
        w = float(obj["width"]) * 72
        h = float(obj["height"]) * 72
        boxes[node_of[obj["name"]]] = Box(
            left=(cx - w / 2 - llx + pad) / image_w,
            top=(ury - (cy + h / 2) + pad) / image_h,
            width=w / image_w,
            height=h / image_h,
            shape="ellipse" if obj.get("shape") in _ELLIPTIC else "rect",
        )
    return boxes
