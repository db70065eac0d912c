"""Reviews made in the real Anki come back into Blueprint's log through `blueprint sync-anki`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import DATA, T0, write

from app.core.importing import import_paths
from app.core.store import Store

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def test_phone_reviews_come_back_once(tmp_path: Path) -> None:
    from anki.collection import (
        Collection,
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    coll = tmp_path / "c.db"
    store = Store(coll)
    write(tmp_path / "n", "ads.md", (DATA / "format-sample.md").read_text())
    import_paths(store, [tmp_path / "n"], now=T0)
    store.close()
    env = {**os.environ}
    apkg = tmp_path / "out.apkg"
    subprocess.run([str(BLUEPRINT), "--collection", str(coll), "export", "anki", str(apkg)],
                   check=True, capture_output=True, env=env)

    (tmp_path / "phone").mkdir()
    col = Collection(str(tmp_path / "phone" / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(apkg), options=ImportAnkiPackageOptions()))
        col.decks.select(col.decks.id_for_name("Blueprint::Samples::Format"))
        for rating in (3, 1, 4):
            card = col.sched.getCard()
            assert card is not None
            col.sched.answerCard(card, rating)
        phone = tmp_path / "phone.colpkg"
        col.export_anki_package(out_path=str(phone), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False),
            limit=None)
    finally:
        col.close()

    first = subprocess.run([str(BLUEPRINT), "--collection", str(coll), "sync-anki", str(phone)],
                           capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == ("3 reviews added, 0 already known, 3 cards rescheduled, "
                                    "0 problems")
    again = subprocess.run([str(BLUEPRINT), "--collection", str(coll), "sync-anki", str(phone)],
                           capture_output=True, text=True, env=env)
    assert again.stdout.strip().startswith("0 reviews added, 3 already known")

    store = Store(coll)
    rows = store.reviews()
    assert sorted(r["rating"] for r in rows) == [1, 3, 4]
    assert all(r["origin"].startswith("anki:") for r in rows)
    for row in rows:
        card = store.card(row["card_id"])
        assert card.state != 0 and card.last_review is not None and card.stability
    store.close()
