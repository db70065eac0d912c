"""Many diagrams drawn in a few `dot` runs give the very files one run per diagram gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from diagrams import render_batch, render_image
from diagrams.mermaid import parse_mermaid
from diagrams.model import Diagram
from diagrams.render_batch import render_diagrams
from diagrams.render_image import RenderError, dot_source
from diagrams.render_views import render_views
from diagrams.view import View

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")

SOURCES = {
    "feed": """flowchart LR
  U[Viewer opens feed] --> C[Candidate fetch<br/>12 ms]
  C -->|2 ms| S[Scoring model<br/>30 ms]
  S --> F[Freshness filter<br/>4 ms]
  F --> R[Feed shown]
  R -.-> L[Impression log]
  L -.-> T[Nightly retrain]
""",
    "search": """flowchart TD
  Q[Query] --> P[Parser<br/>3 ms]
  subgraph Retrieval
    P --> I[Inverted index<br/>9 ms]
    P --> V[Vector lookup<br/>14 ms]
  end
  I --> M[Merge]
  V --> M
  M --> O[Results page]
""",
    "fraud": """flowchart LR
  A[Card swipe] --> G[Rules gate<br/>1 ms]
  G --> N[Risk network<br/>8 ms]
  N ==> D[Decision]
""",
}


def _diagram(name: str, text: str | None = None) -> Diagram:
    diagram, problems = parse_mermaid(text or SOURCES[name], first_line=1, default_id=name)
    assert diagram is not None and not problems
    return diagram


def _views(diagram: Diagram) -> list[View]:
    nodes = list(diagram.graph.nodes)
    return [View(), View.of(blank=nodes[1]), View.of(highlight=nodes[2]),
            View(blank=(nodes[2],), hide_latencies=True), View.of(blank=nodes[-1]),
            View(hide_edges=True)]


@pytest.fixture
def dot_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`dot` on PATH logs its arguments and refuses any graph naming "Poison", then runs the
    real Graphviz."""
    real = shutil.which("dot")
    log = tmp_path / "dot.log"
    wrapper = tmp_path / "bin" / "dot"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\nin="$(cat)"\n'
        'case "$in" in *Poison*) echo "syntax error near Poison" >&2; exit 1;; esac\n'
        f'printf "%s\\n" "$in" | exec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def _runs(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def _alone(diagrams: list[Diagram], cache: Path) -> list[dict[View, bytes]]:
    out = []
    for diagram in diagrams:
        paths, _ = render_views(diagram, _views(diagram), cache_dir=cache)
        out.append({view: path.read_bytes() for view, path in paths.items()})
    return out


@pytest.mark.parametrize("chunk_bytes", [render_batch.CHUNK_BYTES, 1])
def test_batched_files_are_the_files_of_one_run_per_diagram(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int) -> None:
    monkeypatch.setattr(render_batch, "CHUNK_BYTES", chunk_bytes)  # 1: a process per diagram
    diagrams = [_diagram(name) for name in SOURCES]
    expected = _alone(diagrams, tmp_path / "alone")
    results = render_diagrams([(d, _views(d)) for d in diagrams], cache_dir=tmp_path / "batch",
                              workers=3)
    for diagram, want, result in zip(diagrams, expected, results, strict=True):
        assert not isinstance(result, Exception)
        paths, boxes = result
        assert {v: p.read_bytes() for v, p in paths.items()} == want
        assert {p.name for p in paths.values()} == {
            p.name for p in render_views(diagram, _views(diagram),
                                         cache_dir=tmp_path / "alone")[0].values()}
        assert set(boxes) == set(diagram.graph.nodes)
    # Every drawing names its group as the first graph of a run does, wherever it was drawn.
    assert all(b'<g id="graph0" ' in data for want in expected for data in want.values())


def test_a_few_runs_draw_everything_and_a_second_call_none(tmp_path: Path,
                                                             dot_log: Path) -> None:
    diagrams = [_diagram(name) for name in SOURCES]
    wanted = [(d, _views(d)) for d in diagrams]
    results = render_diagrams(wanted, cache_dir=tmp_path / "c", workers=2)
    assert not any(isinstance(r, Exception) for r in results)
    runs = _runs(dot_log)
    assert len([r for r in runs if "-Tjson" in r]) == 1  # every layout in one process
    assert len([r for r in runs if "-n2" in r]) == 1  # small: one drawing process is enough
    assert len(runs) == 2 + len(diagrams)  # and each edge-less view is laid out on its own
    dot_log.unlink()
    again = render_diagrams(wanted, cache_dir=tmp_path / "c", workers=2)
    assert _runs(dot_log) == []
    assert [r[0] for r in again if not isinstance(r, Exception)] == [
        r[0] for r in results if not isinstance(r, Exception)]


def test_a_diagram_graphviz_refuses_fails_alone(tmp_path: Path, dot_log: Path) -> None:
    poison = _diagram("poison", SOURCES["fraud"].replace("Decision", "Poison"))
    diagrams = [_diagram("feed"), poison, _diagram("search")]
    results = render_diagrams([(d, _views(d)) for d in diagrams], cache_dir=tmp_path / "c")
    assert isinstance(results[1], RenderError) and "Poison" in str(results[1])
    expected = _alone([diagrams[0], diagrams[2]], tmp_path / "alone")
    for result, want in zip((results[0], results[2]), expected, strict=True):
        assert not isinstance(result, Exception)
        assert {v: p.read_bytes() for v, p in result[0].items()} == want


def test_a_view_of_an_unknown_node_fails_its_diagram_only(tmp_path: Path) -> None:
    feed, search = _diagram("feed"), _diagram("search")
    results = render_diagrams([(feed, [View(), View.of(blank="nope")]), (search, [View()])],
                              cache_dir=tmp_path)
    assert isinstance(results[0], ValueError) and "nope" in str(results[0])
    assert not isinstance(results[1], Exception) and results[1][0][View()].is_file()


def test_remembered_dot_lines_change_no_source() -> None:
    """Lines and headers written once and reused give the very text written afresh."""
    diagram = _diagram("search")
    remembered = [dot_source(diagram, view=v) for v in _views(diagram) * 2]
    fresh = []
    for view in _views(diagram) * 2:
        render_image._LINES.clear()
        render_image._HEADERS.clear()
        fresh.append(dot_source(diagram, view=view))
    assert remembered == fresh


def _own_run(diagram: Diagram, view: View, cache: Path) -> bytes:
    """The view drawn by a call of its own, in a cache of its own."""
    paths, _ = render_views(diagram, [view], cache_dir=cache / f"own-{abs(hash(view))}")
    return paths[view].read_bytes()


def test_a_views_bytes_depend_on_the_view_alone(tmp_path: Path, dot_log: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Cold or partly cached, batched with other diagrams in any order, on any number of
    cores, or retried alone after a neighbour failed: each view's file is the same bytes."""
    diagrams = [_diagram(name) for name in SOURCES]
    own = [{v: _own_run(d, v, tmp_path) for v in _views(d)} for d in diagrams]

    def check(results: list[render_batch.Result | Exception], which: list[int]) -> None:
        for i, result in zip(which, results, strict=True):
            assert not isinstance(result, Exception)
            assert {v: p.read_bytes() for v, p in result[0].items()} == own[i]

    check(render_diagrams([(d, _views(d)) for d in diagrams], cache_dir=tmp_path / "cold",
                          workers=2), [0, 1, 2])
    warm = tmp_path / "warm"  # some views of each diagram drawn first, then all
    for diagram in diagrams:
        render_views(diagram, _views(diagram)[3:5], cache_dir=warm)
    check(render_diagrams([(d, _views(d)) for d in diagrams], cache_dir=warm), [0, 1, 2])
    order = [2, 0, 1]  # another order, views reversed, a process per diagram
    monkeypatch.setattr(render_batch, "CHUNK_BYTES", 1)
    check(render_diagrams([(diagrams[i], _views(diagrams[i])[::-1]) for i in order],
                          cache_dir=tmp_path / "order", workers=3), order)
    check([render_views(d, _views(d), cache_dir=tmp_path / "each") for d in diagrams],
          [0, 1, 2])
    poison = _diagram("poison", SOURCES["fraud"].replace("Decision", "Poison"))
    retried = render_diagrams([(diagrams[1], _views(diagrams[1])), (poison, _views(poison)),
                               (diagrams[0], _views(diagrams[0]))], cache_dir=tmp_path / "retry")
    assert isinstance(retried[1], RenderError)
    check([retried[0], retried[2]], [1, 0])
