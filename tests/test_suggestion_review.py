"""Accepting, editing and rejecting suggestions against a real collection, across re-imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import T0, write

from app.core.collection import Collection
from app.core.errors import BlueprintError
from app.core.importing import import_paths
from app.core.store import Store
from app.core.suggestion_review import decide, import_targets, pending_suggestions

PLAIN = """# Serving

- **Shadow traffic**: live requests copied to a candidate model whose answers are discarded.
- **Canary**: a small share of users sent to the new model first.
- **Warm-up**: synthetic requests run at start so the first real ones are fast.
- **Drain**: letting in-flight requests finish before a replica stops.
- **Rollback**: putting the previous model version back after a bad release.
- **Blue-green**: two full fleets, with traffic switched from one to the other at once.
"""


def _reimport(store: Store, pendings) -> None:  # type: ignore[no-untyped-def]
    for target, deck in import_targets(store, pendings):
        import_paths(store, [target], now=T0, deck=deck)


def _active(store: Store) -> list[tuple[str, str, str, int]]:
    rows = store.conn.execute(
        "SELECT front, back, source_path, source_line FROM cards WHERE retired = 0 "
        "ORDER BY source_line")
    return [tuple(r) for r in rows]


def test_decisions_become_cards_and_survive_reimports(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    path = write(notes, "ops/serving.md", PLAIN)
    store = Store(tmp_path / "c.db")
    first = import_paths(store, [notes], now=T0)
    assert first.added == 0 and first.without_cards == 1
    pending = pending_suggestions(store)
    assert sorted(p.suggestion.front for p in pending) == [
        "What is Blue-green?", "What is Canary?", "What is Drain?", "What is Rollback?",
        "What is Shadow traffic?", "What is Warm-up?"]
    by_front = {p.suggestion.front: p for p in pending}
    assert by_front["What is Canary?"].source_lines[0] == (1, "# Serving")
    decide(store, [
        (by_front["What is Canary?"], "accepted", None),
        (by_front["What is Drain?"], "accepted", None),
        (by_front["What is Warm-up?"], "accepted",
         "Q: Why send synthetic requests when a replica starts?\nA: So the first real ones are "
         "fast."),
        (by_front["What is Shadow traffic?"], "rejected", None),
    ], now=T0)
    _reimport(store, pending)
    assert _active(store) == [
        ("What is Canary?", "a small share of users sent to the new model first.",
         "ops/serving.md", 4),
        ("Why send synthetic requests when a replica starts?", "So the first real ones are fast.",
         "ops/serving.md", 5),
        ("What is Drain?", "letting in-flight requests finish before a replica stops.",
         "ops/serving.md", 6),
    ]
    # studied and exported like any card: in today's queue, and in the Anki values with its id
    col = Collection(store, clock=lambda: T0)
    exported, _diagrams, _problems = col.export_values()
    assert sorted(c.front for c in exported) == sorted(c[0] for c in _active(store))
    assert all(c.uid.startswith("sg-") for c in exported)
    assert col.study().remaining().new == 3
    deck = store.conn.execute("SELECT DISTINCT deck FROM cards").fetchall()
    assert [tuple(r) for r in deck] == [("ops::serving",)]
    left = ["What is Blue-green?", "What is Rollback?"]
    assert sorted(p.suggestion.front for p in pending_suggestions(store)) == left

    again = import_paths(store, [notes], now=T0, force=True)
    assert (again.added, again.retired, again.unchanged) == (0, 0, 3)
    assert sorted(p.suggestion.front for p in pending_suggestions(store)) == left

    # a changed source line: its card retires and its suggestion is back for a decision
    path.write_text(PLAIN.replace("a small share of users", "a small share of traffic"))
    changed = import_paths(store, [notes], now=T0)
    assert changed.retired == 1
    back = [p.suggestion.back for p in pending_suggestions(store) if "Canary" in p.suggestion.front]
    assert back == ["a small share of traffic sent to the new model first."]
    assert len(_active(store)) == 2


def test_an_edit_that_is_not_card_syntax_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "a.md", PLAIN)
    store = Store(tmp_path / "c.db")
    import_paths(store, [notes], now=T0)
    p = pending_suggestions(store)[0]
    with pytest.raises(BlueprintError, match="holds no card"):
        decide(store, [(p, "accepted", "just some words")], now=T0)
    with pytest.raises(BlueprintError, match="has a problem"):
        decide(store, [(p, "accepted", "Q: a question with no answer")], now=T0)
    assert store.suggestion_decisions() == {}


def test_the_shipped_decks_bring_no_suggestions(tmp_path: Path) -> None:
    from app.core.decks import shipped_decks_dir

    folder = shipped_decks_dir()
    assert folder is not None
    store = Store(tmp_path / "c.db")
    import_paths(store, [folder], now=T0)
    assert pending_suggestions(store) == []  # their README is not a note to draft from
