"""A cloze note's Anki identity is decided once, at import, and survives what the learner does
in Blueprint: suspending one deletion must not give the note a new GUID (checked in Anki)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import T0, Clock, write

pytest.importorskip("anki", reason="the real Anki backend is a test-only dependency")

from anki.collection import Collection as AnkiCollection  # noqa: E402
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # noqa: E402

from app.core.collection import Collection  # noqa: E402
from app.export.package import export_anki  # noqa: E402

NOTE = """\
---
deck: Serving
---

C: Online features come from the [feature store]; models come from the [model registry].
"""


def _import(col: AnkiCollection, package: Path) -> tuple[int, int, int]:
    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(merge_notetypes=False, update_notes=if_newer,
                                       update_notetypes=if_newer, with_scheduling=False,
                                       with_deck_configs=False)
    log = col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)).log
    return len(log.new), len(log.updated), len(log.duplicate)


def test_suspending_c1_keeps_the_cloze_note_and_its_history_in_anki(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    collection.import_paths([write(tmp_path / "notes", "serving.md", NOTE).parent])
    c1, c2 = sorted(collection.list_cards(), key=lambda c: c.cloze_ordinal or 0)
    assert (c1.cloze_ordinal, c2.cloze_ordinal) == (1, 2)
    first = export_anki(collection, tmp_path / "v1.apkg")

    (tmp_path / "phone").mkdir()
    anki = AnkiCollection(str(tmp_path / "phone" / "collection.anki2"))
    try:
        assert _import(anki, first.path) == (1, 0, 0)
        anki.decks.select(anki.decks.id_for_name("Blueprint::Serving"))
        reviewed = anki.sched.getCard()
        assert reviewed is not None
        anki.sched.answerCard(reviewed, 3)

        collection.set_suspended(c1, True)
        second = export_anki(collection, tmp_path / "v2.apkg")
        assert second.notes == 1
        _import(anki, second.path)
        assert (anki.note_count(), anki.card_count()) == (1, 2)  # the same note, no duplicate
        assert anki.db.scalar("select count() from revlog where cid = ?", reviewed.id) == 1
    finally:
        anki.close()
        collection.close()


def test_a_cloze_family_keeps_its_note_key_when_a_deletion_is_added(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    notes = write(tmp_path / "notes", "serving.md", NOTE).parent
    collection.import_paths([notes])
    keys = {c.note_key for c in collection.list_cards()}
    assert len(keys) == 1 and None not in keys
    write(notes, "serving.md", NOTE.replace("models come", "[embeddings] and models come"))
    report = collection.import_paths([notes])
    assert report.added == 1
    live = collection.list_cards(include_retired=False)
    assert len(live) == 3
    assert {c.note_key for c in live} == keys  # the new deletion joins the same Anki note
    collection.close()


def test_the_migration_keeps_the_key_the_last_export_used(tmp_path: Path) -> None:
    """A collection from before note keys were stored, with c1 already suspended: the last
    export keyed the note by c2 (the first active sibling), so the migration does too."""
    from app.core.store import Store

    collection = Collection.open(tmp_path / "c.db", clock=Clock(T0))
    collection.import_paths([write(tmp_path / "notes", "serving.md", NOTE).parent])
    c1, c2 = sorted(collection.list_cards(), key=lambda c: c.cloze_ordinal or 0)
    collection.set_suspended(c1, True)
    conn = collection.store.conn
    conn.execute("ALTER TABLE cards DROP COLUMN note_key")
    conn.execute("PRAGMA user_version = 5")
    collection.close()
    store = Store(tmp_path / "c.db")
    assert {store.card(c.id).note_key for c in (c1, c2)} == {c2.uid}
    store.close()
