"""Benchmark: terminal drawing at 12/20/60 nodes and 200 image renders, cold and cached.

Run: python bench/bench_diagrams.py [--quick]

Absolute times (median, range); the image renders alternate with their floor, `dot -Tpng` run
directly on the same DOT sources, one process per image.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, Run, alternate, print_table, ratio, secs, spread, timed  # noqa: E402

from diagrams.model import Diagram  # noqa: E402
from diagrams.render_image import dot_source, render_image  # noqa: E402
from diagrams.terminal import draw  # noqa: E402

STAGES = ("Request", "Candidate generation", "Feature lookup", "Embedding model", "ANN index",
          "Keyword retrieval", "Merge", "Ranking model", "Re-ranker", "Business rules",
          "Auction", "Response", "Logging", "Training pipeline", "Feature store", "Cache")


NodeSpec = tuple[str, str, float | None]
EdgeSpec = tuple[str, str, bool]


def spec(n: int, seed: int) -> tuple[list[NodeSpec], list[EdgeSpec]]:
    """A serving graph: two online branches that merge, chains after, a few offline loops."""
    rnd = random.Random(seed)
    nodes = [(f"N{i}", f"{STAGES[i % len(STAGES)]} {i}", rnd.choice([None, 2.0, 5.0, 15.0, 40.0]))
             for i in range(n)]
    edges: list[EdgeSpec] = []
    for i in range(1, n):
        parents = {max(0, i - 2) if i % 2 else i - 1}
        if i % 5 == 0:
            parents.add(rnd.randrange(max(0, i - 6), i))
        edges += [(f"N{p}", f"N{i}", False) for p in sorted(parents)]
    for _ in range(max(1, n // 8)):
        a, b = sorted(rnd.sample(range(n), 2))
        edges.append((f"N{b}", f"N{a}", True))
    return nodes, edges


def build(n: int, seed: int = 7) -> Diagram:
    nodes, edges = spec(n, seed)
    graph = nx.DiGraph()
    for nid, name, latency in nodes:
        label = f"{name}\n{latency:g} ms" if latency is not None else name
        graph.add_node(nid, label=label, name=name, latency_ms=latency, subgraph=None,
                       shape="square")
    for a, b, offline in edges:
        graph.add_edge(a, b, label=None, kind="dotted" if offline else "normal",
                       latency_ms=None, offline=offline)
    return Diagram(id=f"bench-{n}-{seed}", lang="mermaid", source="", line=1, graph=graph)


def bench_terminal(rounds: int) -> list[Row]:
    rows = []
    for n in (12, 20, 60):
        diagram = build(n)
        draw(diagram)  # warm imports and caches
        got = alternate({"draw": lambda d=diagram: timed(lambda: draw(d))}, rounds)
        times = secs(got["draw"])
        goal, met = ("≤ 50 ms", statistics.median(times) <= 0.05) if n == 20 else ("", None)
        rows.append(Row(f"terminal drawing, {n} nodes", spread(times), goal=goal, met=met))
    # flowchart LR: drawn left to right where it fits the width (else top-down), both timed
    lr = build(20)
    lr.direction = "LR"
    wide = build(6)
    wide.direction = "LR"
    draw(lr)
    shipped = _shipped_diagrams()
    # As the review draws at 120x40: 116 columns, the rows of its diagram area.
    got = alternate({"lr": lambda: timed(lambda: draw(lr, width=116, height=23)),
                     "lr6": lambda: timed(lambda: draw(wide)),
                     "decks": lambda: timed(lambda: [draw(d, width=116, height=23)
                                                     for d in shipped])}, rounds)
    times = secs(got["lr"])
    rows.append(Row("terminal drawing, 20 nodes, flowchart LR", spread(times), goal="≤ 50 ms",
                    met=statistics.median(times) <= 0.05))
    rows.append(Row("terminal drawing, 6 nodes, LR (left to right)", spread(secs(got["lr6"]))))
    per = [t / max(1, len(shipped)) for t in secs(got["decks"])]
    rows.append(Row(f"terminal drawing, each of the {len(shipped)} shipped diagrams at 116x23",
                    spread(per), goal="≤ 50 ms", met=statistics.median(per) <= 0.05))
    return rows


def _shipped_diagrams() -> list[Diagram]:
    from diagrams import parse_block
    from importers.markdown import parse_note

    out = []
    for path in sorted((Path(__file__).resolve().parents[1] / "decks").rglob("*.md")):
        for block in parse_note(path.read_text(encoding="utf-8"), str(path)).diagrams:
            diagram, _ = parse_block(block.source, block.lang, first_line=block.line,
                                     default_id="bench")
            if diagram is not None:
                out.append(diagram)
    return out


def _jobs(count: int) -> list[tuple[Diagram, str]]:
    jobs: list[tuple[Diagram, str]] = []
    seed = 0
    while len(jobs) < count:
        diagram = build(12 + seed % 9, seed)
        jobs += [(diagram, node) for node in diagram.graph.nodes][: count - len(jobs)]
        seed += 1
    return jobs


def bench_images(count: int, rounds: int) -> list[Row]:
    """Cold renders through render_image against `dot` itself run on the same DOT sources."""
    if shutil.which("dot") is None:
        return [Row("diagram images", "skipped: Graphviz `dot` is not installed")]
    jobs = _jobs(count)
    sources = [dot_source(d, blank=b) for d, b in jobs]

    def ours() -> Run:
        with tempfile.TemporaryDirectory() as tmp:
            return timed(lambda: [render_image(d, "png", blank=b, cache_dir=Path(tmp))
                                  for d, b in jobs])

    def floor() -> Run:
        return timed(lambda: [subprocess.run(["dot", "-Tpng"], input=s.encode(),
                                             capture_output=True, check=True) for s in sources])

    got = alternate({"ours": ours, "dot": floor}, rounds)
    o, f = secs(got["ours"]), secs(got["dot"])
    with tempfile.TemporaryDirectory() as tmp:
        for d, b in jobs:
            render_image(d, "png", blank=b, cache_dir=Path(tmp))
        warm = alternate({"warm": lambda: timed(
            lambda: [render_image(d, "png", blank=b, cache_dir=Path(tmp)) for d, b in jobs])},
            rounds)
    return [Row(f"{count} diagram PNGs (12-20 nodes, one blanked), cold", spread(o),
                f"`dot -Tpng` on the same sources {spread(f)}", f"{ratio(o, f):.2f}×"),
            Row(f"{count} diagram PNGs, cached", spread(secs(warm["warm"])))]


def diagram_rows(quick: bool) -> list[Row]:
    return bench_terminal(5 if quick else 15) + bench_images(40 if quick else 200,
                                                             1 if quick else 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, networkx {nx.__version__}")
    print_table(diagram_rows(args.quick))


if __name__ == "__main__":
    main()
