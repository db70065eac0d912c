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


def test_a_session_finds_the_new_diagram_cards_without_reading_every_new_card(
        tmp_path: Path) -> None:
    """20,000 new cards, three of them diagram cards: a session's build reads those three
    through their own index, not each new card's row; same rows, in id order."""
    from datetime import UTC, datetime
    store = Store(tmp_path / "c.db")
    kinds = {7: "diagram-edge", 9000: "diagram", 15000: "diagram-path"}
    rows = [{"uid": f"u{i}", "kind": kinds.get(i, "basic"), "deck": "d", "front": "f",
             "back": "b", "content_hash": f"h{i}", "created_at": STAMP, "modified_at": STAMP}
            for i in range(20_000)]
    rows.append({**rows[0], "uid": "upper", "content_hash": "hu", "kind": "Diagram"})
    with store.transaction():
        store.insert_cards(rows)
    got: list[tuple] = []
    now = datetime(2025, 3, 4, tzinfo=UTC)
    steps = _steps(store, lambda: got.extend(store.new_few_rows(None, now)))
    assert [(store.card(r[0]).uid, r[2], r[3]) for r in got] == [
        ("u7", "diagram-edge", False), ("u9000", "diagram", False),
        ("u15000", "diagram-path", False)]
    assert steps < 20, f"{steps * 100} VM steps: every new card was read"


def test_a_collection_from_before_gets_the_diagram_cards_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.conn.execute("DROP INDEX cards_diagram_state")
    store.conn.execute("PRAGMA user_version = 10")
    store.close()
    store = Store(tmp_path / "c.db")
    columns = [r[2] for r in store.conn.execute("PRAGMA index_info(cards_diagram_state)")]
    assert columns == ["state", "id"]
