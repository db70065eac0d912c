"""Editing a card's source: the editor command for `file:line`, and the re-import on return."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
from datetime import datetime

from app.core.errors import BlueprintError, StoreError
from app.core.importing import ImportReport, import_paths
from app.core.store import CardRow, Store


def editor_command(card: CardRow, env: dict[str, str] | None = None) -> list[str]:
    """`$VISUAL`/`$EDITOR` (default vi) with `+LINE FILE`, as vi, nano, emacs and helix accept."""
    env = dict(os.environ) if env is None else env
    editor = env.get("VISUAL") or env.get("EDITOR") or "vi"
    path = card.source_file
    if not path.is_file():
        raise BlueprintError(f"the source of this card is gone: {path}",
                             "re-import your notes folder to retire cards of deleted files")
    try:
        argv = shlex.split(editor)
    except ValueError:
        argv = []
    if not argv or shutil.which(argv[0], path=env.get("PATH")) is None:
        name = "VISUAL" if env.get("VISUAL") else "EDITOR"
        raise BlueprintError(f"the editor {editor!r} (${name}) was not found",
                             f"set {name} to an installed editor (e.g. export {name}=nano)")
    return [*argv, f"+{max(card.source_line, 1)}", str(path)]


def reimport_source(store: Store, card: CardRow, *, now: datetime) -> ImportReport:
    """Re-import the card's file under the root it came from (same decks, same identities)."""
    path = card.source_file
    deck = store.file_deck(f"{card.root}/{card.source_path}")
    # The file alone: it keeps the notes root it came from (ARCHITECTURE.md). The user edited it on
    # purpose, so cards they deleted from it are retired without asking.
    try:
        with store.brief_wait():  # the TUI waits a moment for another writer, not 10 s
            return import_paths(store, [path], now=now, deck=deck, allow_retire=True)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"the edit was not re-imported: the collection is busy or not "
                         f"writable ({exc})", "press e again in a moment to re-import the "
                         "note (the file keeps your edit)") from exc
