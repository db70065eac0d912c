"""Diagram images for Anki (rendered once, through the render cache) and occlusion fields."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from pathlib import Path

import diagrams.render_image as render_module
from app.export.field_cache import FieldCache, module_stamp
from app.export.html import MediaSet
from diagrams.model import Diagram
from diagrams.render_batch import render_diagrams
from diagrams.render_image import Box
from diagrams.view import View


def _renderer_fingerprint() -> str:
    # The renderer's own code decides the picture, so it is part of every key: a change there
    # makes the remembered paths stale without anyone bumping a version.
    here = Path(render_module.__file__)
    sources = [here.read_bytes()]
    for name in ("display.py", "render_views.py", "render_batch.py", "view.py"):
        if here.with_name(name).exists():
            sources.append(here.with_name(name).read_bytes())
    digest = hashlib.sha256(module_stamp("graphviz").encode())
    for data in sources:
        digest.update(data)
    return digest.hexdigest()


def diagram_fingerprint(diagram: Diagram) -> str:
    """A content hash of everything in a diagram, cheaper than building its DOT source."""
    graph = diagram.graph
    data = [
        diagram.id, diagram.lang, diagram.source, diagram.direction, diagram.budget_ms,
        sorted(diagram.aliases.items()), sorted(diagram.skip), sorted(diagram.subgraphs.items()),
        [[n, sorted(a.items())] for n, a in graph.nodes(data=True)],
        [[u, v, sorted(a.items())] for u, v, a in graph.edges(data=True)],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(data, default=repr).encode()).hexdigest()


class DiagramImages:
    """Renders each view of a diagram as PNG once per export and names it as media.

    `prepare` renders every view the export needs, one layout per diagram (all diagrams in a
    few `dot` processes); the file paths are remembered in the export cache under the
    diagram's content hash, so a re-export neither runs `dot` nor rebuilds DOT sources.
    """

    def __init__(
        self, cache_dir: Path, media: MediaSet, problems: list[str], cache: FieldCache
    ) -> None:
        self._cache_dir = cache_dir
        self._media = media
        self._problems = problems
        self._cache = cache
        self._renderer: str | None = None
        self._fingerprints: dict[int, str] = {}
        self._names: dict[str, str | None] = {}
        self._failed: dict[int, str] = {}  # id(diagram) -> why it could not be rendered

    def _key(self, diagram: Diagram, *parts: str | None) -> str:
        if self._renderer is None:
            self._renderer = _renderer_fingerprint()
        fingerprint = self._fingerprints.get(id(diagram))
        if fingerprint is None:
            fingerprint = self._fingerprints[id(diagram)] = diagram_fingerprint(diagram)
        # NUL cannot occur in a node id, a hex digest or a path: the join is unambiguous.
        return "\x00".join(["diagram", self._renderer, fingerprint, *(p or "" for p in parts)])

    def _remembered(self, key: str) -> bool:
        path = self._cache.get_value(key)
        return path is not None and Path(path).is_file()

    def prepare(self, wanted: dict[int, tuple[Diagram, set[View]]]) -> None:
        """Render the views of each diagram not already in the cache, diagrams in parallel."""
        todo = []
        for diagram, views in wanted.values():
            views = views | {View()}  # the full picture and its boxes, for Image Occlusion
            keys = [self._key(diagram, "png", repr(v)) for v in views]
            if not all(map(self._remembered, keys)) or self._cache.get_value(
                    self._key(diagram, "boxes")) is None:
                todo.append((diagram, sorted(views, key=repr)))
        if not todo:
            return
        # All diagrams in a few `dot` processes (diagrams/render_batch.py), one per core at most.
        results = render_diagrams(todo, cache_dir=self._cache_dir)
        for (diagram, _), result in zip(todo, results, strict=True):
            if isinstance(result, BaseException):
                self._failed[id(diagram)] = str(result)
                continue
            paths, boxes = result
            for view, path in paths.items():
                self._cache.put_value(self._key(diagram, "png", repr(view)), str(path))
            self._cache.put_value(self._key(diagram, "boxes"),
                                  json.dumps({n: astuple(b) for n, b in boxes.items()}))

    def image(self, diagram: Diagram, *, source: str, view: View | None = None) -> str | None:
        """The media name of the image, or None (with a problem) when it cannot be rendered."""
        key = self._key(diagram, "png", repr(view or View()))
        if key not in self._names:
            if not self._remembered(key) and id(diagram) not in self._failed:
                self.prepare({id(diagram): (diagram, {view or View()})})
            remembered = self._cache.get_value(key)
            if id(diagram) in self._failed or remembered is None:
                self._problems.append(
                    f"{source or diagram.id}: diagram {diagram.id!r} could not be rendered "
                    f"({self._failed.get(id(diagram))}); install Graphviz (`dot`) to export "
                    "diagram images"
                )
                self._names[key] = None
                return None
            self._names[key] = self._media.add(Path(remembered), prefix="bp-diagram")
        return self._names[key]

    def boxes(self, diagram: Diagram, *, source: str) -> dict[str, Box] | None:
        """Node boxes (0-1 fractions of the full image), or None with a problem."""
        key = self._key(diagram, "boxes")
        if self._cache.get_value(key) is None and id(diagram) not in self._failed:
            self.prepare({id(diagram): (diagram, {View()})})
        remembered = self._cache.get_value(key)
        if remembered is None:
            self._problems.append(
                f"{source or diagram.id}: diagram {diagram.id!r} could not be laid out "
                f"({self._failed.get(id(diagram))})"
            )
            return None
        return {node: Box(*values) for node, values in json.loads(remembered).items()}


def _num(value: float) -> str:
    return f"{min(max(value, 0.0), 1.0):.4f}"


def occlusion_shape(ordinal: int, box: Box) -> str:
    """One `{{cN::image-occlusion:...}}` cloze covering `box` (Anki's coordinates: 0-1)."""
    left, top = _num(box.left), _num(box.top)
    if box.shape == "ellipse":
        return (
            f"{{{{c{ordinal}::image-occlusion:ellipse:left={left}:top={top}"
            f":rx={_num(box.width / 2)}:ry={_num(box.height / 2)}}}}}"
        )
    return (
        f"{{{{c{ordinal}::image-occlusion:rect:left={left}:top={top}"
        f":width={_num(box.width)}:height={_num(box.height)}}}}}"
    )
