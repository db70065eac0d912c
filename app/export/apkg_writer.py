"""The .apkg writer: genanki's tables and notes, every deck written in one pass, atomically.

genanki's `Deck.write_to_db` reads, updates and rewrites the collection's whole deck and note
type JSON once per deck, so a package of many decks costs time quadratic in the number of decks.
`OnePassPackage` writes the same rows with one update of each: the decks JSON holds every deck,
and each note type carries the id of the last deck (in order) that has notes of it, as genanki's
deck-by-deck writes leave it. Notes are written in the same order, so their ids are the same,
and their rows (the ones genanki's `Note.write_to_db` would insert, `TimedNote.rows`) go in with
one statement per table.

The package is written to a temporary file beside the target and renamed over it: a reader (or
Anki) never sees half a package, and a failed export leaves the previous package in place.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from app.export.notetypes import TimedNote


class OnePassPackage(genanki.Package):  # type: ignore[misc]  # genanki has no type hints
    """A genanki Package whose decks are written with one deck and one note type update.

    `media` maps each file's name in the package to the file to copy in.
    """

    def __init__(self, decks: Sequence[genanki.Deck], media: dict[str, Path]) -> None:
        super().__init__(list(decks), media_files=[])
        self.media = media

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, id_gen: Any) -> None:
        cursor.executescript(APKG_SCHEMA)
        cursor.executescript(APKG_COL)
        (decks_json, models_json) = cursor.execute("SELECT decks, models FROM col").fetchone()
        decks = json.loads(decks_json)
        models = json.loads(models_json)
        for deck in self.decks:
            _check(deck)
            decks[str(deck.deck_id)] = deck.to_json()
            used = {note.model.model_id: note.model for note in deck.notes}
            used.update(deck.models)
            for model_id, model in used.items():
                models[str(model_id)] = model.to_json(timestamp, deck.deck_id)
        cursor.execute("UPDATE col SET decks = ?, models = ?",
                       (json.dumps(decks), json.dumps(models)))
        notes: list[tuple] = []
        cards: list[tuple] = []
        for deck in self.decks:
            for note in deck.notes:
                if not isinstance(note, TimedNote):  # genanki's own writer, rows in order
                    _insert(cursor, notes, cards)
                    note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)
                    continue
                row, its_cards = note.rows(deck.deck_id, id_gen)
                notes.append(row)
                cards += its_cards
        _insert(cursor, notes, cards)

    def write_to_file(self, file: str | Path, timestamp: float | None = None) -> None:
        """Write the package to `file` atomically (temporary file beside it, then rename)."""
        if timestamp is None:
            raise ValueError("a package timestamp is required: it seeds the note and card ids")
        out = Path(file)
        with _replacing(out) as partial, tempfile.TemporaryDirectory(
            prefix="blueprint-apkg-"
        ) as tmp:
            db_path = Path(tmp) / "collection.anki2"
            conn = sqlite3.connect(db_path)
            # A scratch file zipped right after: no journal and no syncs (the zip is synced).
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            try:
                self.write_to_db(conn.cursor(), timestamp, count(int(timestamp * 1000)))
                conn.commit()
            finally:
                conn.close()
            with zipfile.ZipFile(partial, "w") as outzip:
                outzip.write(db_path, "collection.anki2")
                names = sorted(self.media)
                outzip.writestr("media", json.dumps(dict(enumerate(names))))
                for index, name in enumerate(names):
                    outzip.write(self.media[name], str(index))


def _insert(cursor: sqlite3.Cursor, notes: list[tuple], cards: list[tuple]) -> None:
    """Insert (and forget) the rows collected so far: one statement per table."""
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", cards)
    notes.clear()
    cards.clear()


def _check(deck: genanki.Deck) -> None:
    if not isinstance(deck.deck_id, int) or not isinstance(deck.name, str):
        raise TypeError(f"deck {deck.name!r}: the id must be an integer and the name a string")


@contextmanager
def _replacing(out: Path) -> Iterator[Path]:
    """A temporary path beside `out`, renamed over it when the block ends without an error."""
    out.parent.mkdir(parents=True, exist_ok=True)
    # Created by the zip writer itself, so the package gets the usual permissions (umask).
    partial = out.with_name(f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    try:
        yield partial
        with open(partial, "rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
