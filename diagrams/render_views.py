"""Every view of one diagram (blanked, highlighted, latencies hidden) from one Graphviz layout.

`dot` lays the full diagram out once (`-Tjson`, with the full picture drawn in the same run);
each view's DOT source then gets that layout pinned in (node positions and sizes, edge splines,
cluster boxes) and all views are drawn by one more Graphviz process with no layout at all
(`-Kneato -n2`, positions taken as given). So the images of one diagram share one layout: a
blank keeps the size and place of the stage it hides, and a diagram costs two processes however
many cards it has. Views that drop the edges (`hide_edges`) change the ranks, so each of those
is laid out on its own, as `render_image` does.

SVG is the default: Graphviz writes it about twenty times faster than a PNG (no rasterising
through cairo), every Anki client shows it, and Image Occlusion accepts it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diagrams.model import Diagram
from diagrams.render_image import (
    Box,
    GraphvizMissing,
    ImageFormat,
    RenderError,
    _boxes_from_layout,
    _render_cached,
    dot_source,
    graphviz_names,
    write_atomic,
)
from diagrams.view import View

# Part of every file name: a change here renders afresh. views-2: every SVG as a run of its own
# writes it (views-1 files named a view's top group by its place in a run).
_LAYOUT_VERSION = "views-2"
_NODE = re.compile(r"^(\t+)(n\d+) \[")
_EDGE = re.compile(r"^(\t+)(n\d+) -> (n\d+)(?: \[(.*)\])?$")
_CLUSTER = re.compile(r"^(\t+)subgraph (cluster_\d+) \{$")


class Layout:
    """One `dot -Tjson` layout: positions by Graphviz node, edge and cluster name."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        objects = data.get("objects", [])
        self.bb = str(data["bb"])
        self.nodes = {o["name"]: o for o in objects if "nodes" not in o and "pos" in o}
        self.clusters = {o["name"]: o for o in objects if "nodes" in o and "bb" in o}
        self.edges = {(objects[e["tail"]]["name"], objects[e["head"]]["name"]): e
                      for e in data.get("edges", []) if "pos" in e}
        self.pinned: dict[str, str] = {}  # a source line -> that line placed (pinned_source)


def _attrs(pairs: dict[str, Any]) -> str:
    return " ".join(f'{k}="{v}"' for k, v in pairs.items() if v is not None)


def pinned_source(source: str, layout: Layout) -> str:
    """`source` (a dot_source text) with every node, edge and cluster placed as in `layout`."""
    done = layout.pinned
    out: list[str] = []
    for line in source.splitlines():
        pinned = done.get(line)
        if pinned is None:  # the views of a diagram share most of their lines
            pinned = done[line] = _pin_line(line, layout)
        out.append(pinned)
    return "\n".join(out) + "\n"


def _pin_line(line: str, layout: Layout) -> str:
    """One line of a DOT source, placed as in `layout` (with the lines it brings, if any)."""
    node, edge, cluster = _NODE.match(line), _EDGE.match(line), _CLUSTER.match(line)
    if node and node.group(2) in layout.nodes:
        o = layout.nodes[node.group(2)]
        pins = _attrs({"pos": o["pos"], "width": o["width"], "height": o["height"],
                       "fixedsize": "true"})
        line = f"{line[:node.end()]}{pins} {line[node.end():]}"
    elif edge and (edge.group(2), edge.group(3)) in layout.edges:
        e = layout.edges[(edge.group(2), edge.group(3))]
        rest = edge.group(4)
        pins = _attrs({"pos": e["pos"], "lp": e.get("lp") if rest and "label=" in rest
                       else None})
        line = f"{edge.group(1)}{edge.group(2)} -> {edge.group(3)} [{pins}" + (
            f" {rest}]" if rest else "]")
    out = [line]
    if line.startswith("digraph "):
        # Without layout, Graphviz bounds the drawing by nodes and edges only (clusters'
        # frames and titles would be clipped): two invisible points hold the layout's corners.
        llx, lly, urx, ury = layout.bb.split(",")
        for n, (x, y) in enumerate(((llx, lly), (urx, ury))):
            out.append(f'\tbp_corner{n} [pos="{x},{y}" shape=point style=invis width=0 '
                       'height=0 label=""]')
    elif cluster and cluster.group(2) in layout.clusters:
        c = layout.clusters[cluster.group(2)]
        out.append(f"{cluster.group(1)}\t{_attrs({'bb': c['bb'], 'lp': c.get('lp')})}")
    return "\n".join(out)


def _graphviz(args: list[str], data: bytes = b"") -> bytes:
    try:
        done = subprocess.run(["dot", *args], input=data, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise GraphvizMissing() from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"dot failed: {detail}")
    return done.stdout


def split_pngs(data: bytes) -> list[bytes]:
    """Consecutive PNG files (as `dot -Tpng` writes one per graph) cut apart at their IEND."""
    signature = b"\x89PNG\r\n\x1a\n"
    images: list[bytes] = []
    start = 0
    while start < len(data):
        if data[start:start + 8] != signature:
            raise RenderError("Graphviz wrote something other than PNG images")
        at = start + 8
        while True:
            length = int.from_bytes(data[at:at + 4], "big")
            kind = data[at + 4:at + 8]
            at += 12 + length
            if kind == b"IEND" or at >= len(data):
                break
        images.append(data[start:at])
        start = at
    return images


_SVG_END = b"</svg>"
# The top group's id Graphviz 2.43 gives the first graph of a run, and every later one.
_FIRST_GROUP = b'<g id="graph0" '
_LATER_GROUP = b'<g id="page0,1_graph0" '


def as_first_graph(svg: bytes) -> bytes:
    """An SVG drawn after other graphs in one run, as a run of its own would write it: so a
    view's bytes (and its media name) never depend on what else was drawn with it."""
    return svg.replace(_LATER_GROUP, _FIRST_GROUP, 1)


def split_svgs(data: bytes) -> list[bytes]:
    """Consecutive SVG documents (as `dot -Tsvg` writes one per graph) cut after each `</svg>`."""
    images: list[bytes] = []
    start = 0
    while (end := data.find(_SVG_END, start)) != -1:
        end += len(_SVG_END)
        if data[end:end + 1] == b"\n":
            end += 1
        images.append(data[start:end])
        start = end
    if data[start:].strip() or not all(b"<svg" in image for image in images):
        raise RenderError("Graphviz wrote something other than SVG documents")
    return [as_first_graph(image) for image in images]


_SPLIT = {"png": split_pngs, "svg": split_svgs}


def _file(cache_dir: Path, fmt: str, *parts: str) -> Path:
    digest = hashlib.sha256(json.dumps([_LAYOUT_VERSION, *parts]).encode("utf-8")).hexdigest()
    return cache_dir / f"{digest}.{fmt}"


def render_views(diagram: Diagram, views: Sequence[View], *, cache_dir: Path,
                 fmt: ImageFormat = "svg") -> tuple[dict[View, Path], dict[str, Box]]:
    """Images of `views` (View() is the full picture) and the node boxes of the full picture.

    Files are cached by content in `cache_dir`; when all are there, Graphviz does not run.
    Raises GraphvizMissing when `dot` is not installed, RenderError when it fails.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    base = dot_source(diagram)
    layout_file = _file(cache_dir, "json", "layout", base)
    full = _file(cache_dir, fmt, base, base)
    wanted = {v: dot_source(diagram, view=v) for v in dict.fromkeys(views)}
    paths = {v: full if v == View() else _file(cache_dir, fmt, base, src)
             for v, src in wanted.items()}
    if not layout_file.exists() or not full.exists():
        _lay_out(base, fmt, layout_file, full)
    data = json.loads(layout_file.read_bytes())
    missing = [v for v, p in paths.items() if not p.exists()]
    for view in (v for v in missing if v.hide_edges):
        # Without its edges the diagram ranks differently: its own layout.
        paths[view] = _render_cached(wanted[view], fmt, cache_dir)
    pinned = [v for v in missing if not v.hide_edges]
    if pinned:
        layout = Layout(data)
        text = "".join(pinned_source(wanted[v], layout) for v in pinned)
        images = _SPLIT[fmt](_graphviz(["-Kneato", "-n2", f"-T{fmt}"], text.encode("utf-8")))
        if len(images) != len(pinned):
            raise RenderError(f"Graphviz drew {len(images)} images for {len(pinned)} views")
        for view, image in zip(pinned, images, strict=True):
            write_atomic(paths[view], image)
    return paths, _boxes_from_layout(data, graphviz_names(diagram))


def _lay_out(base: str, fmt: str, layout_file: Path, full: Path) -> None:
    """One `dot` run: the layout as JSON and the full picture, both renamed into place."""
    with tempfile.TemporaryDirectory(dir=layout_file.parent, prefix=".layout-") as tmp:
        json_out, image_out = Path(tmp) / "layout.json", Path(tmp) / f"full.{fmt}"
        _graphviz(["-Tjson", "-o", str(json_out), f"-T{fmt}", "-o", str(image_out)],
                  base.encode("utf-8"))
        os.replace(image_out, full)
        os.replace(json_out, layout_file)
