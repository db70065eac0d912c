"""Parallel edges between the same two nodes are kept (model, JSON, drawings, analysis), and an
edge text may run on over lines, as Mermaid allows."""

from __future__ import annotations

from diagrams import analyse, parse_block, to_json
from diagrams.render_image import dot_source
from diagrams.terminal import draw

SOURCE = """flowchart LR
  A[Fetch] --> B[Rank 30 ms]
  A -->|checked| B
  X[Log] --ingest--> Y[Store]
  X --scoring--> Y
  B -.->|retrain| A
  B --assign
  to --> Z[Serve]
"""


def _diagram():  # type: ignore[no-untyped-def]
    diagram, problems = parse_block(SOURCE, "mermaid", first_line=1, default_id="p")
    assert diagram is not None and problems == []
    return diagram


def test_parallel_edges_are_kept_in_order() -> None:
    edges = [(u, v, a["label"]) for u, v, a in _diagram().all_edges()]
    assert edges == [("A", "B", None), ("A", "B", "checked"), ("X", "Y", "ingest"),
                     ("X", "Y", "scoring"), ("B", "A", "retrain"), ("B", "Z", "assign\nto")]


def test_json_drawings_and_analysis_see_both() -> None:
    diagram = _diagram()
    json_edges = [(e["from"], e["to"], e["label"]) for e in to_json(diagram)["edges"]]
    assert ("X", "Y", "ingest") in json_edges and ("X", "Y", "scoring") in json_edges
    text = draw(diagram, width=120).plain
    assert "ingest / scoring" in text or ("ingest" in text and "scoring" in text)
    source = dot_source(diagram)
    assert source.count('label=ingest') + source.count('label="ingest"') == 1
    assert "scoring" in source and "checked" in source
    assert analyse(diagram).total_ms == 30.0


def test_an_online_parallel_edge_keeps_a_pair_on_the_request_path() -> None:
    diagram, _ = parse_block("flowchart LR\n  A[A 5 ms] -.-> B[B 7 ms]\n  A --> B",
                             "mermaid", first_line=1, default_id="q")
    assert diagram is not None and analyse(diagram).total_ms == 12.0
