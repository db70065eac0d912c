"""Decisions on suggested cards (accepted, edited, rejected), keyed by file and suggestion id."""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

SUGGESTION_TABLE = """
CREATE TABLE IF NOT EXISTS suggestion_decisions (
    path TEXT NOT NULL,           -- the note's path key (root + '/' + path under the root)
    id TEXT NOT NULL,             -- the suggestion id, hashed from its source text
    status TEXT NOT NULL,         -- 'accepted' | 'rejected'
    markdown TEXT,                -- the card as accepted (the draft, or the user's edit)
    line INTEGER NOT NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (path, id)
)
"""


def create_suggestion_table(conn: sqlite3.Connection) -> None:
    conn.execute(SUGGESTION_TABLE)


class Decision(NamedTuple):  # not a dataclass: opening the store would compile its methods
    path: str
    id: str
    status: str
    markdown: str | None
    line: int


class SuggestionDecisions:
    """Named reads and writes of `suggestion_decisions` (mixed into `Store`)."""

    conn: sqlite3.Connection

    def decide_suggestions(self, decisions: list[Decision], *, stamp: str) -> None:
        """Record (or replace) decisions; the file of an accepted one is read at next import."""
        self.conn.execute("SAVEPOINT decide")  # one transaction, inside a caller's or alone
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO suggestion_decisions "
                "(path, id, status, markdown, line, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(d.path, d.id, d.status, d.markdown, d.line, stamp) for d in decisions])
            self.conn.executemany(
                "UPDATE files SET size = -1, content_hash = '' WHERE path = ?",
                sorted({(d.path,) for d in decisions if d.status == "accepted"}))
        except BaseException:
            self.conn.execute("ROLLBACK TO decide")
            self.conn.execute("RELEASE decide")
            raise
        self.conn.execute("RELEASE decide")

    def suggestion_decisions(self, paths: list[str] | None = None
                             ) -> dict[str, dict[str, Decision]]:
        """Decisions by path key, then suggestion id (all paths when `paths` is None)."""
        sql = "SELECT path, id, status, markdown, line FROM suggestion_decisions"
        args: tuple = ()
        if paths is not None:
            sql += " WHERE path IN (SELECT value FROM json_each(?))"
            args = (json.dumps(sorted(paths)),)
        result: dict[str, dict[str, Decision]] = {}
        for row in self.conn.execute(sql, args):
            d = Decision(row[0], row[1], row[2], row[3], row[4])
            result.setdefault(d.path, {})[d.id] = d
        return result

    def paths_with_accepted_suggestions(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT path FROM suggestion_decisions WHERE status = 'accepted'")}

    def note_files(self) -> list[tuple[str, str, str | None]]:
        """(path key, root, deck) of every note file the collection has imported."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT path, root, deck FROM files ORDER BY path")]
