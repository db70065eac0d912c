"""A diagram view's media name in a package is a function of the view alone: the same with a
cold render cache, a partly warm one, or another set of cards in another order."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.collection import Collection
from app.export.anki import write_apkg
from app.export.model import ExportCard, ExportDiagram

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")

SAMPLE = Path(__file__).parent / "data" / "branching-sample.md"
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def _images(package: Path, tmp: Path) -> tuple[dict[str, list[str]], dict[str, bytes]]:
    """Each note's image names (by GUID) and each media file's bytes (by name)."""
    with zipfile.ZipFile(package) as archive:
        names = json.loads(archive.read("media"))
        media = {name: archive.read(index) for index, name in names.items()}
        db = tmp / f"{package.stem}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as con:
        notes = {guid: re.findall(r'src="([^"]+)"', fields)
                 for guid, fields in con.execute("SELECT guid, flds FROM notes")}
    return {guid: found for guid, found in notes.items() if found}, media


def _export(cards: list[ExportCard], diagrams: list[ExportDiagram], out: Path,
            cache: Path, *, occlusion: bool = True) -> tuple[dict[str, list[str]], dict[str, bytes]]:
    report = write_apkg(cards, diagrams, out, cache_dir=cache, image_occlusion=occlusion)
    assert report.problems == ()
    return _images(report.path, out.parent)


def test_media_names_do_not_depend_on_the_cache_or_the_other_cards(tmp_path: Path) -> None:
    collection = Collection.open(tmp_path / "c.db", clock=lambda: NOW)
    collection.import_paths([SAMPLE])
    cards, diagrams, problems = collection.export_values()
    collection.close()
    assert problems == []
    drawn = [c for c in cards if c.kind.startswith("diagram")]
    assert len(drawn) >= 8

    cold, cold_media = _export(cards, diagrams, tmp_path / "cold.apkg", tmp_path / "c1")
    assert len({name for names in cold.values() for name in names}) >= 6

    some = drawn[1::3]  # a partial export warms the cache with some views ...
    part, _ = _export(some, diagrams, tmp_path / "part.apkg", tmp_path / "c2", occlusion=False)
    assert part and all(cold[guid] == names for guid, names in part.items())
    warm, warm_media = _export(cards, diagrams, tmp_path / "warm.apkg", tmp_path / "c2")
    assert warm == cold and warm_media == cold_media  # ... and then all are exported

    others = [c for c in reversed(cards) if c not in some]  # another set, another order
    other, other_media = _export(others, diagrams, tmp_path / "other.apkg", tmp_path / "c3")
    assert other and all(cold[guid] == names for guid, names in other.items())
    assert all(cold_media[name] == data for name, data in other_media.items())
