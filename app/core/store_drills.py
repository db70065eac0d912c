"""The drill's tables: case studies with their checklists (written at import) and drill history."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from app.core.store_base import ACTIVE, CardRow, StoreBase
from app.core.timeutil import format_utc


def create_drill_tables(conn: sqlite3.Connection) -> None:
    # One row per note that carries checklists (a case study); `checklists` is a JSON list of
    # {step, heading, line, items: [{text, tags, line}]}. Rewritten whenever the note is imported.
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS drill_cases (
            path TEXT PRIMARY KEY,
            root TEXT NOT NULL,
            source_path TEXT NOT NULL,
            case_id TEXT NOT NULL,
            title TEXT NOT NULL,
            prompt TEXT NOT NULL,
            checklists TEXT NOT NULL
        )
        """
    )
    # Every drill done: per step its time, outline, ticks (JSON list of step objects).
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS drills (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            seconds REAL NOT NULL,
            steps TEXT NOT NULL,
            brought_forward INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS drills_case ON drills(case_id, started_at)")


class DrillRows(StoreBase):
    """Named reads and writes of the drill tables (writes run inside the caller's transaction
    where the import is concerned; the others open their own)."""

    # -- cases, written by the import ------------------------------------------------------
    def save_drill_case(self, path: str, root: str, source_path: str, case: dict) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO drill_cases(path, root, source_path, case_id, title, prompt, "
            "checklists) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, root, source_path, case["case_id"], case["title"], case["prompt"],
             json.dumps(case["checklists"], ensure_ascii=False)))

    def forget_drill_cases(self, paths: list[str]) -> None:
        self.conn.executemany("DELETE FROM drill_cases WHERE path = ?", [(p,) for p in paths])

    def drill_cases(self) -> list[dict]:
        """Every case study with checklists, in title order; `checklists` decoded."""
        rows = self.conn.execute("SELECT * FROM drill_cases ORDER BY title, path")
        return [dict(dict(r), checklists=json.loads(r["checklists"])) for r in rows]

    # -- cards a missed point links to -----------------------------------------------------
    def cards_tagged(self, tags: list[str], *, root: str | None = None,
                     source_path: str | None = None) -> list[CardRow]:
        """Active cards carrying any of `tags`; only the given note's when root/path are set."""
        where = f"{ACTIVE} AND EXISTS (SELECT 1 FROM json_each(cards.tags) AS t " \
                "WHERE t.value IN (SELECT value FROM json_each(?)))"
        params: list = [json.dumps(sorted(set(tags)))]
        if root is not None and source_path is not None:
            where += " AND root = ? AND source_path = ?"
            params += [root, source_path]
        return self._rows(f"SELECT * FROM cards WHERE {where} ORDER BY source_line, id", params)

    def rebuild_card_ids(self, root: str, source_path: str) -> list[int]:
        """Active "rebuild from memory" cards of a note's diagrams, in the note's order."""
        return [r[0] for r in self.conn.execute(
            f"SELECT id FROM cards WHERE {ACTIVE} AND kind = 'diagram-rebuild' AND root = ? "
            "AND source_path = ? ORDER BY source_line, id", (root, source_path))]

    def bring_forward(self, card_ids: list[int], now: datetime) -> int:
        """Make these cards due now: reviewed ones come back today, new ones come first among
        the new cards (a new card with a due time is one a drill asked for). Returns how many
        moved (cards already due stay as they are)."""
        stamp = format_utc(now)
        with self.transaction():
            cursor = self.conn.executemany(
                "UPDATE cards SET due = ? WHERE id = ? AND (due IS NULL OR due > ?)",
                [(stamp, cid, stamp) for cid in card_ids])
            return cursor.rowcount

    # -- history ---------------------------------------------------------------------------
    def save_drill(self, row: dict) -> int:
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO drills(case_id, title, started_at, minutes, seconds, steps, "
                "brought_forward) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row["case_id"], row["title"], format_utc(row["started_at"]), row["minutes"],
                 row["seconds"], json.dumps(row["steps"], ensure_ascii=False),
                 row["brought_forward"]))
            return int(cursor.lastrowid or 0)

    def drills(self) -> list[dict]:
        """Every drill, oldest first; `steps` decoded."""
        rows = self.conn.execute("SELECT * FROM drills ORDER BY started_at, id")
        return [dict(dict(r), steps=json.loads(r["steps"])) for r in rows]
