"""The import side of the store: known files, card rows to match and write, stored diagrams."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter

from app.core.store_base import StoreBase, json_list
from app.core.store_schema import HASH_PREFIX

# A card's file, as import groups cards: its absolute path whatever root imported it.
_CARD_PATH = "root || '/' || source_path"
_DIAGRAM_PATH = "root || '/' || source_path"
_PROBLEMS = "problems:"  # meta key prefix: a file's problems, by its path

# A known file as `known_files` gives it: (size, mtime_ns, root, deck, live cards).
KnownFile = tuple[int, int, str, str | None, int]

# An import's page cache: the random-key indexes (uid, content hash, cloze family) of 200k cards
# take 27 MB; with SQLite's default 2 MB, every chunk's inserts missed the cache and the
# import slowed down faster than it grew (44 s for 200k cards, 2.8 s for 20k). 40 MB holds them
# within the import's 200 MB budget, and is given back when the import ends.
IMPORT_CACHE_KIB = 40 * 1024
# Each chunk's commit dirties thousands of index pages; checkpointing after every chunk (the
# default, at 1,000 pages) wrote them all to the file and synced it ~100 times. The import
# checkpoints every 10,000 pages (40 MB of WAL), and once more at its end.
IMPORT_CHECKPOINT_PAGES = 10_000


class NoteRows(StoreBase):
    """Files, card rows and diagram rows as the importer reads and writes them. The writes are
    meant to run inside one `transaction()` opened by the importer."""

    @contextmanager
    def import_settings(self) -> Iterator[None]:
        """The connection tuned for an import's many writes, restored after (see above); the
        WAL is checkpointed at the end, so the next grade does not pay for the import's pages."""
        conn = self.conn
        cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {cache}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")
            if not conn.in_transaction:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    # -- a first import's cards, in bulk ---------------------------------------------------
    _in_bulk = False  # inside cards_in_bulk(): import_chunk() is a savepoint

    @contextmanager
    def cards_in_bulk(self) -> Iterator[None]:
        """One transaction for a large import into a collection with no card: the indexes of
        `cards` (all but uid's, its constraint) are dropped at its start and built again at its
        end, one pass over the rows each, instead of every insert updating ten indexes. Each
        `import_chunk()` inside is a savepoint: an error or an interrupt keeps the chunks
        written before it (indexes built, committed), as their own transactions would have. A
        killed process never commits it: the collection is as it was, every index with it.
        Another writer waits for the whole import (a collection with no card has none to
        review)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        indexes: list[tuple[str, str]] = []
        try:
            indexes = [(name, sql) for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cards' "
                "AND sql IS NOT NULL ORDER BY rowid")]  # rebuilt in this order: the same plans
            for name, _ in indexes:
                conn.execute(f'DROP INDEX "{name}"')
            self._in_bulk = True
            yield
        except BaseException:
            self._in_bulk = False
            self._end_bulk(indexes)
            raise
        self._in_bulk = False
        self._end_bulk(indexes)

    def _end_bulk(self, indexes: list[tuple[str, str]]) -> None:
        """Build the dropped indexes again and commit (nothing to do when SQLite has rolled the
        transaction back itself: a full disk)."""
        conn = self.conn
        if not conn.in_transaction:
            return
        try:
            present = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
            for name, sql in indexes:
                if name not in present:
                    conn.execute(sql)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def import_chunk(self) -> Iterator[None]:
        """One chunk of an import's writes: its own transaction, or inside `cards_in_bulk()` a
        savepoint (an error undoes this chunk alone)."""
        if not self._in_bulk:
            with self.transaction():
                yield
            return
        conn = self.conn
        conn.execute("SAVEPOINT import_chunk")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO import_chunk")
                conn.execute("RELEASE import_chunk")
            raise
        conn.execute("RELEASE import_chunk")

    # -- files -----------------------------------------------------------------------------
    def known_files(self) -> dict[str, KnownFile]:
        """Every imported file's (size, mtime_ns, root, deck, cards) by path: all a no-change
        re-import reads (plain tuples: at 20,000 files a sqlite3.Row each costs more than the
        walk's stat)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        cursor.execute("SELECT path, size, mtime_ns, root, deck, cards FROM files")
        return {r[0]: r[1:] for r in cursor}

    def file_hashes(self) -> dict[str, str]:
        """Every imported file's content hash by path (read when some file changed)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return dict(cursor.execute("SELECT path, content_hash FROM files"))

    def file_deck(self, path: str) -> str | None:
        """The `--deck` a file was imported with (None: its own decks)."""
        row = self.conn.execute("SELECT deck FROM files WHERE path = ?", (path,)).fetchone()
        return None if row is None else row[0]

    def restamp_files(self, rows: list[tuple[int, int, str]]) -> None:
        """(mtime_ns, size, path): same content under a new time or size."""
        self.conn.executemany("UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?", rows)

    def save_file(self, path: str, root: str, content_hash: str, size: int, mtime_ns: int,
                  deck: str | None, cards: int) -> None:
        """A file as imported; `cards`: its live cards (a no-change re-import counts them)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO files(path, root, content_hash, size, mtime_ns, deck, cards) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (path, root, content_hash, size, mtime_ns, deck, cards))

    def save_files(self, rows: list[tuple[str, str, str, int, int, str | None, int]]) -> None:
        """`save_file` of many files: (path, root, content_hash, size, mtime_ns, deck, cards)."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO files(path, root, content_hash, size, mtime_ns, deck, cards) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def forget_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        self.conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])
        self.save_file_problems(paths, [])

    def file_problems(self, path: str) -> list[tuple[int, str, bool]]:
        """(line, message, notice) found when the file was last parsed."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?",
                                (_PROBLEMS + path,)).fetchone()
        return [(int(a), str(b), bool(c)) for a, b, c in json.loads(row[0])] if row else []

    def all_file_problems(self) -> dict[str, list[tuple[int, str, bool]]]:
        """`file_problems` of every file that has any, in one query (a range of the key)."""
        rows = self.conn.execute("SELECT key, value FROM meta WHERE key >= ? AND key < ?",
                                 (_PROBLEMS, _PROBLEMS[:-1] + chr(ord(_PROBLEMS[-1]) + 1)))
        return {key[len(_PROBLEMS):]: [(int(a), str(b), bool(c)) for a, b, c in json.loads(value)]
                for key, value in rows}

    def save_file_problems(self, paths: Iterable[str], rows: list[tuple[int, str, bool]]) -> None:
        """Keep a parsed file's problems, reported again while the file is unchanged."""
        keys = [(_PROBLEMS + p,) for p in paths]
        if rows:
            value = json.dumps([list(r) for r in rows], ensure_ascii=False)
            self.conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                                  [(k, value) for (k,) in keys])
        else:
            self.conn.executemany("DELETE FROM meta WHERE key = ?", keys)

    def root_live_count(self, root: str) -> int:
        return self.count("SELECT count(*) FROM cards WHERE retired = 0 AND root = ?", (root,))

    # -- cards as import matches them ------------------------------------------------------
    def match_rows(self, paths: Iterable[str]) -> list[dict]:
        """Full rows of every card a draft of these files may match: theirs and the retired."""
        return [dict(r) for r in self.conn.execute(
            f"SELECT * FROM cards WHERE retired = 1 OR {_CARD_PATH} IN "
            "(SELECT value FROM json_each(?))", (json_list(paths),))]

    def file_card_rows(self, root: str, source_path: str) -> list[dict]:
        """Full rows of the cards of one file (live and retired), by the (root, path) index."""
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM cards WHERE root = ? AND source_path = ?", (root, source_path))]

    def card_rows_by(self, ids: Iterable[int], hashes: Iterable[str]) -> list[dict]:
        """Full rows of these cards and of every card with one of these content hashes (found
        by the hash's prefix index, then compared whole)."""
        hashed = json_list(hashes)
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM cards WHERE id IN (SELECT value FROM json_each(?)) "
            f"UNION SELECT * FROM cards WHERE {HASH_PREFIX} IN "
            f"(SELECT {HASH_PREFIX.replace('content_hash', 'value')} FROM json_each(?)) "
            "AND content_hash IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)), hashed, hashed))]

    def max_card_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM cards").fetchone()[0])

    def card_row_dict(self, card_id: int) -> dict:
        return dict(self.conn.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone())

    def live_card_ids(self, root: str, source_path: str) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM cards WHERE root = ? AND source_path = ? AND retired = 0",
            (root, source_path))]

    def keyed_rows(self, columns: tuple[str, ...]) -> list[tuple]:
        """`columns` of every card with an explicit id or a diagram id and key (matched
        anywhere), in id order (`columns` holds "id"). Through their indexes: SQLite read
        the whole table for this (0.1-1.4 s at 200k cards, on every import that wrote)."""
        shown = ", ".join(columns)
        return [tuple(r) for r in self.conn.execute(
            f"SELECT {shown} FROM cards INDEXED BY cards_explicit WHERE explicit_id IS NOT NULL "
            f"UNION ALL SELECT {shown} FROM cards INDEXED BY cards_diagram "
            "WHERE diagram_id IS NOT NULL AND diagram_key IS NOT NULL AND explicit_id IS NULL "
            "ORDER BY id")]

    def uids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT uid FROM cards")}

    def insert_cards(self, rows: list[dict]) -> None:
        """One prepared statement for all rows (sqlite-utils' insert_all was 5x slower)."""
        if not rows:
            return
        columns = list(rows[0])
        values = itemgetter(*columns)
        self.conn.executemany(
            f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            map(values, rows))

    def insert_card_rows(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """`insert_cards` of rows given as tuples of `columns`, in that order."""
        if rows:
            self.conn.executemany(f"INSERT INTO cards ({', '.join(columns)}) "
                                  f"VALUES ({', '.join('?' * len(columns))})", rows)

    def update_card(self, card_id: int, changed: dict) -> None:
        if changed:
            sets = ", ".join(f"{k} = ?" for k in changed)
            self.conn.execute(f"UPDATE cards SET {sets} WHERE id = ?",
                              (*changed.values(), card_id))

    def retire_cards(self, card_ids: Iterable[int]) -> None:
        self.conn.executemany("UPDATE cards SET retired = 1 WHERE id = ?",
                              [(cid,) for cid in card_ids])

    def live_count_in(self, paths: Iterable[str]) -> int:
        return self.count(
            f"SELECT count(*) FROM cards WHERE retired = 0 AND {_CARD_PATH} "
            "IN (SELECT value FROM json_each(?))", (json_list(paths),))

    # -- diagrams --------------------------------------------------------------------------
    def diagram_hash(self, diagram_id: str) -> str | None:
        row = self.conn.execute("SELECT content_hash FROM diagrams WHERE id = ?",
                                (diagram_id,)).fetchone()
        return None if row is None else row[0]

    def save_diagram(self, row: dict) -> None:
        """Insert or update a diagram row (keyed by `id`); absent columns keep their value."""
        if self.diagram_hash(row["id"]) is None:
            columns = list(row)
            self.conn.execute(
                f"INSERT INTO diagrams ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})", tuple(row.values()))
            return
        rest = {k: v for k, v in row.items() if k != "id"}
        sets = ", ".join(f"{k} = ?" for k in rest)
        self.conn.execute(f"UPDATE diagrams SET {sets} WHERE id = ?", (*rest.values(), row["id"]))

    def retire_diagrams(self, paths: Iterable[str], keep: Iterable[str]) -> None:
        """Retire the diagrams of these files that are not in `keep`."""
        self.conn.execute(
            f"UPDATE diagrams SET retired = 1 WHERE {_DIAGRAM_PATH} IN "
            "(SELECT value FROM json_each(?)) AND id NOT IN (SELECT value FROM json_each(?))",
            (json_list(paths), json_list(keep)))

    def diagram_paths(self) -> set[str]:
        """The path key of every file with a stored diagram (live or retired)."""
        return {r[0] for r in self.conn.execute(f"SELECT DISTINCT {_DIAGRAM_PATH} FROM diagrams")}

    def diagram(self, diagram_id: str, *, live_only: bool = False) -> dict | None:
        """A stored diagram row (source, lang, line, deck, ...) or None."""
        sql = "SELECT * FROM diagrams WHERE id = ?" + (" AND retired = 0" if live_only else "")
        row = self.conn.execute(sql, (diagram_id,)).fetchone()
        return None if row is None else dict(row)

    def live_diagram_count(self) -> int:
        return self.count("SELECT count(*) FROM diagrams WHERE retired = 0")

    def node_card_keys(self, diagram_id: str) -> list[str]:
        """Node ids of a diagram's node cards in creation order."""
        rows = self.conn.execute(
            "SELECT diagram_key FROM cards WHERE diagram_id = ? AND "
            "substr(diagram_key, 1, 5) = 'node:' ORDER BY id", (diagram_id,))
        return [r[0].split(":", 1)[1] for r in rows]

    def card_ids_by_uid(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT uid, id FROM cards")}
