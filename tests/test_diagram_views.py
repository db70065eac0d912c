"""Every view of a diagram comes from one Graphviz layout: `dot` runs are counted, not assumed."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.export_values import export_values
from app.core.importing import import_paths
from app.core.store import Store
from app.export import anki_diagrams
from app.export.anki import write_apkg
from app.export.model import ExportCard, ExportDiagram
from diagrams.mermaid import parse_mermaid
from diagrams.render_image import RenderError
from diagrams.render_views import render_views, split_pngs, split_svgs
from diagrams.view import View

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")

T0 = datetime(2026, 1, 1, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]
SOURCE = """flowchart LR
  REQ[Request] --> CG[Candidate generation<br/>15 ms]
  CG -->|5 ms| RK[Ranking model<br/>40 ms]
  RK --> AU[Auction<br/>3 ms]
  subgraph Serving
    AU --> RESP[Response]
  end
  RESP -.-> LOG[Logging]
"""


def _diagram():  # type: ignore[no-untyped-def]
    diagram, problems = parse_mermaid(SOURCE, first_line=1, default_id="ads")
    assert diagram is not None and not problems
    return diagram


@pytest.fixture
def dot_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`dot` on PATH is a wrapper that logs its arguments, then runs the real Graphviz."""
    real = shutil.which("dot")
    log = tmp_path / "dot.log"
    wrapper = tmp_path / "bin" / "dot"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def _runs(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _size(image: Path) -> tuple[int, int] | tuple[str, ...]:
    if image.suffix == ".svg":
        found = re.search(r'<svg width="([^"]+)" height="([^"]+)"[^>]*viewBox="([^"]+)"',
                          image.read_text(encoding="utf-8"))
        assert found is not None
        return found.groups()
    width, height = struct.unpack(">II", image.read_bytes()[16:24])
    return width, height


def test_an_export_lays_each_diagram_out_once(tmp_path: Path, dot_log: Path) -> None:
    diagram = _diagram()
    nodes = ["CG", "RK", "AU", "RESP"]
    cards = [ExportCard(uid=f"d-{n}", kind="diagram-node", deck="Ads", front="Name the stage.",
                        back=n, modified_at=T0, diagram_id="ads", diagram_key=f"node:{n}",
                        blank=n, source="ads.md:1") for n in nodes]
    item = ExportDiagram("ads", "Ads", diagram, T0, tuple(nodes), (), (), "ads.md:1")
    cache = tmp_path / "cache"
    report = write_apkg(cards, [item], tmp_path / "a.apkg", cache_dir=cache)
    assert report.problems == ()
    assert report.media == 2 * len(nodes) + 1  # each blank, each highlight, the full picture
    runs = _runs(dot_log)
    layouts = [r for r in runs if "-n2" not in r]
    assert len(layouts) == 1 and "-Tjson" in layouts[0]  # one layout for the whole diagram
    assert len(runs) == 2  # and one process drawing all nine views on it

    dot_log.unlink()
    write_apkg(cards, [item], tmp_path / "b.apkg", cache_dir=cache)
    assert _runs(dot_log) == []  # a re-export draws nothing


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_views_share_the_layout_and_show_what_they_should(tmp_path: Path, fmt: str) -> None:
    diagram = _diagram()
    views = [View(), View.of(blank="RK"), View.of(highlight="RK"),
             View(blank=("CG",), hide_latencies=True)]
    paths, boxes = render_views(diagram, views, cache_dir=tmp_path, fmt=fmt)  # type: ignore[arg-type]
    assert {p.suffix for p in paths.values()} == {f".{fmt}"}
    assert len(set(paths.values())) == 4
    assert {_size(p) for p in paths.values()} == {_size(paths[View()])}  # one layout, one size
    assert set(boxes) == set(diagram.graph.nodes)
    assert all(0 <= b.left < 1 and 0 <= b.top < 1 for b in boxes.values())
    assert len({p.read_bytes() for p in paths.values()}) == 4


def test_views_without_edges_get_their_own_layout(tmp_path: Path, dot_log: Path) -> None:
    paths, _ = render_views(_diagram(), [View(), View(hide_edges=True)], cache_dir=tmp_path)
    assert len(_runs(dot_log)) == 2 and not any("-n2" in r for r in _runs(dot_log))
    assert b"<svg" in paths[View(hide_edges=True)].read_bytes()
    assert 'class="edge"' not in paths[View(hide_edges=True)].read_text(encoding="utf-8")


def test_split_pngs_cuts_at_each_end(tmp_path: Path) -> None:
    paths, _ = render_views(_diagram(), [View(), View.of(blank="AU")], cache_dir=tmp_path,
                            fmt="png")
    one, two = (p.read_bytes() for p in paths.values())
    assert split_pngs(one + two + one) == [one, two, one]


def test_split_svgs_cuts_after_each_document(tmp_path: Path) -> None:
    paths, _ = render_views(_diagram(), [View(), View.of(blank="AU")], cache_dir=tmp_path)
    one, two = (p.read_bytes() for p in paths.values())
    assert one.startswith(b"<?xml") and one.rstrip().endswith(b"</svg>")
    assert split_svgs(one + two + one) == [one, two, one]
    with pytest.raises(RenderError):
        split_svgs(one + b"<?xml half a document")


def test_a_diagram_draws_at_most_its_image_cap(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 16 item 26: a huge diagram must not draw one image per node without end."""
    diagram = _diagram()
    assert anki_diagrams.image_cap(diagram) >= 40  # the shipped decks' largest family draws 40
    monkeypatch.setattr(anki_diagrams, "MAX_NODES_DRAWN", 6 * len(diagram.graph))  # 6 images

    def card(key: str, kind: str, blank: str | None = None) -> ExportCard:
        return ExportCard(uid=f"d-{key}", kind=kind, deck="Ads", front=f"Ask {key}.",
                          back="x", modified_at=T0, diagram_id="ads", diagram_key=key,
                          blank=blank, source="ads.md:1")

    nodes = ["CG", "RK", "AU", "RESP"]
    cards = [card(f"node:{n}", "diagram-node", n) for n in nodes]
    cards += [card("bottleneck", "diagram-bottleneck"), card("latency", "diagram-latency")]
    item = ExportDiagram("ads", "Ads", diagram, T0, tuple(nodes), (), (), "ads.md:1")
    report = write_apkg(cards, [item], tmp_path / "a.apkg", cache_dir=tmp_path / "cache")
    # the full picture, the two family cards' three views, then CG's blank and highlight
    assert report.media == 6
    assert dict(report.notes_by_type) == {"Blueprint Diagram": 3,
                                          "Blueprint Image Occlusion": 1}
    (problem,) = report.problems
    assert problem.startswith("ads.md:1: diagram 'ads' is too big to draw every card's image (at "
                              "most 6 images of its 6 nodes); 3 of its cards are left out")
    assert "split the diagram" in problem
    with zipfile.ZipFile(report.path) as package:
        assert len(json.loads(package.read("media"))) == 6


def test_the_shipped_decks_cost_a_few_dot_runs_in_all(tmp_path: Path, dot_log: Path) -> None:
    """Every diagram of the shipped decks laid out once, all in one `dot` run, and every view
    drawn on those layouts by at most one process per core."""
    store = Store(tmp_path / "c.db")
    import_paths(store, [REPO / "decks"], now=T0)
    cards, diagrams, problems = export_values(store)
    assert problems == [] and len(diagrams) >= 10
    report = write_apkg(cards, diagrams, tmp_path / "s.apkg", cache_dir=tmp_path / "cache")
    assert report.problems == ()
    runs = _runs(dot_log)
    layouts = [r for r in runs if "-Tjson" in r]
    drawings = [r for r in runs if "-n2" in r]
    assert len(layouts) == 1  # nothing laid out twice
    assert 1 <= len(drawings) <= (os.cpu_count() or 2)
    assert len(runs) == len(layouts) + len(drawings)  # no view drawn on its own
    assert all("-Tsvg" in r for r in runs)
