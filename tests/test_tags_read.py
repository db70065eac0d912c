"""`Store.tags()` reads the distinct tag lists and parses them in Python: the same tags, in the
same order, as SQLite's json_each over every live card (the read it replaced)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.core.store import Store

STAMP = "2025-03-03T12:00:00.000000Z"
WORDS = ["ml", "ML", "Ml", "système", "systeme", "設計", "🚀", "a b", "a-b", "a_b", "z", "Z9",
         "ранжирование", "naïve", "", "x\\y", 'q"uote', "tab\there", "ß", "ss", "\u00e9", "e\u0301"]


def test_tags_equal_the_json_each_read(tmp_path: Path) -> None:
    rng = random.Random(15)
    store = Store(tmp_path / "c.db")
    rows = []
    for i in range(3000):
        tags = rng.sample(WORDS, rng.randrange(0, 5))
        rows.append({"uid": f"u{i}", "kind": "basic", "deck": f"d{i % 7}", "front": "f",
                     "back": "b", "content_hash": f"h{i}", "created_at": STAMP,
                     "modified_at": STAMP, "tags": json.dumps(tags, ensure_ascii=i % 2 == 0),
                     "retired": int(i % 11 == 0)})
    rows.append({**rows[0], "uid": "only-retired", "content_hash": "hr", "retired": 1,
                 "tags": json.dumps(["retired-only"])})
    with store.transaction():
        store.insert_cards(rows)
    got = store.tags()
    assert got == store._tags_in_sql()
    assert "retired-only" not in got and len(got) > 15
    store.close()
