"""What the Anki exporter returns; the values it takes are defined by the core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.export_values import ExportCard, ExportDiagram


@dataclass(frozen=True)
class ExportReport:
    """What a package holds: `notes` Anki notes making `cards` Anki cards.

    A cloze note counts one card per distinct ordinal, an Image Occlusion note one per occlusion;
    every other note makes exactly one card (reversed pairs are two notes).
    """

    path: Path
    notes: int
    cards: int
    media: int  # media files in the package
    problems: tuple[str, ...] = ()  # "path:line: message"
    notes_by_type: tuple[tuple[str, int], ...] = ()  # (note type name, notes), sorted by name

    def summary(self) -> str:
        return (f"{self.notes} notes, {self.cards} cards, {self.media} media files "
                f"written to {self.path}")


__all__ = ["ExportCard", "ExportDiagram", "ExportReport"]
