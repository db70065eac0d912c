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


def _deck_store(tmp_path: Path) -> Store:
    """20,000 cards: most in two big decks, a few in small decks with look-alike names; every
    fifth in review (due), every fiftieth in learning."""
    store = Store(tmp_path / "c.db")
    small = ["ml", "ml::eval", "ml::eval::offline", "ml:eval", "ml eval", "mlx", "ml;", "ML"]
    rows = []
    for i in range(20_000):
        deck = small[i % 1000 // 3] if i % 1000 < 24 else ("big::a" if i % 2 else "big::b")
        state = 2 if i % 5 == 1 else 1 if i % 50 == 3 else 0
        rows.append({"uid": f"u{i}", "kind": "basic", "deck": deck, "front": "f", "back": "b",
                     "content_hash": f"h{i}", "created_at": STAMP, "modified_at": STAMP,
                     "state": state, "due": STAMP if state else None})
    with store.transaction():
        store.insert_cards(rows)
    return store


def test_a_small_decks_queues_read_its_range_of_the_deck_index(tmp_path: Path) -> None:
    """A session, browse or export of a small deck (180 cards) reads the deck's cards through
    the deck index (without planner statistics SQLite read every card of the state asked for:
    0.1-0.2 s a query at 200k cards, however small the deck); "ml" is exactly "ml" and the
    decks under it, not "ml:eval", "mlx", "ml;" or "ML"."""
    from datetime import UTC, datetime
    store = _deck_store(tmp_path)
    now, end = datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC)
    ml = {"ml", "ml::eval", "ml::eval::offline"}
    want = {c.id: c for c in store.cards() if c.deck in ml}
    calls = {
        "review": lambda: [r[0] for r in store.queue_page("review", "ml", now, end, 50, 0)],
        "new": lambda: [r[0] for r in store.queue_page("new", "ml", now, end, 50, 0)],
        "plain": lambda: [r[0] for r in store.new_plain_page("ml", now, 0, 50)],
        "count": lambda: [store.new_plain_count("ml", now)],
        "browse": lambda: [c.id for c in store.search_cards(deck="ml")],
        "export": lambda: [c.id for c in store.exportable_cards("ml")],
        "learning": lambda: store.learning_ids("ml", now, end),
    }
    got = {name: call() for name, call in calls.items()}
    steps = {name: _steps(store, call) for name, call in calls.items()}
    top, small = store.__dict__["_small_decks"]["ml"]
    assert small
    store.__dict__["_small_decks"]["ml"] = (top, False)  # as if it were big: the planner's way
    assert {name: call() for name, call in calls.items()} == got  # the same rows either way
    planner = {name: _steps(store, call) for name, call in calls.items()}
    for name in ("review", "new", "plain", "count", "export"):
        assert steps[name] * 3 < planner[name], f"{name}: {steps[name] * 100} VM steps"
    assert steps["learning"] < 150 and steps["browse"] < 200  # (400 learning cards in all)
    assert set(got["browse"]) == set(want) and set(got["learning"]) == {
        i for i, c in want.items() if c.state == 1}
    assert got["count"] == [sum(c.state == 0 for c in want.values())]


def test_a_big_decks_queues_keep_the_state_index(tmp_path: Path) -> None:
    """A deck holding most cards is left to the planner: its few learning cards are read
    through the state index, not the deck's 10,000 rows."""
    from datetime import UTC, datetime
    store = _deck_store(tmp_path)
    now, end = datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC)
    got: list[int] = []
    steps = _steps(store, lambda: got.extend(store.learning_ids("big", now, end)))
    assert len(got) == sum(c.state == 1 and c.deck.startswith("big::") for c in store.cards())
    top, small = store.__dict__["_small_decks"]["big"]
    assert not small
    store.__dict__["_small_decks"]["big"] = (top, True)  # as if it were small: its index
    by_deck = _steps(store, lambda: store.learning_ids("big", now, end))
    assert steps * 4 < by_deck, f"{steps * 100} VM steps: the deck's rows were read"


def test_a_deck_that_is_not_there_is_known_without_a_scan(tmp_path: Path) -> None:
    from app.core.store_scheduling import deck_exists
    store = _deck_store(tmp_path)
    assert _steps(store, lambda: deck_exists(store, "nope")) < 5
    assert not deck_exists(store, "nope") and not deck_exists(store, "m")
    assert deck_exists(store, "ml") and deck_exists(store, "big") and deck_exists(store, "ml;")


def _cloze_store(tmp_path: Path, cards: int) -> Store:
    """`cards` new cloze cards in one deck, two to a family."""
    store = Store(tmp_path / "c.db")
    rows = [{"uid": f"u{i}", "kind": "cloze", "deck": "d", "front": "f", "back": "b",
             "content_hash": f"h{i}", "family": f"cloze:{i // 2}", "created_at": STAMP,
             "modified_at": STAMP} for i in range(cards)]
    with store.transaction():
        store.insert_cards(rows)
    return store


def test_a_session_reads_the_days_reviews_not_every_family(tmp_path: Path) -> None:
    """20,000 cloze cards in 10,000 families, 2,000 old reviews and two today: the families
    studied today come from today's reviews (SQLite walked every card with a family and
    looked for its reviews: 0.13-0.27 s at 200k cards, on every session start)."""
    from datetime import UTC, datetime

    from app.core.schedule_state import ScheduleState
    store = _cloze_store(tmp_path, 20_000)
    new = ScheduleState(0, None, None, None, None, None)
    old, today = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 4, 9, tzinfo=UTC)
    for i in range(1, 4001, 2):
        store.record_review(i, 3, old, 1000, new, new)
    for i in (7, 8):
        store.record_review(i, 3, today, 1000, new, new)
    since = datetime(2025, 3, 4, tzinfo=UTC)
    counts: dict[str, int] = {}
    steps = _steps(store, lambda: counts.update(store.family_cards_studied_since(since)))
    assert counts == {"cloze:3": 2}
    assert _steps(store, lambda: store.families_studied_since(since)) < 5
    assert store.families_studied_since(since) == {"cloze:3"}
    assert steps < 5, f"{steps * 100} VM steps: every family was read"


def test_a_search_in_note_order_stops_at_its_limit(tmp_path: Path) -> None:
    """Browse's first page (note order, a common state) reads the deck index in that order
    until the page is full, not every card of the state then sorted."""
    store = _deck_store(tmp_path)
    every = sorted(store.cards("retired = 0"),
                   key=lambda c: (c.deck, c.source_path, c.source_line, c.id))
    for state in ("any", "new", "review"):
        got: list = []
        steps = _steps(store, lambda state=state, got=got: got.extend(  # type: ignore[misc]
            store.search_cards(state=state, limit=20)))
        assert [c.id for c in got] == [c.id for c in every if state == "any" or c.state == {
            "new": 0, "review": 2}[state]][:20]
        assert steps < 40, f"{state}: {steps * 100} VM steps: the state's cards were sorted"


def test_the_days_counts_are_read_again_only_after_a_change(tmp_path: Path) -> None:
    """The deck list builds a session per deck, each asking the day's counts: read once while
    nothing changes, read afresh after a grade here or a commit by another connection."""
    from datetime import UTC, datetime

    from app.core.schedule_state import ScheduleState
    store = _cloze_store(tmp_path, 2_000)
    new = ScheduleState(0, None, None, None, None, None)
    since, today = datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 3, 4, 9, tzinfo=UTC)
    for i in range(1, 1001):
        store.record_review(i, 3, today, 1000, new, new)
    first = store.family_cards_studied_since(since), store.studied_since(since)
    assert first[1] == (1000, 0) and len(first[0]) == 500
    again = _steps(store, lambda: (store.family_cards_studied_since(since),
                                   store.studied_since(since)))
    assert again < 2 and (store.family_cards_studied_since(since),
                          store.studied_since(since)) == first
    store.record_review(1001, 3, today, 1000, new, new)  # a grade here
    assert store.studied_since(since) == (1001, 0)
    assert store.family_cards_studied_since(since)["cloze:500"] == 1
    other = Store(tmp_path / "c.db")  # a commit by another connection (an import, a CLI)
    other.record_review(1002, 3, today, 1000, new, new)
    other.close()
    assert store.studied_since(since) == (1002, 0)
    assert store.family_cards_studied_since(since)["cloze:500"] == 2


def test_the_deck_list_reads_decks_in_index_order_without_sorting(tmp_path: Path) -> None:
    """The deck names and per-deck counts come in the deck index's order: no temporary B-tree
    of every card's deck (200k cards in 15k decks: 0.65 -> 0.20 s and 0.88 -> 0.35 s)."""
    from datetime import UTC, datetime
    store = _deck_store(tmp_path)
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    decks = store.decks()
    counts = store.deck_count_rows(datetime(2025, 3, 4, tzinfo=UTC),
                                   datetime(2025, 3, 5, tzinfo=UTC))
    store.conn.set_trace_callback(None)
    assert decks == sorted({c.deck for c in store.cards()}) == [r[0] for r in counts]
    assert sum(r[4] for r in counts) == 20_000
    for sql in seen:
        plan = [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert not any("TEMP B-TREE" in step for step in plan), plan


def test_the_deck_list_reads_the_active_cards_deck_index_alone(tmp_path: Path) -> None:
    """Per-deck counts and every deck's day queues come from the active cards' deck index
    (schema 13), not from each card's row, in its order (no sort of every card); the same
    rows as a read of the cards themselves."""
    from datetime import UTC, datetime
    store = _deck_store(tmp_path)
    now, end = datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC)
    calls = {"counts": lambda: store.deck_count_rows(now, end),
             "reviews": lambda: store.review_rows(now, end),
             "new": lambda: store.new_rows(now)}
    for name, call in calls.items():
        sql: list[str] = []
        store.conn.set_trace_callback(sql.append)
        rows = call()
        store.conn.set_trace_callback(None)
        plan = [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql[-1]}")]
        assert plan[0] == "SCAN cards USING COVERING INDEX cards_deck_day", (name, plan)
        assert not any("TEMP B-TREE" in step and "RIGHT PART" not in step for step in plan)
        store.conn.execute("DROP INDEX cards_deck_day")  # the same SQL over the cards' rows
        store.conn.execute("CREATE INDEX cards_deck_day ON cards(id) WHERE retired = 0 "
                           "AND suspended = 0")
        assert call() == rows and rows, name
        store.conn.execute("DROP INDEX cards_deck_day")
        store.conn.execute("PRAGMA user_version = 12")
        store.close()
        store = Store(tmp_path / "c.db")  # schema 13 again


def test_a_collection_from_before_gets_the_active_cards_deck_index(tmp_path: Path) -> None:
    store = _deck_store(tmp_path)
    store.conn.execute("DROP INDEX cards_deck_day")
    store.conn.execute("PRAGMA user_version = 12")
    store.close()
    store = Store(tmp_path / "c.db")
    columns = [r[2] for r in store.conn.execute("PRAGMA index_info(cards_deck_day)")]
    assert columns == ["deck", "state", "due", "buried_until", "family", "retired", "suspended"]
    assert store.schema_version() == 13
    assert store.count("SELECT count(*) FROM cards INDEXED BY cards_deck_day "
                       "WHERE retired = 0 AND suspended = 0") == 20_000


def test_the_decks_with_diagram_family_cards_are_found_through_the_family_index(
        tmp_path: Path) -> None:
    """20,000 cloze cards and two cards of another kind in a diagram's family: the deck list
    finds their decks in the family index's range of diagram families, not every card."""
    from datetime import UTC, datetime
    store = _cloze_store(tmp_path, 20_000)
    with store.transaction():
        store.insert_cards([{"uid": f"x{i}", "kind": kind, "deck": deck, "front": "f",
                             "back": "b", "content_hash": f"x{i}", "family": "diagram:d1",
                             "created_at": STAMP, "modified_at": STAMP}
                            for i, (kind, deck) in enumerate((("basic", "e"), ("diagram", "g"),
                                                              ("cloze", "f")))])
    now = datetime(2025, 3, 4, tzinfo=UTC)
    found: set[str] = set()
    steps = _steps(store, lambda: found.update(store.decks_with_diagram_families(now)))
    assert found == {"e", "f"}  # (the diagram card itself is a diagram card, not in "plain")
    assert steps < 5, f"{steps * 100} VM steps: every card was read"


def test_the_deck_lists_counts_read_the_active_cards_deck_index_alone(tmp_path: Path) -> None:
    """The deck list's counts per deck and per family (store_deck_day.py) scan the active
    cards' deck index, never a card's row (the families held by several decks: their cards
    through the family index); the cards of a few decks are read through their ranges of it,
    in queue order without a sort; the same rows as the whole collection's reads give."""
    from datetime import UTC, datetime

    from app.core.store_deck_day import deck_day_rows, family_day_rows, queue_rows_of
    store = _deck_store(tmp_path)
    with store.transaction():  # a family in two decks, one in one deck
        store.insert_cards([{"uid": f"f{i}", "kind": "cloze", "deck": deck, "front": "f",
                             "back": "b", "content_hash": f"f{i}", "family": family,
                             "created_at": STAMP, "modified_at": STAMP}
                            for i, (deck, family) in enumerate((("ml", "cloze:1"),
                                                                ("mlx", "cloze:1"),
                                                                ("ml", "cloze:2")))])
    now, end = datetime(2025, 3, 4, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC)
    calls = {"counts": lambda: deck_day_rows(store, now, end, end),
             "families": lambda: family_day_rows(store, now, end, set(), set()),
             "queues": lambda: queue_rows_of(store, ["ml", "mlx", "big::a"], now, end)}
    for name, call in calls.items():
        sql: list[str] = []
        store.conn.set_trace_callback(sql.append)
        call()
        store.conn.set_trace_callback(None)
        for statement in sql:
            plan = [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
            reads = [step for step in plan if step.startswith(("SCAN cards", "SEARCH cards",
                                                               "SEARCH c "))]
            assert reads and all("cards_deck_day" in step or "cards_family" in step
                                 for step in reads), (name, plan)
            if name != "families":  # (equal due times in id order: sorted within a deck)
                assert not any("TEMP B-TREE" in step and "RIGHT PART" not in step
                               for step in plan), (name, plan)
    assert len(calls["counts"]()) == len(store.decks())
    local = [row for row in calls["families"]() if row[3] is None]
    shared = sorted(row for row in calls["families"]() if row[3] is not None)
    assert local == [("ml", 0, 1, None)]  # cloze:2 (new, no review)
    assert shared == [("ml", 0, 1, "cloze:1"), ("mlx", 0, 1, "cloze:1")]
    review, new = calls["queues"]()
    assert review == [r for r in store.review_rows(now, end) if r[0] in ("ml", "mlx", "big::a")]
    assert new == [r for r in store.new_rows(now) if r[0] in ("ml", "mlx", "big::a")]
    assert review and new
