"""The collection: one SQLite file (WAL, busy timeout, migrations with a backup before each).

All of Blueprint's SQL lives in `store*.py`: this module opens the file and migrates it; the
named reads and writes are split by table into `store_cards`, `store_reviews`,
`store_notes` and `store_suggestions`, which `Store` combines.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import StoreError
from app.core.store_base import ACTIVE, CardRow, deck_clause
from app.core.store_cards import CardQueries
from app.core.store_drills import DrillRows
from app.core.store_notes import NoteRows
from app.core.store_reviews import ReviewLog
from app.core.store_schema import MIGRATIONS, SCHEMA_VERSION
from app.core.store_suggestions import SuggestionDecisions
from app.core.timeutil import utc

__all__ = ["ACTIVE", "SCHEMA_VERSION", "CardRow", "Store", "default_collection_path",
           "deck_clause"]


class Store(CardQueries, ReviewLog, NoteRows, SuggestionDecisions, DrillRows):
    """Owns the SQLite connection; one per thread (sqlite3 connections belong to their thread)."""

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        self.clock = clock or _wall_clock  # names the backups taken before a migration
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the collection {path}: {exc}",
                             "check the path and its permissions, or pass --collection") from exc
        conn.row_factory = sqlite3.Row
        self.conn = conn
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            if self.path is not None:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path} is not a Blueprint collection ({exc})",
                             "point --collection at another file; this one was left as it is"
                             ) from exc

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the collection {self.path} was written by a newer Blueprint "
                f"(schema {version}, this one knows {SCHEMA_VERSION})",
                "upgrade Blueprint; the collection was not touched")
        # A collection with data gets a backup before each migration; a new one needs none.
        has_data = bool(self.count("SELECT count(*) FROM sqlite_master WHERE type='table'"))
        for number in range(version + 1, SCHEMA_VERSION + 1):
            if has_data and self.path is not None:
                self._backup(f"v{number - 1}")
            with self.transaction():
                MIGRATIONS[number - 1](self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def _backup(self, label: str) -> Path:
        assert self.path is not None
        stamp = utc(self.clock()).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.backup-{label}-{stamp}")
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        return target

    def backups(self) -> list[Path]:
        if self.path is None:
            return []
        return sorted(self.path.parent.glob(self.path.name + ".backup-*"))

    def close(self) -> None:
        self.conn.close()

    # -- meta -------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def default_collection_path() -> Path:
    """`--collection` > `BLUEPRINT_COLLECTION` > the user data directory."""
    env = os.environ.get("BLUEPRINT_COLLECTION")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("blueprint")) / "collection.db"
