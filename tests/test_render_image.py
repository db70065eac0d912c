"""Diagram images through the real Graphviz `dot`: SVG/PNG, blanks, cache, node boxes."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from diagrams.model import Diagram
from diagrams.render_image import (
    BLANK_FILL,
    HIGHLIGHT_FILL,
    NODE_FILL,
    Box,
    GraphvizMissing,
    ImageJob,
    dot_source,
    node_boxes,
    render_image,
    render_many,
)

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

SVG_NS = "{http://www.w3.org/2000/svg}"


def make_diagram(direction: str = "LR") -> Diagram:
    g = nx.DiGraph()

    def node(nid: str, name: str, latency: float | None = None, **extra: object) -> None:
        label = f"{name}\n{latency:g} ms" if latency is not None else name
        attrs = {"label": label, "name": name, "latency_ms": latency, "subgraph": None,
                 "shape": "square"}
        attrs.update(extra)
        g.add_node(nid, **attrs)

    def edge(a: str, b: str, kind: str = "normal", label: str | None = None,
             latency: float | None = None) -> None:
        g.add_edge(a, b, label=label, kind=kind, latency_ms=latency, offline=kind == "dotted")

    node("REQ", "Ad request")
    node("CG", "Candidate generation", 15, subgraph="online", shape="round")
    node("FS", "Feature store: online", 10, subgraph="online", shape="cylinder")
    node("RK", "Ranking model", 40, subgraph="online")
    node("AU", "Auction", 5)
    node("LOG", "Impression logs", shape="circle")
    node("TR", "Training pipeline")
    edge("REQ", "CG")
    edge("CG", "FS", label="5 ms", latency=5)
    edge("FS", "RK", kind="thick")
    edge("RK", "AU")
    edge("AU", "LOG", kind="dotted")
    edge("LOG", "TR", kind="dotted", label="hourly")
    edge("TR", "RK", kind="dotted")
    return Diagram(id="ads", lang="mermaid", source="", line=1, direction=direction, graph=g,
                   subgraphs={"online": "Online path"})


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [el.text or "" for el in root.iter(f"{SVG_NS}text")]


def test_svg_shows_labels_latencies_and_clusters(tmp_path: Path) -> None:
    path = render_image(make_diagram(), "svg", cache_dir=tmp_path)
    assert path.suffix == ".svg" and path.parent == tmp_path
    texts = svg_texts(path)
    for expected in ("Ranking model", "40 ms", "5 ms", "Online path", "hourly"):
        assert expected in texts


def test_png_is_a_png(tmp_path: Path) -> None:
    path = render_image(make_diagram(), "png", cache_dir=tmp_path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_blanked_label_is_absent_from_the_svg(tmp_path: Path) -> None:
    full = render_image(make_diagram(), "svg", cache_dir=tmp_path)
    blanked = render_image(make_diagram(), "svg", blank="RK", cache_dir=tmp_path)
    assert "Ranking model" in svg_texts(full)
    assert "Ranking model" not in blanked.read_text()
    assert "40 ms" not in svg_texts(blanked)
    assert "?" in svg_texts(blanked)
    assert BLANK_FILL in blanked.read_text()


def test_highlight_keeps_the_label_and_marks_the_node(tmp_path: Path) -> None:
    path = render_image(make_diagram(), "svg", highlight="RK", cache_dir=tmp_path)
    assert "Ranking model" in svg_texts(path)
    assert HIGHLIGHT_FILL in path.read_text()


def test_offline_edges_are_dashed_and_node_ids_are_generated() -> None:
    source = dot_source(make_diagram())
    dashed = [line for line in source.splitlines() if "style=dashed" in line]
    assert len(dashed) == 3
    assert "REQ" not in source and "n0 ->" in source
    assert "rankdir=LR" in source


@pytest.mark.parametrize("label", ["Store: online", "a:b:c", "back\\slash", "<b>not html</b>"])
def test_awkward_labels_render_verbatim(tmp_path: Path, label: str) -> None:
    g = nx.DiGraph()
    g.add_node("A:1", label=label, name=label, latency_ms=None, subgraph=None, shape=None)
    g.add_node("B", label="Next", name="Next", latency_ms=None, subgraph=None, shape=None)
    g.add_edge("A:1", "B", label="x: y", kind="normal", latency_ms=None, offline=False)
    diagram = Diagram(id="odd", lang="mermaid", source="", line=1, graph=g)
    texts = svg_texts(render_image(diagram, "svg", cache_dir=tmp_path))
    assert label in texts and "x: y" in texts


def test_second_render_is_a_cache_hit_without_dot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = render_image(make_diagram(), "png", blank="AU", cache_dir=tmp_path)
    stamp = first.stat().st_mtime_ns
    # With no `dot` reachable, only a cache hit can succeed.
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    second = render_image(make_diagram(), "png", blank="AU", cache_dir=tmp_path)
    assert second == first and second.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name]
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        render_image(make_diagram(), "svg", cache_dir=tmp_path)


def test_cache_key_depends_on_content_and_format(tmp_path: Path) -> None:
    paths = {
        render_image(make_diagram(), "svg", cache_dir=tmp_path),
        render_image(make_diagram(), "png", cache_dir=tmp_path),
        render_image(make_diagram(), "svg", blank="CG", cache_dir=tmp_path),
        render_image(make_diagram("TB"), "svg", cache_dir=tmp_path),
    }
    assert len(paths) == 4
    assert all(len(p.stem) == 64 for p in paths)


def test_unknown_blank_or_format_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NOPE"):
        render_image(make_diagram(), "svg", blank="NOPE", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="pdf"):
        render_image(make_diagram(), "pdf", cache_dir=tmp_path)  # type: ignore[arg-type]


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_node_boxes_sit_on_the_png_nodes(tmp_path: Path, direction: str) -> None:
    image = pytest.importorskip("PIL.Image")
    diagram = make_diagram(direction)
    png = render_image(diagram, "png", blank="RK", cache_dir=tmp_path)
    boxes = node_boxes(diagram, blank="RK", cache_dir=tmp_path)
    assert set(boxes) == set(diagram.graph.nodes)
    assert boxes["LOG"].shape == "ellipse" and boxes["RK"].shape == "rect"
    with image.open(png) as img:
        rgb = img.convert("RGB")
    width, height = rgb.size

    def colour(hex_colour: str) -> tuple[int, int, int]:
        return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))

    for node, box in boxes.items():
        assert 0 <= box.left and box.left + box.width <= 1
        assert 0 <= box.top and box.top + box.height <= 1
        # Just inside the left edge on the middle row: fill, clear of the border and the text.
        x = round(box.left * width) + 6
        y = round((box.top + box.height / 2) * height)
        expected = BLANK_FILL if node == "RK" else NODE_FILL
        assert rgb.getpixel((x, y)) == colour(expected), node

    # Every pixel of the blank's unique fill lies inside its box (3 px for antialiasing).
    blank = boxes["RK"]
    target = colour(BLANK_FILL)
    pixels = rgb.load()
    assert pixels is not None
    found = [(x, y) for y in range(height) for x in range(width) if pixels[x, y] == target]
    assert found
    for x, y in found:
        assert blank.left * width - 3 <= x <= (blank.left + blank.width) * width + 3
        assert blank.top * height - 3 <= y <= (blank.top + blank.height) * height + 3


def test_box_radii() -> None:
    box = Box(left=0.1, top=0.2, width=0.3, height=0.4, shape="ellipse")
    assert (box.rx, box.ry) == pytest.approx((0.15, 0.2))


def test_parsed_mermaid_renders_arrow_ends(tmp_path: Path) -> None:
    from diagrams.mermaid import parse_mermaid

    source = "flowchart TD\n  A[Gateway] --- B[Cache] --x C[Drop]\n  B --o D[Audit] <--> A\n"
    diagram, problems = parse_mermaid(source, first_line=1, default_id="arrows")
    assert diagram is not None and not problems
    dot = dot_source(diagram)
    assert "arrowhead=none" in dot and "arrowhead=tee" in dot and "arrowhead=odot" in dot
    assert "dir=both" in dot
    texts = svg_texts(render_image(diagram, "svg", blank="C", cache_dir=tmp_path))
    assert "Gateway" in texts and "Drop" not in texts


def test_render_many_matches_render_image(tmp_path: Path) -> None:
    diagram = make_diagram()
    jobs = [ImageJob(diagram), ImageJob(diagram, blank="CG"), ImageJob(diagram, highlight="AU")]
    paths = render_many(jobs, "svg", cache_dir=tmp_path, workers=2)
    assert paths == [
        render_image(diagram, "svg", blank=job.blank, highlight=job.highlight, cache_dir=tmp_path)
        for job in jobs
    ]
    assert len(set(paths)) == 3
