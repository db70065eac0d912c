"""Numeric cards end to end: typed in the review screen, graded by tolerance; Anki type-in box."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_support import NOW, app_for

from app.core.importing import import_paths
from app.core.scheduler import Rating
from app.core.store import Store
from app.tui.screens.review import ReviewScreen
from app.tui.widgets.diagram_quiz import DiagramQuiz

NOTE = """\
---
deck: Estimates
---

# Feed serving

Q: Roughly how long may one ranker call take when the feed's budget is 150 ms?
A: ~45 ms #estimate
"""


def _store(tmp_path: Path) -> Store:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "feed.md").write_text(NOTE, encoding="utf-8")
    store = Store(tmp_path / "collection.db")
    report = import_paths(store, [folder], now=NOW)
    assert not report.problems
    assert [c.kind for c in store.cards()] == ["numeric"]
    return store


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press("space" if char == " " else char)


@pytest.mark.parametrize(("typed", "suggested"), [
    ("50ms", Rating.GOOD), ("45 ms", Rating.GOOD), ("90 ms", Rating.HARD),
    ("200 ms", Rating.AGAIN),
])
async def test_typed_estimate_is_graded_by_tolerance_and_enter_accepts(
    tmp_path: Path, typed: str, suggested: Rating
) -> None:
    store = _store(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one(DiagramQuiz).display  # the answer box
        assert "45" not in str(screen.query_one("#quiz-question").render())
        await _type(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.checked is not None and screen.checked.suggested == suggested
        assert "~45 ms" in str(screen.query_one("#quiz-verdict").render())
        await pilot.press("enter")
        await pilot.pause()
    assert [r["rating"] for r in store.reviews()] == [int(suggested)]


async def test_a_digit_overrides_the_suggestion(tmp_path: Path) -> None:
    store = _store(tmp_path)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _type(pilot, "1 s")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.checked.suggested == Rating.AGAIN  # type: ignore[attr-defined]
        await pilot.press("2")
        await pilot.pause()
    assert [r["rating"] for r in store.reviews()] == [2]


def test_anki_shows_a_type_in_box_for_numeric_cards(tmp_path: Path) -> None:
    pytest.importorskip("anki", reason="the real Anki backend is a test-only dependency")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from app.export.anki import write_apkg
    from app.export.model import ExportCard
    from app.export.notetypes import NUMERIC_MODEL_ID

    card = ExportCard(uid="bp-num-1", kind="numeric", deck="Estimates",
                      front="How many QPS do 100M daily users at 10 loads a day make?",
                      back="~12k QPS", modified_at=datetime(2026, 3, 1, tzinfo=UTC),
                      source="feed.md:8", breadcrumb=("Feed",))
    report = write_apkg([card], [], tmp_path / "out.apkg", cache_dir=tmp_path / "cache")
    assert report.problems == () and dict(report.notes_by_type) == {"Blueprint Numeric": 1}
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(tmp_path / "out.apkg"), options=ImportAnkiPackageOptions()))
        [nid] = col.find_notes(f"mid:{NUMERIC_MODEL_ID}")
        note = col.get_note(nid)
        assert note["Answer"] == "~12k QPS"
        [anki_card] = note.cards()
        question = anki_card.question()
        assert "[[type:Answer]]" in question and "12k" not in question
        assert "[[type:Answer]]" in anki_card.answer()
    finally:
        col.close()
