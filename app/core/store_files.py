"""SQL on SQLite files that are not the collection: the exporter's render cache beside it, and
the collection inside an Anki package read back for its review log. Kept here so that every
SQL string of Blueprint lives in `app/core/store*.py`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

FieldKey = tuple[str, str, str]  # (text, source, root)


def load_render_cache(path: Path, fingerprint: str
                      ) -> tuple[dict[FieldKey, str], dict[str, str]]:
    """(fields, values) of the cache at `path`; fields made by another renderer are dropped."""
    fields: dict[FieldKey, str] = {}
    values: dict[str, str] = {}
    if not path.exists():
        return fields, values
    db = sqlite3.connect(path, timeout=10)
    try:
        with db:
            _create_cache(db)
            row = db.execute("SELECT value FROM meta WHERE key = 'renderer'").fetchone()
            if row is None or row[0] != fingerprint:
                db.execute("DELETE FROM fields")  # rendered by other code: all stale
            for text, source, root, value in db.execute("SELECT * FROM fields"):
                fields[(text, source, root)] = value
            values.update(db.execute("SELECT key, value FROM kv"))
    finally:
        db.close()
    return fields, values


def save_render_cache(path: Path, fingerprint: str, fields: dict[FieldKey, str],
                      values: dict[str, str], drop: list[FieldKey]) -> None:
    """Write new entries and drop the unused ones, in one transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    try:
        with db:
            _create_cache(db)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('renderer', ?)",
                       (fingerprint,))
            db.executemany(
                "INSERT OR REPLACE INTO fields (text, source, root, value) VALUES (?,?,?,?)",
                [(*k, v) for k, v in fields.items()])
            db.executemany("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)",
                           list(values.items()))
            db.executemany("DELETE FROM fields WHERE text = ? AND source = ? AND root = ?",
                           drop)
    finally:
        db.close()


def _create_cache(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS fields (text TEXT NOT NULL, source TEXT NOT NULL, "
        "root TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (text, source, root))")
    db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def read_anki_revlog(db_path: Path) -> list[tuple[int, int, int, int, str | None, int | None]]:
    """(revlog id, ease, duration ms, card id, note GUID, card ordinal) of every real answer
    (ease 1-4) in an Anki collection file, oldest first; GUID and ordinal are None for a card
    since deleted (its reviews stay in the revlog). Raises sqlite3.DatabaseError."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in db.execute(
            "SELECT r.id, r.ease, r.time, r.cid, n.guid, c.ord FROM revlog r "
            "LEFT JOIN cards c ON c.id = r.cid LEFT JOIN notes n ON n.id = c.nid "
            "WHERE r.ease BETWEEN 1 AND 4 ORDER BY r.id")]
    finally:
        db.close()
