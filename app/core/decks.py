"""Where the shipped decks are: `decks/` beside the packages, or inside an installed wheel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.import_report import ImportReport
    from app.core.store import Store


def shipped_decks_dir() -> Path | None:
    here = Path(__file__).resolve().parents[1]  # app/
    for candidate in (here / "_decks", here.parent / "decks"):
        if candidate.is_dir() and any(candidate.rglob("*.md")):
            return candidate
    return None


def import_shipped_once(store: Store, import_folder: Callable[[Path], ImportReport]
                        ) -> ImportReport | None:
    """On an empty collection, once: the shipped decks (None when nothing was done)."""
    if not store.is_empty() or store.meta("shipped_imported"):
        return None
    folder = shipped_decks_dir()
    if folder is None:
        return None
    report = import_folder(folder)
    store.set_meta("shipped_imported", "1")
    return report
