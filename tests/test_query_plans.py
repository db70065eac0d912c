"""Queries that run on every grade use their index on a big collection. Counted in SQLite
virtual-machine steps (a progress handler), not in time: a scan of every active card takes
thousands of times more steps than an index lookup, on any machine."""

from __future__ import annotations

from pathlib import Path

from app.core.store import Store

STAMP = "2025-03-03T12:00:00.000000Z"


def _steps(store: Store, call: object) -> int:
    """How many times 100 VM steps ran while `call()` ran."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    store.conn.set_progress_handler(tick, 100)
    try:
        call()  # type: ignore[operator]
    finally:
        store.conn.set_progress_handler(None, 100)
    return ticks


def test_a_grade_finds_its_siblings_by_family_not_by_a_scan(tmp_path: Path) -> None:
    """20,000 active cloze cards in 10,000 families: burying a card's sibling reads two rows
    (with no planner statistics, SQLite chose the state index and read every active card:
    0.14-0.6 s per grade at 200k cards)."""
    store = Store(tmp_path / "c.db")
    rows = [{"uid": f"u{i}", "kind": "cloze", "deck": "d", "front": "f", "back": "b",
             "content_hash": f"h{i}", "family": f"cloze:{i // 2}", "created_at": STAMP,
             "modified_at": STAMP} for i in range(20_000)]
    with store.transaction():
        store.insert_cards(rows)
    first = store.cards("uid = 'u5000'")[0]
    assert first.family is not None
    siblings: list[int] = []
    steps = _steps(store, lambda: siblings.extend(store.sibling_ids(first.id, first.family)))
    assert [store.card(i).uid for i in siblings] == ["u5001"]
    assert steps < 20, f"{steps * 100} VM steps: the family index was not used"


def test_an_import_reads_only_the_keyed_cards_through_their_indexes(tmp_path: Path) -> None:
    """Every import that writes reads the cards with an explicit id or a diagram key first:
    from their indexes, not by reading the whole table; the same rows, in id order."""
    store = Store(tmp_path / "c.db")
    rows = [{"uid": f"u{i}", "kind": "basic", "deck": "d", "front": "f", "back": "b",
             "content_hash": f"h{i}", "created_at": STAMP, "modified_at": STAMP,
             "explicit_id": f"x{i}" if i % 5000 == 7 else None,
             "diagram_id": "dg" if i % 4000 == 3 else None,
             "diagram_key": f"node:{i}" if i % 4000 == 3 else None}
            for i in range(20_000)]
    with store.transaction():
        store.insert_cards(rows)
    got: list[tuple] = []
    steps = _steps(store, lambda: got.extend(store.keyed_rows(("id", "uid"))))
    want = [(r["uid"]) for r in rows if r["explicit_id"] or (r["diagram_id"] and
                                                             r["diagram_key"])]
    assert [uid for _, uid in got] == want and want
    assert [cid for cid, _ in got] == sorted(cid for cid, _ in got)
    assert steps < 20, f"{steps * 100} VM steps: the table was read"
