"""Write Blueprint cards and diagrams to an Anki package (.apkg) that re-imports in place."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import genanki

from app.export.apkg_writer import OnePassPackage
from app.export.field_cache import FieldCache
from app.export.html import FieldRenderer, MediaSet, cloze_ordinals
from app.export.model import ExportCard, ExportDiagram, ExportReport
from app.export.notetypes import (
    BASIC_MODEL,
    CLOZE_MODEL,
    NOTETYPE_MTIME,
    NUMERIC_MODEL,
    TimedNote,
)

if TYPE_CHECKING:
    from app.export.anki_diagrams import DiagramNotes

ROOT_DECK = "Blueprint"
CRUMB_SEPARATOR = " › "

Progress = Callable[[int, int], None]


def deck_name(deck: str) -> str:
    """`Blueprint::<deck>`; an empty deck is the root deck itself."""
    deck = deck.strip().strip(":")
    return f"{ROOT_DECK}::{deck}" if deck else ROOT_DECK


def deck_id(name: str) -> int:
    """A fixed deck id derived from the full deck name (same name, same id, every export)."""
    digest = hashlib.sha256(f"blueprint-deck\x00{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(kind: str, key: str) -> str:
    """Anki GUID from a stable key: `kind` is "card", "cloze" (family) or "io" (diagram id).

    96 bits of SHA-256, URL-safe base64 (16 characters); Anki takes any text as a GUID.
    """
    digest = hashlib.sha256(f"blueprint\x00{kind}\x00{key}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode("ascii")


@functools.lru_cache(maxsize=4096)
def anki_tag(tag: str) -> str:
    """A tag Anki accepts: no leading '#', no spaces (they separate tags in Anki)."""
    return re.sub(r"\s+", "_", tag.strip().lstrip("#"))


def utc_mtime(value: datetime, what: str) -> int:
    """Seconds since the epoch of an aware time; a naive one is a programming error."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what}: modified_at must be timezone-aware (UTC), got {value!r}")
    return int(value.timestamp())


class Builder:
    """Collects notes per deck while rendering fields, media and problems."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.problems: list[str] = []
        self.field_cache = FieldCache(cache_dir)
        self.media = MediaSet(self.field_cache)
        self.fields = FieldRenderer(self.media, self.problems, self.field_cache)
        self.decks: dict[str, genanki.Deck] = {}
        self.cards = 0
        self.by_type: Counter[str] = Counter()
        self.latest = NOTETYPE_MTIME

    def add(
        self,
        model: genanki.Model,
        deck: str,
        fields: list[str],
        *,
        guid: str,
        mtime: int,
        tags: Iterable[str],
        cards: int,
    ) -> None:
        name = deck_name(deck)
        target = self.decks.get(name)
        if target is None:
            target = self.decks[name] = genanki.Deck(deck_id(name), name)
        clean_tags = sorted({t for t in map(anki_tag, tags) if t})
        target.add_note(
            TimedNote(model=model, fields=fields, guid=guid, tags=clean_tags, mtime=mtime)
        )
        self.cards += cards
        self.by_type[model.name] += 1
        self.latest = max(self.latest, mtime)

    def crumb(self, breadcrumb: Sequence[str]) -> str:
        return CRUMB_SEPARATOR.join(html.escape(h, quote=False) for h in breadcrumb if h)

    def problem(self, source: str, message: str) -> None:
        self.problems.append(f"{source or '<unknown>'}: {message}")


def write_apkg(
    cards: Sequence[ExportCard],
    diagrams: Sequence[ExportDiagram],
    out: Path,
    *,
    image_occlusion: bool = True,
    cache_dir: Path,
    progress: Progress | None = None,
) -> ExportReport:
    """Write `cards` (and, with `image_occlusion`, one IO note per diagram) to `out`.

    Bad input never raises: each problem is reported as "path:line: message" and the card is
    left out. Raises ValueError only for a naive `modified_at` (a programming error).
    """
    b = Builder(cache_dir)
    io_diagrams = list(diagrams) if image_occlusion else []
    total = len(cards) + len(io_diagrams) + 1
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    drawn: DiagramNotes | None = None
    if diagrams or any(card.kind.startswith("diagram") for card in cards):
        from app.export.anki_diagrams import DiagramNotes  # Graphviz and networkx only if used

        drawn = DiagramNotes(b, cards, diagrams, io_diagrams, lambda c, text: _render(b, c, text))
    _add_cards(b, cards, drawn, step)
    for diagram in io_diagrams:
        if drawn is not None:  # always, when there are diagrams
            drawn.add_image_occlusion(diagram)
        step()
    _write_package(b, out)
    b.field_cache.flush()
    step()
    return ExportReport(path=out, notes=sum(b.by_type.values()), cards=b.cards,
                        media=len(b.media.files), problems=tuple(b.problems),
                        notes_by_type=tuple(sorted(b.by_type.items())))


def _add_cards(b: Builder, cards: Sequence[ExportCard], drawn: DiagramNotes | None,
               step: Callable[[], None]) -> None:
    """One note per card in order (a cloze family's note where its first card stands)."""
    families: dict[str, list[ExportCard]] = {}
    for card in cards:
        if card.kind == "cloze":
            families.setdefault(card.family or card.uid, []).append(card)
    seen: set[str] = set()
    written_families: set[str] = set()
    for card in cards:
        if card.uid in seen:
            b.problem(card.source, f"card id {card.uid!r} exported twice; the copy is left out")
        elif card.kind == "cloze":
            family = card.family or card.uid
            if family not in written_families:
                written_families.add(family)
                _add_cloze(b, families[family])
        elif card.kind.startswith("diagram"):
            assert drawn is not None  # made whenever a diagram card is exported
            drawn.add_card(card)
        elif card.kind == "numeric":
            _add_numeric(b, card)
        else:
            if card.kind not in ("basic", "reversed"):
                b.problem(card.source, f"unknown card kind {card.kind!r}, exported as basic")
            _add_basic(b, card)
        seen.add(card.uid)
        step()


def _render(b: Builder, card: ExportCard, text: str) -> str:
    return b.fields.render(text, source=card.source, media_root=card.media_root)


def _add_basic(b: Builder, card: ExportCard) -> None:
    mtime = utc_mtime(card.modified_at, card.source or card.uid)
    front = _render(b, card, card.front)
    if not front:
        b.problem(card.source, "card has an empty question; left out of the export")
        return
    fields = [front, _render(b, card, card.back), b.crumb(card.breadcrumb), esc(card.source)]
    b.add(
        BASIC_MODEL,
        card.deck,
        fields,
        guid=note_guid("card", card.uid),
        mtime=mtime,
        tags=card.tags,
        cards=1,
    )


def _add_numeric(b: Builder, card: ExportCard) -> None:
    """A typed answer: the Answer field stays plain text, as Anki compares it character by
    character with what was typed."""
    front = _render(b, card, card.front)
    if not front:
        b.problem(card.source, "card has an empty question; left out of the export")
        return
    fields = [front, esc(card.back.strip()), b.crumb(card.breadcrumb), esc(card.source)]
    b.add(NUMERIC_MODEL, card.deck, fields, guid=note_guid("card", card.uid),
          mtime=utc_mtime(card.modified_at, card.source or card.uid), tags=card.tags, cards=1)


def _add_cloze(b: Builder, siblings: list[ExportCard]) -> None:
    first = siblings[0]
    family = first.family or first.uid
    mtime = max(utc_mtime(c.modified_at, c.source or c.uid) for c in siblings)
    text = next((c.cloze_text for c in siblings if c.cloze_text), None)
    if text is None:
        b.problem(first.source, "cloze card without its note text (cloze_text); left out")
        return
    field = _render(b, first, text)
    ordinals = cloze_ordinals(field)
    if not ordinals:
        b.problem(first.source, "cloze note has no {{c1::...}} deletion; left out")
        return
    extra = _render(b, first, first.back) if first.back.strip() != text.strip() else ""
    tags = {t for c in siblings for t in c.tags}
    fields = [field, extra, b.crumb(first.breadcrumb), esc(first.source)]
    b.add(
        CLOZE_MODEL,
        first.deck,
        fields,
        guid=note_guid("cloze", family),
        mtime=mtime,
        tags=tags,
        cards=len(ordinals),
    )


def esc(text: str) -> str:
    """Plain text escaped for a field."""
    return html.escape(text, quote=False)


def _write_package(b: Builder, out: Path) -> None:
    decks = [b.decks[name] for name in sorted(b.decks)]
    if not decks:  # an empty package still imports cleanly
        decks = [genanki.Deck(deck_id(ROOT_DECK), ROOT_DECK)]
    # The package timestamp seeds genanki's note and card ids: the newest content time keeps the
    # output a pure function of the input.
    OnePassPackage(decks, dict(b.media.files)).write_to_file(out, timestamp=float(b.latest))
