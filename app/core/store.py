"""The collection: one SQLite file (WAL, busy timeout, migrations with a backup before each).

All of Blueprint's SQL lives in `store*.py`: this module opens the file and migrates it; the
named reads and writes are split by table into `store_cards`, `store_reviews`,
`store_notes` and `store_suggestions`, which `Store` combines.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import StoreError
from app.core.store_base import ACTIVE, CardRow, deck_clause
from app.core.store_cards import CardQueries
from app.core.store_drills import DrillRows
from app.core.store_file import (
    KEEP_BACKUPS,
    checkpoint_wal,
    foreign,
    list_backups,
    open_error,
    read_only_connection,
    write_backup,
)
from app.core.store_notes import NoteRows
from app.core.store_reviews import ReviewLog
from app.core.store_schema import MIGRATIONS, SCHEMA_VERSION
from app.core.store_suggestions import SuggestionDecisions
from app.core.timeutil import utc

__all__ = ["ACTIVE", "KEEP_BACKUPS", "SCHEMA_VERSION", "CardRow", "Store",
           "default_collection_path", "deck_clause"]


class Store(CardQueries, ReviewLog, NoteRows, SuggestionDecisions, DrillRows):
    """Owns the SQLite connection; one per thread (sqlite3 connections belong to their thread)."""

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] | None = None,
                 create_folder: bool = False) -> None:
        """Open (or create) the collection; its folder is created only when `create_folder`
        (the default data folder), else a missing folder is an error."""
        self.path = Path(path) if str(path) != ":memory:" else None
        self.clock = clock or _wall_clock  # names the backups taken before a migration
        folder = self.path.parent if self.path is not None else None
        if folder is not None and not folder.is_dir() and not create_folder:
            raise StoreError(f"the folder {folder} does not exist",
                             "create it first, or pass another --collection")
        try:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the collection {path}: {exc}",
                             "check the path and its permissions, or pass --collection") from exc
        conn.row_factory = sqlite3.Row
        self.conn = conn
        self.read_only = False  # opened read-only: a folder or file it may not write
        try:
            self._set_up()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if self.path is None or "readonly" not in str(exc):
                raise open_error(path, exc) from exc
            self._open_read_only(exc)
        except StoreError:
            conn.close()
            raise

    def _set_up(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 10000")
        version, tables = self._check()  # before anything is written to the file
        if self.path is not None:
            _wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version != SCHEMA_VERSION:
            self._migrate(version, tables)

    def _open_read_only(self, cause: sqlite3.DatabaseError) -> None:
        """Reading needs no writing: stats, list and card show work on a collection in a
        read-only folder; a write says the collection cannot be written."""
        assert self.path is not None
        conn = read_only_connection(self.path)
        if conn is None:
            raise open_error(self.path, cause) from cause
        conn.row_factory = sqlite3.Row
        self.conn, self.read_only = conn, True
        try:
            version, _ = self._check()
        except (sqlite3.DatabaseError, StoreError) as exc:
            conn.close()
            raise exc if isinstance(exc, StoreError) else open_error(self.path, exc) from exc
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"the collection {self.path} needs an upgrade and cannot be "
                             f"written ({cause})",
                             "check the permissions of the file and its folder")

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check(self) -> tuple[int, list[str]]:
        """The schema version and tables; a newer or another program's database is refused."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the collection {self.path} was written by a newer Blueprint "
                f"(schema {version}, this one knows {SCHEMA_VERSION})",
                "upgrade Blueprint; the collection was not touched")
        if version == SCHEMA_VERSION:
            return version, []
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        if version == 0 and tables and "cards" not in tables:
            raise foreign(self.path, tables)
        return version, tables

    def _migrate(self, version: int, tables: list[str]) -> None:
        if version and self.path is not None and "cards" in tables and \
                self.count("SELECT count(*) FROM cards"):  # only data is worth a copy
            write_backup(self.conn, self.path, f"v{version}", utc(self.clock()))
        # One process migrates at a time: a second one opening a new collection at the same
        # moment waits for the write lock here, then finds the work done.
        with self.transaction():
            version = self.schema_version()
            for number in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[number - 1](self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def backups(self) -> list[Path]:
        """Backups of this collection, oldest first, in the `backups/` folder beside it."""
        return [] if self.path is None else list_backups(self.path)

    def defer_checkpoints(self) -> None:
        """No WAL checkpoint in this connection's commits: SQLite's automatic one (every ~1,000
        pages) copies the WAL into the file and syncs it inside whichever commit crosses the
        mark, a grade's (12-20 ms here, far more on a slow disk). The TUI calls
        `checkpoint_wal` from a worker thread instead; closing the last connection copies the
        rest."""
        if self.path is not None and not self.read_only:
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoint_wal(self) -> tuple[int, int, int] | None:
        """`store_file.checkpoint_wal` of this collection: safe to call from another thread."""
        return None if self.path is None or self.read_only else checkpoint_wal(self.path)

    def close(self) -> None:
        self.conn.close()

    # -- meta -------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite may answer "locked" at once, without waiting, while another
    process creates the same new file: wait for it here (up to the busy timeout)."""
    for _ in range(100):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(0.1)
    conn.execute("PRAGMA journal_mode = WAL")


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def default_collection_path() -> Path:
    """`--collection` > `BLUEPRINT_COLLECTION` > the user data directory."""
    env = os.environ.get("BLUEPRINT_COLLECTION")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("blueprint")) / "collection.db"
