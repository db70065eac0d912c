"""Plain values the Anki exporter takes and returns; the store adapter fills them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from diagrams.model import Diagram

CARD_KINDS = ("basic", "reversed", "cloze")  # plus any kind starting with "diagram-"


@dataclass(frozen=True)
class ExportCard:
    """One Blueprint card, as the exporter needs it.

    `front` and `back` are Markdown, already oriented as asked: for a "reversed" card the adapter
    passes the swapped pair, because Blueprint keeps each direction as its own card (own uid, own
    history), and the exporter writes each as its own Anki note.

    Cloze cards sharing a `family` become one Anki note built from `cloze_text` (Anki syntax,
    `{{c1::x}}`, `{{c2::y::hint}}`); Anki then makes one card per ordinal. Diagram cards
    (kind "diagram-...") name their diagram by `diagram_id`; `blank` is the node id hidden on the
    front (None when nothing is blanked).
    """

    uid: str
    kind: str
    deck: str
    front: str
    back: str
    modified_at: datetime  # UTC, when the card's content last changed
    source: str = ""  # "path:line", the path relative to media_root
    tags: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    family: str | None = None
    cloze_text: str | None = None
    cloze_ordinal: int | None = None
    diagram_id: str | None = None
    diagram_key: str | None = None
    blank: str | None = None
    media_root: Path | None = None


@dataclass(frozen=True)
class ExportDiagram:
    """One diagram, exported as a native Anki Image Occlusion note (one occlusion per node).

    The order of `quizzed_nodes` gives the cloze ordinals (c1, c2, ...): keep it stable between
    exports (e.g. the order the node cards were created in), since Anki ties history to ordinals.
    """

    diagram_id: str
    deck: str
    diagram: Diagram
    modified_at: datetime  # UTC
    quizzed_nodes: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""


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
