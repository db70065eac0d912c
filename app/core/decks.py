"""Where the shipped decks are: `decks/` beside the packages, or inside an installed wheel."""

from __future__ import annotations

from pathlib import Path


def shipped_decks_dir() -> Path | None:
    here = Path(__file__).resolve().parents[1]  # app/
    for candidate in (here / "_decks", here.parent / "decks"):
        if candidate.is_dir() and any(candidate.rglob("*.md")):
            return candidate
    return None
