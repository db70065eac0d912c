"""Benchmark: terminal drawing at 12/20/60 nodes and 200 image renders, cold and warm cache.

Run: python bench/bench_diagrams.py [--images N]

Machines are noisy, so each figure is also given as a ratio to a baseline measured in the same
run: building the same networkx graph (for terminal drawing) and spawning `dot -V` (for images).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diagrams.model import Diagram  # noqa: E402
from diagrams.render_image import ImageJob, render_image, render_many  # noqa: E402
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


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_terminal() -> None:
    print("terminal drawing (median of repeated runs)")
    print(f"  {'nodes':>5}  {'draw ms':>8}  {'build ms':>9}  {'ratio':>7}  {'cols':>4}  goal")
    for n in (12, 20, 60):
        diagram = build(n)
        draw(diagram)  # warm imports and caches
        repeat = 50 if n <= 20 else 15
        drawn = median_ms(lambda d=diagram: draw(d), repeat)
        built = median_ms(lambda n=n: build(n), repeat)
        cols = max(len(line) for line in draw(diagram).plain.split("\n"))
        goal = ("<= 50 ms: " + ("met" if drawn <= 50 else "MISSED")) if n == 20 else ""
        print(f"  {n:>5}  {drawn:>8.2f}  {built:>9.3f}  {drawn / built:>6.0f}x  {cols:>4}  {goal}")


def bench_images(count: int) -> None:
    if shutil.which("dot") is None:
        print("images: skipped, Graphviz `dot` is not installed")
        return
    spawn = median_ms(lambda: subprocess.run(["dot", "-V"], capture_output=True, check=True), 20)
    jobs: list[tuple[Diagram, str]] = []
    seed = 0
    while len(jobs) < count:
        diagram = build(12 + seed % 9, seed)
        jobs += [(diagram, node) for node in diagram.graph.nodes][: count - len(jobs)]
        seed += 1
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)

        def render_all() -> None:
            for diagram, blank in jobs:
                render_image(diagram, "png", blank=blank, cache_dir=cache)

        start = time.perf_counter()
        render_all()
        cold = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        render_all()
        warm = (time.perf_counter() - start) * 1000
        files = len(list(cache.glob("*.png")))
    with tempfile.TemporaryDirectory() as tmp:
        batch = [ImageJob(diagram, blank=blank) for diagram, blank in jobs]
        start = time.perf_counter()
        render_many(batch, "png", cache_dir=Path(tmp))
        parallel = (time.perf_counter() - start) * 1000
    print(f"images: {count} PNGs of 12-20 nodes, each with one node blanked ({files} files)")
    print(f"  baseline `dot -V` spawn: {spawn:.1f} ms")
    print(f"  cold cache: {cold:8.0f} ms total, {cold / count:6.2f} ms/image, "
          f"{cold / count / spawn:5.1f}x a dot spawn")
    print(f"  cold, render_many on {os.cpu_count()} CPUs: {parallel:8.0f} ms total, "
          f"{parallel / count:6.2f} ms/image, {cold / parallel:.1f}x faster than one at a time")
    print(f"  warm cache: {warm:8.0f} ms total, {warm / count:6.2f} ms/image, "
          f"{warm / count / spawn:5.3f}x a dot spawn, {cold / warm:.0f}x faster than cold")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200, help="images to render (default 200)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, networkx {nx.__version__}")
    bench_terminal()
    bench_images(args.images)


if __name__ == "__main__":
    main()
