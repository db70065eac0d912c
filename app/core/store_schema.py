"""The collection's schema: one migration function per change, applied in order at open."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from app.core.store_drills import create_drill_tables
from app.core.store_suggestions import create_suggestion_table

SCHEMA_VERSION = 13


def _migrate_1(conn: sqlite3.Connection) -> None:
    conn.execute(
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
    conn.execute("CREATE INDEX cards_source ON cards(root, source_path)")
    conn.execute("CREATE INDEX cards_hash ON cards(content_hash)")
    conn.execute("CREATE INDEX cards_due ON cards(retired, suspended, state, due)")
    conn.execute("CREATE INDEX cards_deck ON cards(deck)")
    conn.execute("CREATE INDEX cards_diagram ON cards(diagram_id, diagram_key)")
    conn.execute("CREATE INDEX cards_explicit ON cards(explicit_id)")
    _create_reviews_files_diagrams(conn)


def _create_reviews_files_diagrams(conn: sqlite3.Connection) -> None:
    conn.execute(
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
    conn.execute("CREATE INDEX reviews_card ON reviews(card_id, reviewed_at)")
    conn.execute("CREATE INDEX reviews_time ON reviews(reviewed_at)")
    conn.execute(
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
    conn.execute(
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


def _migrate_2(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")


def _migrate_3(conn: sqlite3.Connection) -> None:
    # Burying siblings looks cards up by family on every grade.
    conn.execute("CREATE INDEX IF NOT EXISTS cards_family ON cards(family)")


def _migrate_4(conn: sqlite3.Connection) -> None:
    # FSRS parameters fitted by `blueprint optimize`: the newest row is in force, and removing it
    # (`--undo`) restores the one before. Deck options apply to a deck and its subdecks.
    conn.execute(
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
    conn.execute(
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


def _migrate_5(conn: sqlite3.Connection) -> None:
    create_suggestion_table(conn)  # decisions on suggested cards (store_suggestions.py)


def _migrate_6(conn: sqlite3.Connection) -> None:
    # The Anki note key is decided at import and stored (it was picked at export from the
    # unsuspended siblings, so suspending c1 of a cloze note changed the note's GUID). Existing
    # cloze cards keep the key the last export gave them: their family's first active card,
    # else its first card.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(cards)")}
    if "note_key" not in columns:  # idempotent, as every migration here
        conn.execute("ALTER TABLE cards ADD COLUMN note_key TEXT")
    conn.execute("UPDATE cards SET note_key = uid WHERE note_key IS NULL AND "
                 "(kind != 'cloze' OR family IS NULL)")
    conn.execute(
        """
        UPDATE cards SET note_key = coalesce(
            (SELECT s.uid FROM cards s WHERE s.family = cards.family AND s.kind = 'cloze'
             AND s.retired = 0 AND s.suspended = 0 ORDER BY s.id LIMIT 1),
            (SELECT s.uid FROM cards s WHERE s.family = cards.family AND s.kind = 'cloze'
             ORDER BY s.id LIMIT 1))
        WHERE note_key IS NULL AND kind = 'cloze' AND family IS NOT NULL
        """
    )


def _migrate_7(conn: sqlite3.Connection) -> None:
    create_drill_tables(conn)  # case studies' checklists and drill history (store_drills.py)
    # Checklists are read at import: make the next import parse every known note once more
    # (unchanged cards still match by content, nothing is re-added).
    conn.execute("UPDATE files SET mtime_ns = 0, content_hash = ''")


def _migrate_8(conn: sqlite3.Connection) -> None:
    # A diagram card's quiz (answers, what its drawing shows) is stored at import, so a review
    # or an export never re-parses the diagram to rebuild its family; `answers` was written
    # and never read. The next import parses every known note once more to fill `quiz`.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(cards)")}
    if "quiz" not in columns:
        conn.execute("ALTER TABLE cards ADD COLUMN quiz TEXT")
    if "answers" in columns:
        conn.execute("ALTER TABLE cards DROP COLUMN answers")
    conn.execute("UPDATE files SET mtime_ns = 0, content_hash = ''")


def _migrate_9(conn: sqlite3.Connection) -> None:
    # Each file keeps the count of its live cards, so a re-import with nothing changed reads
    # the files table and nothing else (the "unchanged" count of its summary included).
    columns = {row[1] for row in conn.execute("PRAGMA table_info(files)")}
    if "cards" not in columns:
        conn.execute("ALTER TABLE files ADD COLUMN cards INTEGER NOT NULL DEFAULT 0")
    conn.execute("DROP TABLE IF EXISTS temp.live_counts")
    conn.execute("CREATE TEMP TABLE live_counts (path TEXT PRIMARY KEY, n INTEGER)")
    conn.execute("INSERT INTO live_counts SELECT root || '/' || source_path, count(*) "
                 "FROM cards WHERE retired = 0 GROUP BY root, source_path")
    conn.execute("UPDATE files SET cards = coalesce("
                 "(SELECT n FROM live_counts WHERE live_counts.path = files.path), 0)")
    conn.execute("DROP TABLE temp.live_counts")


def _migrate_10(conn: sqlite3.Connection) -> None:
    # `optimize` stores with each parameter set the shift its predictions need on the learner's
    # newer reviews (app/core/calibration.py); NULL (older sets) means none.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(parameter_history)")}
    if "calibration" not in columns:
        conn.execute("ALTER TABLE parameter_history ADD COLUMN calibration REAL")


def _migrate_11(conn: sqlite3.Connection) -> None:
    # The diagram cards by state, in id order: a session finds the new ones without reading
    # every new card's row (partial: it holds the diagram cards only, so it costs an import of
    # other cards nothing). Its condition is the one the query states (store_cards._DIAGRAM).
    conn.execute("CREATE INDEX IF NOT EXISTS cards_diagram_state ON cards(state, id) "
                 "WHERE kind GLOB 'diagram*'")


HASH_PREFIX = "substr(content_hash, 1, 8)"  # the cards_hash8 index's expression, as queries say it


def _migrate_12(conn: sqlite3.Connection) -> None:
    # Import finds a draft's earlier self by content hash through an index of the hash's first
    # 8 characters (store_notes.card_rows_by compares the whole hash on the rows it finds):
    # 828 pages at 200k cards instead of 4,074 for the 64-character one it replaces. Each
    # chunk's inserts land at random places in it and every page they touch is written again
    # at the chunk's commit: inserting 200k cards in chunks of 2,000 took 5.1-6.2 s of CPU
    # with the full index, 4.4 s with this one (bench rows of the import, measured).
    conn.execute("DROP INDEX IF EXISTS cards_hash")
    conn.execute(f"CREATE INDEX IF NOT EXISTS cards_hash8 ON cards({HASH_PREFIX})")


def _migrate_13(conn: sqlite3.Connection) -> None:
    # The deck list counts each deck's active cards by state and due time and reads every
    # deck's day queues (deck_offers.py): from this index alone, not each card's row (the rows
    # hold the cards' text: 60 of 97 MB at 200k cards). Partial: active cards, the ones those
    # reads are about. cards_deck stays as it was: queries that read one deck's range in note
    # order keep their plans.
    conn.execute("CREATE INDEX IF NOT EXISTS cards_deck_day ON cards"
                 "(deck, state, due, buried_until, family, retired, suspended) "
                 "WHERE retired = 0 AND suspended = 0")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1, _migrate_2, _migrate_3, _migrate_4, _migrate_5, _migrate_6, _migrate_7, _migrate_8,
    _migrate_9, _migrate_10, _migrate_11, _migrate_12, _migrate_13]
