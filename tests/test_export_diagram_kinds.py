"""The new diagram kinds in Anki: typed answers in Anki's type-in box, images with the blank or
hidden latencies, no edges on path-order and rebuild fronts; checked in the real Anki backend."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("anki", reason="the real Anki backend is a test-only dependency")

from anki.collection import Collection as AnkiCollection  # noqa: E402
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402

from app.core.collection import Collection  # noqa: E402
from app.export.anki import write_apkg  # noqa: E402
from app.export.notetypes import DIAGRAM_MODEL_ID  # noqa: E402

SAMPLE = Path(__file__).parent / "data" / "branching-sample.md"
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def test_new_kinds_work_in_anki(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=lambda: NOW)
    collection.import_paths([SAMPLE])
    cards, diagrams, problems = collection.export_values()
    assert problems == []
    report = write_apkg(cards, diagrams, tmp_path / "out.apkg", cache_dir=tmp_path / "cache")
    assert report.problems == ()
    collection.close()
    folder = tmp_path / "anki"
    folder.mkdir()
    col = AnkiCollection(str(folder / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(report.path), options=ImportAnkiPackageOptions()))
        notes = [col.get_note(n) for n in col.find_notes(f"mid:{DIAGRAM_MODEL_ID}")]
        by_question = {n["Question"]: n for n in notes}
        media = Path(col.media.dir())

        def one(pattern: str):  # type: ignore[no-untyped-def]
            found = [n for q, n in by_question.items() if re.search(pattern, q)]
            assert len(found) == 1, (pattern, list(by_question))
            return found[0]

        def svg_or_png(field: str) -> Path:
            match = re.search(r'src="([^"]+)"', field)
            assert match is not None, field
            return media / match.group(1)

        latency = one(r"How long does “Ranker” take")
        assert latency["Typed"] == "45 ms"
        question = latency.cards()[0].question()
        assert "[[type:Typed]]" in question  # Anki's reviewer puts its type-in box here
        assert latency["Front Image"] and svg_or_png(latency["Front Image"]).exists()
        assert latency["Front Image"] != latency["Back Image"]  # hidden vs shown latencies

        after = one(r"right after “User feature fetch”")
        assert after["Typed"] == "Ranker" and after["Front Image"]
        assert after["Front Image"] != one(r"right after “Re-ranker”|right after “Ranker”")[
            "Front Image"]  # each blanks its own answer

        order = one(r"Put these stages")
        assert order["Front Image"] == "" and re.fullmatch(r"\d( \d)+", order["Typed"])
        rebuild = one(r"Rebuild the diagram")
        assert rebuild["Front Image"] == "" and rebuild["Typed"] == ""
        assert "[[type:" not in rebuild.cards()[0].question()

        branch = one(r"meet at “Ranker”. Which branch")
        assert "<li>User feature fetch</li>" in branch["Question"]  # the choices, numbered
        whatif = one(r"What if “Ranker” took twice as long")
        assert whatif["Typed"] == "fits by 29 ms"
        assert col.media.check().missing == []
    finally:
        col.close()
