"""The collection as a file: its folder, backups beside it, and what a damaged or foreign
SQLite file is told (the file itself is never changed on the way)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from app.core.errors import StoreError

KEEP_BACKUPS = 5  # the newest backups of a collection that are kept
_NOT_BACKUPS = ("-wal", "-shm", "-journal", ".partial")  # SQLite's side files, unfinished copies


def backup_folder(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path) -> list[Path]:
    """This collection's backups, oldest first (never SQLite's -wal/-shm side files)."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(path.name + ".backup-*")
             if not p.name.endswith(_NOT_BACKUPS) and p.is_file()]
    return sorted(found, key=lambda p: (p.name.rsplit("-", 1)[-1], p.name))


def write_backup(conn: sqlite3.Connection, path: Path, label: str, when: datetime) -> Path:
    """Copy the database into backups/ (complete or not at all), keeping the newest few."""
    folder = backup_folder(path)
    stamp = when.strftime("%Y%m%dT%H%M%S")
    target = folder / f"{path.name}.backup-{label}-{stamp}"
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(exist_ok=True)
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"could not back up the collection before upgrading it ({exc})",
                         f"free some space in {folder.parent} and try again; the collection was "
                         "not changed") from exc
    for old in list_backups(path)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def read_only_connection(path: Path) -> sqlite3.Connection | None:
    """The collection opened for reading only, or None. In a folder it may not write, SQLite
    cannot make the WAL's shared-memory file: then the file is read as immutable, safe while
    no WAL file holds changes not yet in it (none can be added: nobody may write there)."""
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    modes = ["mode=ro"] + ([] if wal.exists() and wal.stat().st_size else ["immutable=1"])
    for mode in modes:
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            conn.execute("PRAGMA user_version").fetchone()
            return conn
        except sqlite3.Error:
            conn.close()
    return None


def open_error(path: object, exc: sqlite3.DatabaseError) -> StoreError:
    """What the user is told when the collection cannot be opened or read."""
    text = str(exc)
    if "malformed" in text or "corrupt" in text:
        return damaged(path, text)
    if "readonly" in text or "read-only" in text:
        return StoreError(f"the collection {path} cannot be written ({text})",
                          "check the permissions of the file and its folder")
    if "full" in text:  # SQLITE_FULL: the failed write was rolled back
        return StoreError(f"the disk holding the collection {path} is full ({text})",
                          "nothing of the failed step was written; free some space and run "
                          "it again")
    if "locked" in text or "busy" in text:
        return StoreError(f"the collection {path} is busy ({text})",
                          "another Blueprint is writing to it (an import?); try again shortly")
    return StoreError(f"{path} is not a Blueprint collection ({text})",
                      "point --collection at another file; this one was left as it is")


def damaged(path: object, detail: str) -> StoreError:
    folder = backup_folder(Path(str(path)))
    return StoreError(
        f"the collection {path} is damaged ({detail})",
        f"Blueprint did not change it. Restore the newest copy from {folder} (if there is "
        f"one), or recover what is readable: sqlite3 {path} .recover | sqlite3 recovered.db, "
        "then use --collection recovered.db")


def foreign(path: object, tables: list[str]) -> StoreError:
    shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
    return StoreError(
        f"{path} is not a Blueprint collection: it is another program's SQLite database "
        f"(tables: {shown})",
        "Blueprint will not add its tables to it; point --collection at a new file")


def checkpoint_wal(path: Path) -> tuple[int, int, int] | None:
    """Copy the WAL's committed pages into the collection file, from a connection of its own
    (so any thread may call it): SQLite's PASSIVE checkpoint, which never waits for a writer.
    Its (busy, pages in the WAL, pages copied), or None when the file cannot be opened."""
    try:
        conn = sqlite3.connect(str(path), timeout=1.0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(row[0]), int(row[1]), int(row[2])
    except sqlite3.Error:
        return None  # the next one tries again; the last connection's close copies it all
    finally:
        conn.close()
