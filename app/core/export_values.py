"""What an Anki package is made of, as plain values read from the store: the exporter
(`app.export`) takes these and never sees the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.store import Store
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


class _Cards:
    """Export rows (store.EXPORT_COLUMNS) -> ExportCards; the JSON lists, times and roots that
    many cards share are decoded once."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[str, ...]] = {}
        self._roots: dict[str, Path | None] = {}

    def _list(self, text: str) -> tuple[str, ...]:
        value = self._lists.get(text)
        if value is None:
            value = self._lists[text] = tuple(json.loads(text))
        return value

    def card(self, row: tuple) -> ExportCard:
        (uid, kind, deck, front, back, modified_at, source_path, source_line, tags, breadcrumb,
         family, note_key, cloze_text, cloze_ordinal, diagram_id, diagram_key, root) = row
        blank = None
        if diagram_key and diagram_key.startswith("node:"):
            blank = diagram_key.split(":", 1)[1]
        if root not in self._roots:
            self._roots[root] = Path(root) if root else None
        return ExportCard(
            uid=uid, kind=kind, deck=deck, front=front, back=back,
            modified_at=parse_utc_required(modified_at), source=f"{source_path}:{source_line}",
            tags=self._list(tags), breadcrumb=self._list(breadcrumb),
            # cloze siblings become one Anki note, keyed as import decided
            family=(note_key or uid) if kind == "cloze" else family,
            cloze_text=cloze_text, cloze_ordinal=cloze_ordinal, diagram_id=diagram_id,
            diagram_key=diagram_key, blank=blank, media_root=self._roots[root],
        )


def export_values(
    store: Store, deck: str | None = None
) -> tuple[list[ExportCard], list[ExportDiagram], list[str]]:
    """Every active card (not retired, not suspended) of the decks, and their diagrams."""
    make = _Cards()
    cards = [make.card(row) for row in store.export_rows(deck)]
    blanks: dict[str, list[str]] = {}
    for card in cards:
        if card.blank is not None:
            blanks.setdefault(card.diagram_id or "", []).append(card.blank)
    problems: list[str] = []
    exported: list[ExportDiagram] = []
    ids = sorted(blanks) + sorted({c.diagram_id for c in cards if c.diagram_id} - set(blanks))
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

