"""Stored values Blueprint cannot read (text in a time, NULL where a value must be): found by
SQL over a read-only connection, so a damaged collection is named, never changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _time(column: str, *, required: bool) -> str:
    """SQL true where `column` is not a time as `format_utc` writes it."""
    bad = (f"(typeof({column}) != 'text' OR length({column}) != 27 OR "
           f"substr({column}, 27) != 'Z' OR strftime('%s', {column}) IS NULL)")
    return bad if required else f"({column} IS NOT NULL AND {bad})"


def _text(column: str) -> str:
    return f"typeof({column}) != 'text'"


def _int(column: str, *, required: bool = True) -> str:
    bad = f"typeof({column}) != 'integer'"
    return bad if required else f"({column} IS NOT NULL AND {bad})"


def _real(column: str) -> str:
    return f"({column} IS NOT NULL AND typeof({column}) NOT IN ('real', 'integer'))"


def _json_list(column: str) -> str:
    return f"(NOT json_valid({column}) OR json_type({column}) != 'array')"


# (table, what is wrong, SQL true for a row that has it)
CHECKS: list[tuple[str, str, str]] = [
    *(("cards", f"{c} is not a time", _time(c, required=True))
      for c in ("created_at", "modified_at")),
    *(("cards", f"{c} is not a time", _time(c, required=False))
      for c in ("due", "last_review", "buried_until")),
    *(("cards", f"{c} is not text", _text(c))
      for c in ("uid", "kind", "deck", "front", "back", "root", "source_path", "content_hash")),
    ("cards", "state is not 0-3", "state NOT IN (0, 1, 2, 3) OR typeof(state) != 'integer'"),
    *(("cards", f"{c} is not a whole number", _int(c))
      for c in ("retired", "suspended", "source_line")),
    *(("cards", f"{c} is not a whole number", _int(c, required=False))
      for c in ("step", "cloze_ordinal")),
    *(("cards", f"{c} is not a number", _real(c)) for c in ("stability", "difficulty")),
    *(("cards", f"{c} is not a JSON list", _json_list(c)) for c in ("tags", "breadcrumb")),
    ("reviews", "reviewed_at is not a time", _time("reviewed_at", required=True)),
    ("reviews", "rating is not 1-4", "rating NOT IN (1, 2, 3, 4) OR typeof(rating) != 'integer'"),
    ("reviews", "state_before is not JSON",
     "NOT json_valid(state_before) OR json_type(state_before) != 'object'"),
    ("reviews", "card_id is not a whole number", _int("card_id")),
    ("reviews", "duration_ms is not a whole number", _int("duration_ms", required=False)),
]


def bad_values(path: Path, *, limit: int = 3) -> list[str]:
    """The first few unreadable values as `cards id 12: due is not a time`; [] when none (or
    when the file cannot be read at all: that is told elsewhere). Opens the file read-only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    found: list[str] = []
    try:
        for table, what, where in CHECKS:
            for (row_id,) in conn.execute(
                    f"SELECT id FROM {table} WHERE {where} LIMIT ?", (limit - len(found),)):
                found.append(f"{table} id {row_id}: {what}")
            if len(found) >= limit:
                break
    except sqlite3.Error:
        return found
    finally:
        conn.close()
    return found
