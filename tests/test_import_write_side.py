"""The import's write side: diagram rows retired per file, the content-hash prefix index and
its migration, the per-card lines kept only when `import --verbose` asks for them."""

from __future__ import annotations

from pathlib import Path

from helpers import T0, write
from test_query_plans import STAMP, _steps

from app.core.collection import Collection
from app.core.importing import import_paths
from app.core.store import Store


def _flow(diagram_id: str, *nodes: str) -> str:
    edges = "\n".join(f"  {a}[{a} step] --> {b}[{b} step]" for a, b in zip(nodes, nodes[1:], strict=False))
    return f"```mermaid\n%% id: {diagram_id}\nflowchart LR\n{edges}\n```\n"


def _diagrams(store: Store) -> dict[str, tuple[str, int]]:
    return {r[0]: (r[1], r[2]) for r in store.conn.execute(
        "SELECT id, source_path, retired FROM diagrams")}


def test_diagram_rows_follow_their_file_removed_moved_and_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    notes = tmp_path / "n"
    a = write(notes, "a.md", "# A\n\n" + _flow("alpha", "P", "Q", "R") + "\n"
              + _flow("beta", "S", "T", "U"))
    b = write(notes, "b.md", "# B\n\nQ: what is b?\nA: a note without diagrams\n")
    import_paths(store, [notes], now=T0)
    assert _diagrams(store) == {"alpha": ("a.md", 0), "beta": ("a.md", 0)}

    a.write_text("# A\n\n" + _flow("alpha", "P", "Q", "R"))  # beta removed
    import_paths(store, [notes], now=T0)
    assert _diagrams(store) == {"alpha": ("a.md", 0), "beta": ("a.md", 1)}

    a.write_text("# A\n\nQ: what is a?\nA: a note whose diagram moved\n")  # alpha moves to b
    b.write_text(b.read_text() + "\n" + _flow("alpha", "P", "Q", "R"))
    import_paths(store, [notes], now=T0)
    assert _diagrams(store) == {"alpha": ("b.md", 0), "beta": ("a.md", 1)}

    b.write_text("# B\n\nQ: what is b?\nA: a note without diagrams\n")  # and is removed
    a.write_text("# A\n\n" + _flow("beta", "S", "T", "U"))  # beta comes back
    import_paths(store, [notes], now=T0)
    assert _diagrams(store) == {"alpha": ("b.md", 1), "beta": ("a.md", 0)}
    store.close()


def test_cards_are_found_by_their_whole_hash_through_the_prefix_index(tmp_path: Path) -> None:
    """20,000 cards: a hash's cards are read through the 8-character prefix index, and a card
    whose hash only shares the prefix is not one of them."""
    store = Store(tmp_path / "c.db")
    rows = [{"uid": f"u{i}", "kind": "basic", "deck": "d", "front": "f", "back": "b",
             "content_hash": f"{i:08x}" + "0" * 56, "created_at": STAMP, "modified_at": STAMP}
            for i in range(20_000)]
    rows.append({**rows[7], "uid": "twin", "content_hash": f"{7:08x}" + "1" * 56})
    with store.transaction():
        store.insert_cards(rows)
    got: list[dict] = []
    wanted = [rows[7]["content_hash"], rows[15000]["content_hash"], "f" * 64]
    steps = _steps(store, lambda: got.extend(store.card_rows_by([], wanted)))
    assert sorted(r["uid"] for r in got) == ["u15000", "u7"]
    assert steps < 20, f"{steps * 100} VM steps: the hash index was not used"
    store.close()


def test_a_collection_from_before_gets_the_hash_prefix_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    store.conn.execute("DROP INDEX cards_hash8")
    store.conn.execute("CREATE INDEX cards_hash ON cards(content_hash)")
    store.conn.execute("PRAGMA user_version = 11")
    store.close()
    store = Store(tmp_path / "c.db")
    names = {r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cards'")}
    assert "cards_hash8" in names and "cards_hash" not in names
    store.close()


def test_the_change_lines_are_kept_only_when_asked_for(tmp_path: Path) -> None:
    notes = tmp_path / "n"
    card = "Q: What does the feature store keep consistent?\nA: online and offline features\n"
    note = write(notes, "a.md", "Q: two?\nA: 2\n\n" + card)
    quiet = Collection.open(tmp_path / "quiet.db", clock=lambda: T0)
    told = Collection.open(tmp_path / "told.db", clock=lambda: T0)
    first = [quiet.import_paths([notes]), told.import_paths([notes], changes=True)]
    assert [r.added for r in first] == [2, 2]
    assert first[0].changes == []
    assert first[1].changes == [
        ("added", "a.md:1 two?"),
        ("added", "a.md:4 What does the feature store keep consistent?")]
    note.write_text("Q: two?\nA: 2\n\n" + card.replace("features", "feature values"))
    again = [quiet.import_paths([notes]), told.import_paths([notes], changes=True)]
    assert [r.summary() for r in again] == [again[1].summary()] * 2
    assert again[0].changes == [] and again[1].changes == [
        ("changed", "a.md:4 What does the feature store keep consistent?")]


def test_a_cards_hash_is_that_of_its_parts_as_the_json_encoder_writes_them() -> None:
    """The hash joins the parts with the encoder's own escaping: the same bytes as encoding
    the list, for every kind of part (escapes, non-ASCII, ordinals, a missing diagram id)."""
    import hashlib
    import random

    from importers.model import _HASHED_JSON, CardDraft

    rng = random.Random(15)
    letters = "ab \"\\\n\t\x00\x1f\x7f é中😀\u2028</>{}[]:,"

    def text() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(0, 40)))

    for _ in range(3000):
        front, back, cloze = text(), text(), text()
        ordinal, diagram_id = rng.choice([1, 2, 17, None]), rng.choice([text(), None])
        drafts = {
            ("basic", front, back): CardDraft("basic", front, back, "d", "a.md", 1),
            ("cloze", cloze, ordinal): CardDraft("cloze", front, back, "d", "a.md", 1,
                                                 cloze_text=cloze, cloze_ordinal=ordinal),
            ("diagram", diagram_id, "node:A", front, back): CardDraft(
                "diagram", front, back, "d", "a.md", 1, diagram_id=diagram_id,
                diagram_key="node:A")}
        for parts, draft in drafts.items():
            encoded = _HASHED_JSON.encode(list(parts)).encode("utf-8")
            assert draft.content_hash == hashlib.sha256(encoded).hexdigest()
