"""The collection: one SQLite file (WAL, busy timeout, migrations with a backup before each)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import StoreError
from app.core.store_suggestions import SuggestionDecisions, create_suggestion_table

if TYPE_CHECKING:
    import sqlite_utils
from app.core.timeutil import format_utc, parse_utc

SCHEMA_VERSION = 5


def _migrate_1(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            deck TEXT NOT NULL,
            front TEXT NOT NULL,
            back TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            breadcrumb TEXT NOT NULL DEFAULT '[]',
            root TEXT NOT NULL DEFAULT '',
            source_path TEXT NOT NULL DEFAULT '',
            source_line INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            family TEXT,
            explicit_id TEXT,
            cloze_text TEXT,
            cloze_ordinal INTEGER,
            diagram_id TEXT,
            diagram_key TEXT,
            answers TEXT NOT NULL DEFAULT '[]',
            retired INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_until TEXT,
            created_at TEXT NOT NULL,
            modified_at TEXT NOT NULL,
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT,
            last_review TEXT
        )
        """
    )
    db.execute("CREATE INDEX cards_source ON cards(root, source_path)")
    db.execute("CREATE INDEX cards_hash ON cards(content_hash)")
    db.execute("CREATE INDEX cards_due ON cards(retired, suspended, state, due)")
    db.execute("CREATE INDEX cards_deck ON cards(deck)")
    db.execute("CREATE INDEX cards_diagram ON cards(diagram_id, diagram_key)")
    db.execute("CREATE INDEX cards_explicit ON cards(explicit_id)")
    db.execute(
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id),
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            state_before TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'blueprint'
        )
        """
    )
    db.execute("CREATE INDEX reviews_card ON reviews(card_id, reviewed_at)")
    db.execute("CREATE INDEX reviews_time ON reviews(reviewed_at)")
    db.execute(
        """
        CREATE TABLE files (
            path TEXT PRIMARY KEY,
            root TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            deck TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE diagrams (
            id TEXT PRIMARY KEY,
            lang TEXT NOT NULL,
            source TEXT NOT NULL,
            root TEXT NOT NULL,
            source_path TEXT NOT NULL,
            line INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            deck TEXT NOT NULL,
            breadcrumb TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            content_hash TEXT NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0,
            modified_at TEXT NOT NULL
        )
        """
    )


def _migrate_2(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")


def _migrate_3(db: sqlite_utils.Database) -> None:
    # Burying siblings looks cards up by family on every grade.
    db.execute("CREATE INDEX IF NOT EXISTS cards_family ON cards(family)")


def _migrate_4(db: sqlite_utils.Database) -> None:
    # FSRS parameters fitted by `blueprint optimize`: the newest row is in force, and removing it
    # (`--undo`) restores the one before. Deck options apply to a deck and its subdecks.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS parameter_history (
            id INTEGER PRIMARY KEY,
            parameters TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            log_loss REAL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS deck_options (
            deck TEXT PRIMARY KEY,
            retention REAL,
            new_per_day INTEGER,
            reviews_per_day INTEGER,
            day_start_hour INTEGER
        )
        """
    )


def _migrate_5(db: sqlite_utils.Database) -> None:
    create_suggestion_table(db.conn)  # decisions on suggested cards (store_suggestions.py)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migrate_1, _migrate_2, _migrate_3, _migrate_4, _migrate_5]


@dataclass(frozen=True)
class CardRow:
    """A stored card as the core hands it out."""

    id: int
    uid: str
    kind: str
    deck: str
    front: str
    back: str
    tags: tuple[str, ...]
    breadcrumb: tuple[str, ...]
    root: str
    source_path: str
    source_line: int
    content_hash: str
    family: str | None
    cloze_text: str | None
    cloze_ordinal: int | None
    diagram_id: str | None
    diagram_key: str | None
    answers: tuple[str, ...]
    retired: bool
    suspended: bool
    buried_until: datetime | None
    created_at: datetime
    modified_at: datetime
    state: int  # 0 new, 1 learning, 2 review, 3 relearning (fsrs.State values)
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None

    @property
    def source(self) -> str:
        return f"{self.source_path}:{self.source_line}"

    @property
    def source_file(self) -> Path:
        return Path(self.root) / self.source_path

    @classmethod
    def from_row(cls, row: dict) -> CardRow:
        return cls(
            id=row["id"], uid=row["uid"], kind=row["kind"], deck=row["deck"],
            front=row["front"], back=row["back"], tags=tuple(json.loads(row["tags"])),
            breadcrumb=tuple(json.loads(row["breadcrumb"])), root=row["root"],
            source_path=row["source_path"], source_line=row["source_line"],
            content_hash=row["content_hash"], family=row["family"],
            cloze_text=row["cloze_text"], cloze_ordinal=row["cloze_ordinal"],
            diagram_id=row["diagram_id"], diagram_key=row["diagram_key"],
            answers=tuple(json.loads(row["answers"])), retired=bool(row["retired"]),
            suspended=bool(row["suspended"]), buried_until=parse_utc(row["buried_until"]),
            created_at=parse_utc(row["created_at"]),  # type: ignore[arg-type]
            modified_at=parse_utc(row["modified_at"]),  # type: ignore[arg-type]
            state=row["state"], step=row["step"], stability=row["stability"],
            difficulty=row["difficulty"], due=parse_utc(row["due"]),
            last_review=parse_utc(row["last_review"]),
        )


class Store(SuggestionDecisions):
    """Owns the SQLite connection; one per thread (sqlite3 connections belong to their thread)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the collection {path}: {exc}",
                             "check the path and its permissions, or pass --collection") from exc
        conn.row_factory = sqlite3.Row
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
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

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection; imported on first use (it costs ~50 ms of
        start-up, and a review session never needs it)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

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
        has_tables = bool(self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0])
        for number in range(version + 1, SCHEMA_VERSION + 1):
            if has_tables and self.path is not None:
                self._backup(f"v{number - 1}")
            with self.transaction():
                MIGRATIONS[number - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {number}")
            has_tables = True

    def _backup(self, label: str) -> Path:
        assert self.path is not None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
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

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- reads ------------------------------------------------------------------------------
    def card(self, card_id: int) -> CardRow:
        row = self.conn.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            raise StoreError(f"no card with id {card_id}", "run 'blueprint list' to see cards")
        return CardRow.from_row(dict(row))

    def cards(self, where: str = "1", params: tuple | list = (),
              order: str = "id") -> list[CardRow]:
        sql = f"SELECT * FROM cards WHERE {where} ORDER BY {order}"
        return [CardRow.from_row(dict(r)) for r in self.conn.execute(sql, params)]

    def count(self, sql: str, params: tuple | list = ()) -> int:
        return int(self.conn.execute(sql, params).fetchone()[0])

    def is_empty(self) -> bool:
        return self.count("SELECT count(*) FROM cards") == 0

    def reviews(self, card_id: int | None = None) -> list[dict]:
        if card_id is None:
            rows = self.conn.execute("SELECT * FROM reviews ORDER BY id")
        else:
            rows = self.conn.execute("SELECT * FROM reviews WHERE card_id = ? ORDER BY id",
                                     (card_id,))
        return [dict(r) for r in rows]

    def decks(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT deck FROM cards WHERE retired = 0 ORDER BY deck")]

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- writes used by the study session ---------------------------------------------------
    def record_review(self, card_id: int, rating: int, reviewed_at: datetime,
                      duration_ms: int | None, state: dict, state_before: dict,
                      origin: str = "blueprint", bury: list[int] | None = None,
                      bury_until: datetime | None = None) -> int:
        """Write one grade in one transaction: the log row, the card's state, buried siblings."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, state_before, "
                "origin) VALUES (?, ?, ?, ?, ?, ?)",
                (card_id, rating, format_utc(reviewed_at), duration_ms,
                 json.dumps(dict(state_before, buried=bury or [])), origin))
            self._set_state(card_id, state)
            if bury and bury_until is not None:
                self.conn.executemany("UPDATE cards SET buried_until = ? WHERE id = ?",
                                      [(format_utc(bury_until), cid) for cid in bury])
        return int(cur.lastrowid or 0)

    def undo_review(self, review_id: int) -> int:
        """Remove one review (the last one) and put its card back as it was before it."""
        with self.transaction():
            row = self.conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise StoreError("nothing to undo", "")
            last = self.conn.execute("SELECT max(id) FROM reviews").fetchone()[0]
            if last != review_id:
                raise StoreError("only the last review can be undone", "")
            before = json.loads(row["state_before"])
            self._set_state(row["card_id"], before)
            self.conn.executemany("UPDATE cards SET buried_until = NULL WHERE id = ?",
                                  [(cid,) for cid in before.get("buried", [])])
            self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return int(row["card_id"])

    def _set_state(self, card_id: int, state: dict) -> None:
        self.conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
            "last_review = ?, buried_until = ? WHERE id = ?",
            (state["state"], state.get("step"), state.get("stability"), state.get("difficulty"),
             state.get("due"), state.get("last_review"), state.get("buried_until"), card_id))

    def set_flag(self, card_ids: list[int], column: str, value: object) -> None:
        if column not in ("suspended", "buried_until"):
            raise ValueError(column)
        with self.transaction():
            self.conn.executemany(f"UPDATE cards SET {column} = ? WHERE id = ?",
                                  [(value, cid) for cid in card_ids])


def default_collection_path() -> Path:
    """`--collection` > `BLUEPRINT_COLLECTION` > the user data directory."""
    env = os.environ.get("BLUEPRINT_COLLECTION")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("blueprint")) / "collection.db"
