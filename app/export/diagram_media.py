"""Diagram images for Anki (rendered once, through the render cache) and occlusion fields."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.export.html import MediaSet
from diagrams.model import Diagram
from diagrams.render_image import Box, node_boxes, render_image

# What rendering may raise that is the environment's fault (no `dot`, dot failing on a graph);
# reported as a problem for that diagram, the rest of the export goes on.
RENDER_ERRORS = (RuntimeError, OSError, ValueError, subprocess.SubprocessError)


class DiagramImages:
    """Renders each (diagram, blank, highlight) PNG once per export and names it as media."""

    def __init__(self, cache_dir: Path, media: MediaSet, problems: list[str]) -> None:
        self._cache_dir = cache_dir
        self._media = media
        self._problems = problems
        self._names: dict[tuple[str, str | None, str | None], str | None] = {}

    def image(
        self,
        diagram: Diagram,
        *,
        source: str,
        blank: str | None = None,
        highlight: str | None = None,
    ) -> str | None:
        """The media name of the image, or None (with a problem) when it cannot be rendered."""
        key = (diagram.id, blank, highlight)
        if key not in self._names:
            try:
                path = render_image(
                    diagram, "png", blank=blank, highlight=highlight, cache_dir=self._cache_dir
                )
                self._names[key] = self._media.add(Path(path), prefix="bp-diagram")
            except RENDER_ERRORS as error:
                self._problems.append(
                    f"{source or diagram.id}: diagram {diagram.id!r} could not be rendered "
                    f"({error}); install Graphviz (`dot`) to export diagram images"
                )
                self._names[key] = None
        return self._names[key]

    def boxes(self, diagram: Diagram, *, source: str) -> dict[str, Box] | None:
        """Node boxes (0-1 fractions of the unblanked image), or None with a problem."""
        try:
            return node_boxes(diagram, cache_dir=self._cache_dir)
        except RENDER_ERRORS as error:
            self._problems.append(
                f"{source or diagram.id}: diagram {diagram.id!r} could not be laid out ({error})"
            )
            return None


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
