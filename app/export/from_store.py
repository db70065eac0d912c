"""The collection's active cards and diagrams as the exporter's plain values."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.session import deck_clause
from app.core.store import Store
from app.core.timeutil import parse_utc
from app.export.model import ExportCard, ExportDiagram


def cache_dir(store: Store) -> Path:
    """Rendered images live beside the collection, so nothing is rendered twice."""
    if store.path is None:
        import platformdirs

        return Path(platformdirs.user_cache_dir("blueprint")) / "images"
    return store.path.with_name(store.path.stem + "-cache") / "images"


def export_values(
    store: Store, deck: str | None = None
) -> tuple[list[ExportCard], list[ExportDiagram], list[str]]:
    """Every active card (not retired, not suspended) of the decks, and their diagrams."""
    import diagrams as diagram_pkg

    where, params = deck_clause(deck)
    rows = store.cards(
        f"retired = 0 AND suspended = 0 AND {where}",
        params,
        order="deck, source_path, source_line, cloze_ordinal, id",
    )
    # A cloze note's GUID comes from its family; the family must survive edits, so it is named
    # after the first sibling's stable id rather than the (content-derived) family key.
    first_uid: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.id):
        if r.kind == "cloze" and r.family:
            first_uid.setdefault(r.family, r.uid)
    blanks: dict[str, list[str]] = {}
    cards = []
    for r in rows:
        blank = None
        if r.diagram_key and r.diagram_key.startswith("node:"):
            blank = r.diagram_key.split(":", 1)[1]
            blanks.setdefault(r.diagram_id or "", []).append(blank)
        cards.append(
            ExportCard(
                uid=r.uid,
                kind=r.kind,
                deck=r.deck,
                front=r.front,
                back=r.back,
                modified_at=r.modified_at,
                source=r.source,
                tags=r.tags,
                breadcrumb=r.breadcrumb,
                family=first_uid.get(r.family or "", r.family) if r.kind == "cloze" else r.family,
                cloze_text=r.cloze_text,
                cloze_ordinal=r.cloze_ordinal,
                diagram_id=r.diagram_id,
                diagram_key=r.diagram_key,
                blank=blank,
                media_root=Path(r.root) if r.root else None,
            )
        )
    problems: list[str] = []
    exported: list[ExportDiagram] = []
    ids = sorted(blanks) + sorted({r.diagram_id for r in rows if r.diagram_id} - set(blanks))
    for diagram_id in ids:
        row = store.conn.execute(
            "SELECT * FROM diagrams WHERE id = ? AND retired = 0", (diagram_id,)
        ).fetchone()
        if row is None:
            continue
        diagram, diagnostics = diagram_pkg.parse_block(
            row["source"], row["lang"], first_line=row["line"], default_id=row["id"]
        )
        if diagram is None:
            problems.extend(f"{row['source_path']}:{d.line}: {d.message}" for d in diagnostics)
            continue
        node_order = _node_order(store, diagram_id)
        exported.append(
            ExportDiagram(
                diagram_id=diagram_id,
                deck=row["deck"],
                diagram=diagram,
                modified_at=parse_utc(row["modified_at"]),  # type: ignore[arg-type]
                quizzed_nodes=tuple(n for n in node_order if n in set(blanks.get(diagram_id, []))),
                breadcrumb=tuple(json.loads(row["breadcrumb"])),
                tags=tuple(json.loads(row["tags"])),
                source=f"{row['source_path']}:{row['line']}",
            )
        )
    return cards, exported, problems


def _node_order(store: Store, diagram_id: str) -> list[str]:
    """Node cards in creation order: the IO note's cloze ordinals must not move between exports."""
    rows = store.conn.execute(
        "SELECT diagram_key FROM cards WHERE diagram_id = ? AND diagram_key LIKE 'node:%' "
        "ORDER BY id",
        (diagram_id,),
    ).fetchall()
    return [r[0].split(":", 1)[1] for r in rows]
