"""The floor of every export row: genanki alone writing the same notes and media.

Run as a process (`python bench/bare_genanki.py NOTES.json OUT.apkg`) so it pays the same
start-up a command does. NOTES.json is what `bare_notes` makes from the exporter's cards: raw
field text, stock genanki note types, the same decks, tags and media files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import genanki

STAMP = 1767225600.0  # 2026-01-01 UTC: a fixed package time, as Blueprint's newest content time


def bare_notes(cards: Sequence[Any]) -> list[dict[str, Any]]:
    """ExportCards -> plain notes: one per card, one per cloze family, the text as written."""
    notes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for card in cards:
        tags = [t.replace(" ", "_") for t in card.tags]
        if card.kind == "cloze":
            family = card.family or card.uid
            if family in seen:
                continue
            seen.add(family)
            notes.append({"cloze": True, "deck": card.deck, "fields": [card.cloze_text or "", ""],
                          "guid": family, "tags": tags})
        else:
            notes.append({"cloze": False, "deck": card.deck, "fields": [card.front, card.back],
                          "guid": card.uid, "tags": tags})
    return notes


def write_bare(notes: Sequence[dict[str, Any]], media: Sequence[str], out: Path) -> None:
    decks: dict[str, genanki.Deck] = {}
    for n in notes:
        deck = decks.get(n["deck"])
        if deck is None:
            deck = decks[n["deck"]] = genanki.Deck(len(decks) + (1 << 30), n["deck"])
        model = genanki.CLOZE_MODEL if n["cloze"] else genanki.BASIC_MODEL
        deck.add_note(genanki.Note(model=model, fields=n["fields"],
                                   guid=genanki.guid_for(n["guid"]), tags=n["tags"]))
    genanki.Package(list(decks.values()), media_files=list(media)).write_to_file(
        str(out), timestamp=STAMP)


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    write_bare(data["notes"], data["media"], Path(sys.argv[2]))


if __name__ == "__main__":
    main()
