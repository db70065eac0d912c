"""Diagram blocks of a note become a stored diagram plus its family of quiz card drafts."""

from __future__ import annotations

import hashlib
import json
import re

from importers.model import CardDraft, DiagramBlock, Problem


def default_diagram_id(block: DiagramBlock) -> str:
    """Without `%% id:`, a diagram is named by its file and its place in it."""
    stem = block.source_path.rsplit(".", 1)[0]
    return f"{stem}#{block.index}"


def diagram_drafts(block: DiagramBlock) -> tuple[list[CardDraft], dict | None, list[Problem]]:
    """Parse one block; return its card drafts, the row to store, and its problems."""
    import diagrams
    from diagrams.quiz_json import quiz_to_json

    diagram, diagnostics = diagrams.parse_block(
        block.source, block.lang, first_line=block.line, default_id=default_diagram_id(block))
    problems = [Problem(block.source_path, d.line, d.message, d.notice) for d in diagnostics]
    if diagram is None:
        return [], None, problems
    family = f"diagram:{diagram.id}"
    drafts = [
        CardDraft(
            kind=q.kind, front=q.front, back=q.back, deck=block.deck,
            source_path=block.source_path, line=block.line, tags=block.tags,
            breadcrumb=masked(block.breadcrumb, q.answers), family=family,
            diagram_id=diagram.id,
            diagram_key=q.key,
            quiz=json.dumps(quiz_to_json(q), ensure_ascii=False, sort_keys=True),
        )
        for q in diagrams.quiz_cards(diagram)
    ]
    row = {
        "id": diagram.id, "lang": block.lang, "source": block.source,
        "source_path": block.source_path, "line": block.line, "idx": block.index,
        "deck": block.deck, "breadcrumb": json.dumps(list(block.breadcrumb)),
        "tags": json.dumps(list(block.tags)),
        "content_hash": hashlib.sha256(block.source.encode("utf-8")).hexdigest(),
    }
    return drafts, row, problems


def masked(breadcrumb: tuple[str, ...], answers: tuple[str, ...]) -> tuple[str, ...]:
    """The heading breadcrumb a diagram card shows as context, with its answer taken out: a
    heading such as "Prediction cache with an online fallback" above the diagram would otherwise
    name the blanked "Prediction cache" on the card's front."""
    names = sorted((a for a in answers if len(a) >= 3 and re.search(r"[^\W\d_]", a)),
                   key=len, reverse=True)
    if not names:
        return breadcrumb
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names),
                         re.IGNORECASE)
    return tuple(pattern.sub("…", crumb) for crumb in breadcrumb)
