"""`blueprint import-reviews` reads an Anki export's review log (.apkg with scheduling, .colpkg):
a package written by our exporter, studied in the real Anki backend, brings its history into a
collection of its own (cards made from Anki's card ids), once, and `eval` runs on it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from helpers import T0, write

from app.core.importing import import_paths
from app.core.store import Store

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def _blueprint(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BLUEPRINT), *args], capture_output=True, text=True,
                          env={**os.environ}, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _past_history(col: object, card_ids: list[int], seed: int = 7) -> None:
    """Months of earlier answers in the phone's revlog (Anki's own table, written through its
    DB API): each card 7 answers at growing intervals, recall drawn at random."""
    rng = random.Random(seed)
    start = int((time.time() - 400 * 86400) * 1000)
    for n, cid in enumerate(card_ids):
        at, interval = start + n * 3_600_000, 1.0
        for _ in range(7):
            recalled = rng.random() < 0.95 ** interval
            ease = rng.choice((2, 3, 3, 4)) if recalled else 1
            col.db.execute(  # type: ignore[attr-defined]
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                "VALUES (?, ?, -1, ?, 1, 0, 2500, 6000, 1)", at + n, cid, ease)  # ids unique
            interval = interval * 2.5 if recalled else 1.0
            at += int(interval * 86_400_000) + rng.randint(0, 5) * 3_600_000


def _studied_on_the_phone(tmp_path: Path) -> tuple[Path, Path, list[tuple[int, int, int]]]:
    """Our export, imported into Anki with months of history and answered today; its .apkg
    and .colpkg, and Anki's revlog (id, card id, ease) as Anki itself reads it."""
    from anki.collection import (
        Collection,
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    notes = Store(tmp_path / "notes.db")
    write(tmp_path / "n", "phone.md", "---\ndeck: Phone deck\n---\n\n" + "".join(
        f"Q: Question {i} about serving?\nA: Answer {i}\n\n" for i in range(30)))
    import_paths(notes, [tmp_path / "n"], now=T0)
    notes.close()
    apkg = tmp_path / "out.apkg"
    assert _blueprint("--collection", str(tmp_path / "notes.db"), "export", "anki",
                      str(apkg)).returncode == 0
    (tmp_path / "phone").mkdir()
    col = Collection(str(tmp_path / "phone" / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(apkg), options=ImportAnkiPackageOptions()))
        _past_history(col, sorted(col.find_cards("")))
        col.decks.select(col.decks.id_for_name("Blueprint::Phone deck"))
        for rating in (3, 1, 4, 3, 2):  # and today, answered in Anki's own scheduler
            card = col.sched.getCard()
            assert card is not None
            col.sched.answerCard(card, rating)
        revlog = [tuple(r) for r in col.db.all("SELECT id, cid, ease FROM revlog ORDER BY id")]
        studied = tmp_path / "phone.apkg"
        col.export_anki_package(out_path=str(studied), options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False),
            limit=None)
        whole = tmp_path / "phone.colpkg"
        col.export_collection_package(out_path=str(whole), include_media=False, legacy=False)
    finally:
        col.close()
    return studied, whole, revlog


def test_an_anki_history_comes_in_once_and_eval_runs_on_it(tmp_path: Path) -> None:
    studied, whole, revlog = _studied_on_the_phone(tmp_path)
    assert len(revlog) == 30 * 7 + 5
    cards = {cid for _id, cid, _ease in revlog}
    coll = str(tmp_path / "history.db")

    first = _blueprint("--collection", coll, "import-reviews", str(studied), "--deck", "Phone")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (f"215 reviews added, 0 already known, {len(cards)} cards "
                                    "created, 0 problems")
    # the same history in a whole-collection export: every review is already known
    again = _blueprint("--collection", coll, "import-reviews", str(whole))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0 reviews added, 215 already known, 0 cards created, 0 problems"

    store = Store(coll)
    rows = store.reviews()
    assert [(r["rating"]) for r in rows] == [ease for _id, _cid, ease in revlog]
    made = {store.card(r["card_id"]).uid for r in rows}
    assert made == {f"review-log:{cid}" for cid in cards}  # cards keyed by Anki's card ids
    for row in rows:
        card = store.card(row["card_id"])
        assert card.deck == "Phone" and card.state != 0 and card.last_review is not None
    store.close()

    out = _blueprint("--collection", coll, "eval", "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["name"]: r for r in json.loads(out.stdout)["rows"]}
    assert 0 < rows["FSRS-6 default parameters"]["log_loss"] < 1


def test_a_file_that_is_not_an_anki_package_is_a_clear_message(tmp_path: Path) -> None:
    fake = tmp_path / "notes.apkg"
    fake.write_text("not a zip", encoding="utf-8")
    coll = str(tmp_path / "c.db")
    out = _blueprint("--collection", coll, "import-reviews", str(fake))
    assert out.returncode == 2
    assert f"{fake}: not an Anki package" in out.stderr and ".colpkg" in out.stderr
    missing = _blueprint("--collection", coll, "import-reviews", str(tmp_path / "gone.colpkg"))
    assert missing.returncode == 2 and "gone.colpkg" in missing.stderr
