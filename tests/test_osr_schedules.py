"""Obsidian Spaced Repetition schedules (`<!--SR:!due,interval,ease-->`) on a hand-made vault:
the right cards, the right due dates, the import summary, and Blueprint's own reviews win."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import write
from test_cli import run

from app.core.collection import Collection
from app.core.osr_import import difficulty_for, stability_for
from importers.osr_schedule import find_sr_comments, strip_sr_comments

VAULT = """#flashcards/ml

<!--SR:!2025-01-01,1,250-->

What does a feature store keep consistent::Feature values online and offline <!--SR:!2025-06-26,36,230-->

Batch prediction:::Scores computed ahead of time
<!--SR:!2025-07-01,10,250!2025-07-03,4,210-->

What is concept drift?
?
A change in how inputs relate to labels.
<!--SR:!2025-06-20,3,270-->

==Position bias== makes users click ==top results==.
<!--SR:!2025-06-22,5,250!2025-06-30,12,290-->

Calibration::Predicted rates match observed ones
<!--SR:!2025-06-22,5,250!2025-06-30,12,290!2025-07-01,1,250-->

Label leakage::A feature that encodes the label
<!--SR:!2025-13-45,5,250-->

Plain::No schedule here
"""


def _cards(coll: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for card in json.loads(run("--collection", coll, "list", "--json").stdout):
        out.setdefault(card["source"], []).append(card)
    return out


def test_comments_are_read_and_kept_out_of_cards() -> None:
    comments = find_sr_comments(VAULT)
    assert [c.line for c in comments] == [3, 5, 8, 13, 16, 19, 22]
    assert [len(c.schedules) for c in comments] == [1, 1, 2, 1, 2, 3, 0]
    assert comments[1].schedules[0].interval_days == 36 and comments[1].schedules[0].ease == 230
    assert comments[-1].problem is not None
    assert "<!--SR" not in strip_sr_comments(VAULT)
    assert strip_sr_comments(VAULT).count("\n") == VAULT.count("\n")


def test_mapping_from_interval_and_ease() -> None:
    assert stability_for(36, 0.9) == pytest.approx(36)
    assert stability_for(36, 0.95) > 36  # a stricter target needs more stability for the gap
    assert difficulty_for(250) == 5 and difficulty_for(130) == 10 and difficulty_for(400) == 1


def test_vault_schedules_land_on_the_right_cards(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    write(tmp_path / "vault", "ml.md", VAULT)
    out = run("--collection", coll, "import", str(tmp_path / "vault"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().split("\n")
    assert lines[-2] == "6 cards kept their Obsidian schedule; 3 schedules could not be placed"
    assert lines[-1].startswith("9 added,")
    assert "ml.md:3: Obsidian schedule with no card above it" in out.stdout
    assert "ml.md:19: 3 Obsidian schedules for 1 card at" in out.stdout
    assert "ml.md:22: Obsidian schedule '!2025-13-45,5,250' is not" in out.stdout

    cards = _cards(coll)
    due = {src: [(c["kind"], c["state"], (c["due"] or "")[:10]) for c in group]
           for src, group in cards.items()}
    assert due["ml.md:5"] == [("basic", "review", "2025-06-26")]
    assert cards["ml.md:5"][0]["back"] == "Feature values online and offline"
    front_first = sorted(cards["ml.md:7"], key=lambda c: c["front"] != "Batch prediction")
    assert [(c["front"], c["due"][:10]) for c in front_first] == [
        ("Batch prediction", "2025-07-01"), ("Scores computed ahead of time", "2025-07-03")]
    assert due["ml.md:10"] == [("basic", "review", "2025-06-20")]
    by_ordinal = sorted(cards["ml.md:15"], key=lambda c: c["front"].index("[...]"))
    assert [c["due"][:10] for c in by_ordinal] == ["2025-06-22", "2025-06-30"]
    for src in ("ml.md:18", "ml.md:21", "ml.md:24"):  # not placed, bad, or none: new
        assert {c["state"] for c in cards[src]} == {"new"}


def test_a_changed_comment_does_not_override_blueprints_reviews(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    note = write(tmp_path / "vault", "ml.md", VAULT)
    run("--collection", coll, "import", str(tmp_path / "vault"))
    reviewed_front = "What is concept drift?"
    collection = Collection.open(coll, clock=lambda: datetime(2025, 6, 21, 9, tzinfo=UTC),
                                 tz=UTC)
    card = next(c for c in collection.search(text="concept drift") if c.front == reviewed_front)
    session = collection.study()
    session.grade(3, card)
    own_due = collection.card(card.id).due
    collection.close()

    note.write_text(VAULT.replace("2025-06-20,3,270", "2025-09-01,60,300")
                    .replace("2025-06-26,36,230", "2025-08-15,50,250"))
    out = run("--collection", coll, "import", str(tmp_path / "vault"))
    assert "1 card kept its Obsidian schedule" in out.stdout  # the unreviewed one only
    cards = _cards(coll)
    assert cards["ml.md:5"][0]["due"][:10] == "2025-08-15"
    drift = cards["ml.md:10"][0]
    assert drift["due"] == own_due.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert "<!--SR:" in note.read_text()  # Blueprint never writes into notes
