"""The package writer: every deck in one pass, the same rows as genanki's own, written atomically."""

from __future__ import annotations

import json
import sqlite3
from itertools import count
from pathlib import Path

import genanki
import pytest

from app.export.apkg_writer import OnePassPackage
from app.export.notetypes import BASIC_MODEL, CLOZE_MODEL, TimedNote

STAMP = 1767225600.0


def _decks(n: int) -> list[genanki.Deck]:
    decks = []
    for d in range(n):
        deck = genanki.Deck(1 << 30 | d, f"Blueprint::Topic {d}")
        for i in range(3):
            model = CLOZE_MODEL if (d + i) % 4 == 0 else BASIC_MODEL
            fields = [f"{{{{c1::x{d}}}}} {{{{c{i + 2}::y}}}} {i}", "", "", ""] if (
                model is CLOZE_MODEL) else [
                f"Q {d}.{i}", f"A {d}.{i}", "", ""]
            deck.add_note(TimedNote(model=model, fields=fields, guid=f"g{d}-{i}", tags=["t"],
                                    mtime=1767225600 + i))
        decks.append(deck)
    return decks


def _write(package: genanki.Package) -> tuple[sqlite3.Connection, list[str]]:
    conn = sqlite3.connect(":memory:")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    package.write_to_db(conn.cursor(), STAMP, count(int(STAMP * 1000)))
    conn.commit()
    return conn, statements


def _col(conn: sqlite3.Connection) -> tuple[dict, dict, list, list]:
    decks, models = conn.execute("SELECT decks, models FROM col").fetchone()
    return (json.loads(decks), json.loads(models),
            conn.execute("SELECT * FROM notes ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM cards ORDER BY id").fetchall())


def test_every_deck_is_written_once_with_the_rows_genanki_writes() -> None:
    ours, statements = _write(OnePassPackage(_decks(40), {}))
    deck_writes = [s for s in statements if s.startswith("UPDATE col SET decks")]
    assert len(deck_writes) == 1  # genanki itself writes the decks JSON 40 times here
    reference, reference_statements = _write(genanki.Package(_decks(40)))
    assert len([s for s in reference_statements if "SET decks" in s]) == 40
    assert _col(ours) == _col(reference)  # notes and cards as genanki's Note.write_to_db
    assert len(_col(ours)[3]) > len(_col(ours)[2])  # cloze notes with several cards among them
    decks = _col(ours)[0]
    assert {d["name"] for d in decks.values()} >= {f"Blueprint::Topic {d}" for d in range(40)}


def test_the_package_replaces_the_old_one_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    OnePassPackage(_decks(2), {}).write_to_file(out, timestamp=STAMP)
    before = out.read_bytes()
    broken = OnePassPackage(_decks(3), {"gone.png": tmp_path / "no-such-file.png"})
    with pytest.raises(OSError):
        broken.write_to_file(out, timestamp=STAMP)
    assert out.read_bytes() == before  # the earlier package is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]  # no partial file left behind


def test_media_are_named_in_the_package(tmp_path: Path) -> None:
    image = tmp_path / "source.png"
    image.write_bytes(b"\x89PNG fake but bytes are bytes")
    out = tmp_path / "deck.apkg"
    OnePassPackage(_decks(1), {"bp-0123.png": image}).write_to_file(out, timestamp=STAMP)
    import zipfile

    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("media")) == {"0": "bp-0123.png"}
        assert package.read("0") == image.read_bytes()
