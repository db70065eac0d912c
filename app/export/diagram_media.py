"""Diagram images for Anki (rendered once, through the render cache) and occlusion fields."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import astuple
from importlib.metadata import version
from pathlib import Path

import diagrams.render_image as render_module
from app.export.field_cache import FieldCache
from app.export.html import MediaSet
from diagrams.model import Diagram
from diagrams.render_image import Box, node_boxes, render_image

# What rendering may raise that is the environment's fault (no `dot`, dot failing on a graph);
# reported as a problem for that diagram, the rest of the export goes on.
RENDER_ERRORS = (RuntimeError, OSError, ValueError, subprocess.SubprocessError)


def _renderer_fingerprint() -> str:
    # The renderer's own code decides the picture, so it is part of every key: a change there
    # makes the remembered paths stale without anyone bumping a version.
    sources = [Path(render_module.__file__).read_bytes()]
    display = Path(render_module.__file__).with_name("display.py")
    if display.exists():
        sources.append(display.read_bytes())
    digest = hashlib.sha256(version("graphviz").encode())
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
    """Renders each (diagram, blank, highlight) PNG once per export and names it as media.

    The rendered file's path is remembered in the export cache under the diagram's content hash,
    so a re-export neither runs `dot` nor rebuilds DOT sources.
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
        self._names: dict[tuple[str, str | None, str | None], str | None] = {}

    def _key(self, diagram: Diagram, *parts: str | None) -> str:
        if self._renderer is None:
            self._renderer = _renderer_fingerprint()
        fingerprint = self._fingerprints.get(id(diagram))
        if fingerprint is None:
            fingerprint = self._fingerprints[id(diagram)] = diagram_fingerprint(diagram)
        # NUL cannot occur in a node id, a hex digest or a path: the join is unambiguous.
        return "\x00".join(["diagram", self._renderer, fingerprint, *(p or "" for p in parts)])

    def image(
        self,
        diagram: Diagram,
        *,
        source: str,
        blank: str | None = None,
        highlight: str | None = None,
    ) -> str | None:
        """The media name of the image, or None (with a problem) when it cannot be rendered."""
        key = (self._key(diagram, "png", blank, highlight), blank, highlight)
        if key not in self._names:
            remembered = self._cache.get_value(key[0])
            path = Path(remembered) if remembered else None
            if path is None or not path.is_file():
                try:
                    path = render_image(
                        diagram, "png", blank=blank, highlight=highlight, cache_dir=self._cache_dir
                    )
                except RENDER_ERRORS as error:
                    self._problems.append(
                        f"{source or diagram.id}: diagram {diagram.id!r} could not be rendered "
                        f"({error}); install Graphviz (`dot`) to export diagram images"
                    )
                    self._names[key] = None
                    return None
                self._cache.put_value(key[0], str(path))
            self._names[key] = self._media.add(path, prefix="bp-diagram")
        return self._names[key]

    def boxes(self, diagram: Diagram, *, source: str) -> dict[str, Box] | None:
        """Node boxes (0-1 fractions of the unblanked image), or None with a problem."""
        key = self._key(diagram, "boxes")
        remembered = self._cache.get_value(key)
        if remembered is not None:
            return {node: Box(*values) for node, values in json.loads(remembered).items()}
        try:
            boxes = node_boxes(diagram, cache_dir=self._cache_dir)
        except RENDER_ERRORS as error:
            self._problems.append(
                f"{source or diagram.id}: diagram {diagram.id!r} could not be laid out ({error})"
            )
            return None
        self._cache.put_value(key, json.dumps({n: astuple(b) for n, b in boxes.items()}))
        return boxes


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
