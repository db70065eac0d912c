"""The views of many diagrams in a handful of Graphviz processes, each file as `render_views`
would write it.

A `dot` process spends most of a small diagram's time starting (plugins, fonts), so drawing each
diagram in its own two processes (`render_views`) costs an export of fifteen diagrams about a
second of CPU. Here one process lays out every diagram that needs it (`-Tjson -Tsvg`, both
written to stdout graph by graph) and one process per core draws every view on those layouts
(`-Kneato -n2`), diagrams kept whole within a process. The layouts and pinned sources are the
same texts `render_views` uses, so the pictures are the same; the one thing Graphviz writes
differently for a graph that is not the first of its run is the id of the SVG's top group,
which is set back to what a run of its own gives (`as_first_graph`), here and in
`render_views`: a view's bytes depend on the view alone, not on the cache or the batch
(tests/test_render_batch.py compares the files byte for byte). Anything the batch cannot do
(PNG, a failing run, an odd output) falls back to `render_views` per diagram, so errors stay
each diagram's own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from diagrams.model import Diagram
from diagrams.render_image import (
    Box,
    ImageFormat,
    RenderError,
    _boxes_from_layout,
    _render_cached,
    dot_source,
    graphviz_names,
    write_atomic,
)
from diagrams.render_views import (
    Layout,
    _file,
    _graphviz,
    as_first_graph,
    pinned_source,
    render_views,
    split_svgs,
)
from diagrams.view import View

Result = tuple[dict[View, Path], dict[str, Box]]

# DOT text worth a process of its own (about 0.1 s of Graphviz work on this machine).
CHUNK_BYTES = 300_000

@dataclass
class _Job:
    diagram: Diagram
    base: str
    layout_file: Path
    full: Path
    sources: dict[View, str] = field(default_factory=dict)
    paths: dict[View, Path] = field(default_factory=dict)

    @classmethod
    def of(cls, diagram: Diagram, cache_dir: Path) -> _Job:
        base = dot_source(diagram)
        return cls(diagram, base, _file(cache_dir, "json", "layout", base),
                   _file(cache_dir, "svg", base, base))

    def add_views(self, views: Sequence[View], cache_dir: Path) -> None:
        self.sources = {v: dot_source(self.diagram, view=v) for v in dict.fromkeys(views)}
        self.paths = {v: self.full if v == View() else _file(cache_dir, "svg", self.base, src)
                      for v, src in self.sources.items()}


def render_diagrams(
    wanted: Sequence[tuple[Diagram, Sequence[View]]], *, cache_dir: Path,
    fmt: ImageFormat = "svg", workers: int | None = None,
) -> list[Result | Exception]:
    """`render_views` of each (diagram, views), in order: its result, or the error it raised."""
    if fmt != "svg":
        return [_alone(d, v, cache_dir, fmt) for d, v in wanted]
    cache_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, workers or os.cpu_count() or 2)
    results: dict[int, Result | Exception] = {}
    jobs: list[_Job] = []
    for i, (diagram, _) in enumerate(wanted):
        try:
            jobs.append(_Job.of(diagram, cache_dir))
        except ValueError as error:
            results[i] = error
            jobs.append(_Job(diagram, "", cache_dir / "-", cache_dir / "-"))
    todo = [i for i, job in enumerate(jobs) if i not in results
            and not (job.layout_file.exists() and job.full.exists())]
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Graphviz lays the diagrams out while the views' DOT sources are written.
        laying = pool.submit(_run_chunks, _chunks(todo, lambda i: len(jobs[i].base), workers),
                             lambda chunk: _lay_out_all([jobs[i] for i in chunk]), workers)
        for i, (job, (_, views)) in enumerate(zip(jobs, wanted, strict=True)):
            try:
                job.add_views(views, cache_dir)
            except ValueError as error:
                results.setdefault(i, error)
        for i in laying.result():
            results.setdefault(i, _alone(jobs[i].diagram, list(jobs[i].sources), cache_dir, fmt))
    _draw_views(jobs, results, cache_dir, workers)
    for i, job in enumerate(jobs):
        if i not in results:
            data = json.loads(job.layout_file.read_bytes())
            results[i] = (job.paths, _boxes_from_layout(data, graphviz_names(job.diagram)))
    return [results[i] for i in range(len(jobs))]


def _draw_views(jobs: list[_Job], results: dict[int, Result | Exception], cache_dir: Path,
                workers: int) -> None:
    """Draw the missing views of every job not in `results` (failures go there)."""
    pinned: dict[int, list[View]] = {}
    for i, job in enumerate(jobs):
        if i in results:
            continue
        try:
            pinned[i] = _own_layouts(job, cache_dir)
        except (OSError, ValueError, RuntimeError) as error:
            results[i] = error
    drawing = [i for i, views in pinned.items() if views]
    layouts = {i: Layout(json.loads(jobs[i].layout_file.read_bytes())) for i in drawing}
    texts = {i: [pinned_source(jobs[i].sources[v], layouts[i]) for v in pinned[i]]
             for i in drawing}
    size = {i: sum(map(len, t)) for i, t in texts.items()}
    for i in _run_chunks(_chunks(drawing, size.__getitem__, workers),
                         lambda chunk: _draw_all(chunk, jobs, pinned, texts), workers):
        results[i] = _alone(jobs[i].diagram, list(jobs[i].sources), cache_dir, "svg")


def _alone(diagram: Diagram, views: Sequence[View], cache_dir: Path,
           fmt: ImageFormat) -> Result | Exception:
    try:
        return render_views(diagram, views, cache_dir=cache_dir, fmt=fmt)
    except (OSError, ValueError, RuntimeError) as error:
        return error


def _chunks(items: list[int], weight: Callable[[int], int], workers: int) -> list[list[int]]:
    """`items` in order, cut into runs of about equal weight: one per `CHUNK_BYTES` of DOT
    text, at most one per worker (a process costs tens of milliseconds to start)."""
    total = sum(map(weight, items))
    parts = min(workers, 1 + total // CHUNK_BYTES)
    chunks: list[list[int]] = [[]]
    done = 0
    for item in items:
        if chunks[-1] and len(chunks) < parts and done >= total * len(chunks) / parts:
            chunks.append([])
        chunks[-1].append(item)
        done += weight(item)
    return [c for c in chunks if c]


def _run_chunks(chunks: list[list[int]], run: Callable[[list[int]], None],
                workers: int) -> list[int]:
    """Run each chunk (threads: the work is in `dot`); the items of the chunks that failed."""
    def attempt(chunk: list[int]) -> list[int]:
        try:
            run(chunk)
        except (OSError, ValueError, RuntimeError):
            return chunk  # each of these is tried again on its own, to tell whose error it is
        return []

    if len(chunks) <= 1:
        return [i for chunk in chunks for i in attempt(chunk)]
    with ThreadPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        return [i for failed in pool.map(attempt, chunks) for i in failed]


def _lay_out_all(jobs: list[_Job]) -> None:
    """One `dot -Tjson -Tsvg` for all `jobs`: each layout and full picture into its file."""
    out = _graphviz(["-Tjson", "-Tsvg"], "".join(j.base for j in jobs).encode("utf-8"))
    text = out.decode("latin-1")  # one character per byte: positions are byte offsets
    decoder = json.JSONDecoder()
    at = 0
    found: list[tuple[bytes, bytes]] = []
    for _ in jobs:
        start = at = _skip_space(text, at)
        _, at = decoder.raw_decode(text, at)
        layout = out[start:at]
        at = _skip_space(text, at)
        end = text.find("</svg>", at)
        if end == -1:
            raise RenderError("Graphviz wrote no picture after a layout")
        end += len("</svg>")
        end += text.startswith("\n", end)  # split_svgs cuts the same way
        found.append((layout, as_first_graph(out[at:end])))
        at = end
    if text[at:].strip():
        raise RenderError("Graphviz wrote more layouts than diagrams")
    for job, (layout, svg) in zip(jobs, found, strict=True):
        write_atomic(job.full, svg)
        write_atomic(job.layout_file, layout)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _own_layouts(job: _Job, cache_dir: Path) -> list[View]:
    """Draw the views that drop the edges (each laid out alone); the views left to pin."""
    missing = [v for v, p in job.paths.items() if not p.exists()]
    for view in (v for v in missing if v.hide_edges):
        job.paths[view] = _render_cached(job.sources[view], "svg", cache_dir)
    return [v for v in missing if not v.hide_edges]


def _draw_all(chunk: list[int], jobs: list[_Job], pinned: dict[int, list[View]],
              texts: dict[int, list[str]]) -> None:
    """One `dot -Kneato -n2` drawing every pinned view of the diagrams in `chunk`."""
    source = "".join(t for i in chunk for t in texts[i])
    images = split_svgs(_graphviz(["-Kneato", "-n2", "-Tsvg"], source.encode("utf-8")))
    expected = sum(len(pinned[i]) for i in chunk)
    if len(images) != expected:
        raise RenderError(f"Graphviz drew {len(images)} images for {expected} views")
    at = 0
    for i in chunk:
        for view in pinned[i]:
            write_atomic(jobs[i].paths[view], images[at])
            at += 1
