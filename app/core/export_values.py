"""What an Anki package is made of, as plain values read from the store: the exporter
(`app.export`) takes these and never sees the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.store import CardRow, Store
from app.core.timeutil import parse_utc_required

if TYPE_CHECKING:  # networkx and the parsers load only when there is a diagram to export
    from diagrams.model import Diagram


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


def cache_dir(store: Store) -> Path:
    """Rendered images live beside the collection, so nothing is rendered twice."""
    if store.path is None:
        import platformdirs

        return Path(platformdirs.user_cache_dir("blueprint")) / "images"
    return store.path.with_name(store.path.stem + "-cache") / "images"


def _export_card(r: CardRow) -> ExportCard:
    blank = None
    if r.diagram_key and r.diagram_key.startswith("node:"):
        blank = r.diagram_key.split(":", 1)[1]
    return ExportCard(
        uid=r.uid, kind=r.kind, deck=r.deck, front=r.front, back=r.back,
        modified_at=r.modified_at, source=r.source, tags=r.tags, breadcrumb=r.breadcrumb,
        # cloze siblings become one Anki note, keyed as import decided
        family=r.note_key if r.kind == "cloze" else r.family,
        cloze_text=r.cloze_text, cloze_ordinal=r.cloze_ordinal, diagram_id=r.diagram_id,
        diagram_key=r.diagram_key, blank=blank, media_root=Path(r.root) if r.root else None,
    )


def export_values(
    store: Store, deck: str | None = None
) -> tuple[list[ExportCard], list[ExportDiagram], list[str]]:
    """Every active card (not retired, not suspended) of the decks, and their diagrams."""
    rows = store.exportable_cards(deck)
    blanks: dict[str, list[str]] = {}
    cards = []
    for r in rows:
        card = _export_card(r)
        if card.blank is not None:
            blanks.setdefault(r.diagram_id or "", []).append(card.blank)
        cards.append(card)
    problems: list[str] = []
    exported: list[ExportDiagram] = []
    ids = sorted(blanks) + sorted({r.diagram_id for r in rows if r.diagram_id} - set(blanks))
    if ids:
        import diagrams as diagram_pkg
    for diagram_id in ids:
        row = store.diagram(diagram_id, live_only=True)
        if row is None:
            continue
        diagram, diagnostics = diagram_pkg.parse_block(
            row["source"], row["lang"], first_line=row["line"], default_id=row["id"]
        )
        if diagram is None:
            problems.extend(f"{row['source_path']}:{d.line}: {d.message}" for d in diagnostics)
            continue
        node_order = store.node_card_keys(diagram_id)
        exported.append(
            ExportDiagram(
                diagram_id=diagram_id,
                deck=row["deck"],
                diagram=diagram,
                modified_at=parse_utc_required(row["modified_at"]),
                quizzed_nodes=tuple(n for n in node_order if n in set(blanks.get(diagram_id, []))),
                breadcrumb=tuple(json.loads(row["breadcrumb"])),
                tags=tuple(json.loads(row["tags"])),
                source=f"{row['source_path']}:{row['line']}",
            )
        )
    return cards, exported, problems

