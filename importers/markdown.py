"""Markdown notes to card drafts: Q/A, hashcards and Anki clozes, Obsidian SR syntaxes, diagrams.

A note is read in passes: its blocks (`markdown_blocks`), a walk over its lines for Q/A, `C:`
cards and diagrams (`markdown_walk`), then the paragraphs no card took: Anki clozes, and in a
flashcards-tagged note the Obsidian SR syntaxes and highlights."""

from __future__ import annotations

import re

from importers.card_meta import split_card_meta
from importers.clozes import anki_cloze_cards, highlight_cloze_cards
from importers.frontmatter import FrontMatter
from importers.markdown_blocks import Blocks, scan_blocks
from importers.markdown_walk import DIAGRAM_LANGS, LineWalk
from importers.model import ParsedNote
from importers.osr import osr_cards
from importers.osr_schedule import strip_sr_comments

_FLASHCARDS_TAG = re.compile(r"(?<![\S])#flashcards(?:/([\w/-]+))?")


def deck_from_path(source_path: str) -> str:
    """`ads/ctr.md` -> `ads::ctr` (the folder path under the import root, then the file stem).

    A file named README, or named like its folder (`ctr/ctr.md`, a folder note), adds no level:
    its cards are the folder's own (`ads/README.md` -> `ads`)."""
    parts = [p for p in source_path.replace("\\", "/").split("/") if p]
    if not parts:
        return "Default"
    last = parts[-1]
    if "." in last:
        last = last.rsplit(".", 1)[0]
    parts[-1] = last
    folder = parts[-2].casefold() if len(parts) > 1 else None
    if last.casefold() in ("readme", folder):
        parts.pop()
    return "::".join(parts) or "Default"


def parse_note(text: str, source_path: str, *, deck: str | None = None) -> ParsedNote:
    """Parse one note. `source_path` is relative to the import root; `deck` overrides the deck."""
    note = ParsedNote(source_path=source_path)
    text = strip_sr_comments(text)  # Obsidian SR schedules are read by app.core.osr_import
    lines = text.split("\n")
    blocks = scan_blocks(text, lines, source_path, note.problems)
    flash_tag = _flashcards_tag(text, blocks.excluded)
    if deck is None:
        deck = _note_deck(blocks.front, flash_tag, source_path)
    file_tags = tuple(blocks.front.tags)
    walk = LineWalk(lines, blocks, note, deck, file_tags)
    walk.run()
    _anki_clozes(lines, blocks, walk.consumed, note, deck, file_tags)
    if blocks.front.cards or flash_tag is not None:
        _tagged_cards(lines, blocks, walk.consumed, note, deck, file_tags)
    note.cards.sort(key=lambda c: (c.line, c.cloze_ordinal or 0))
    return note


def _note_deck(front: FrontMatter, flash_tag: str | None, source_path: str) -> str:
    """Front matter `deck:` > a `flashcards/a/b` tag (front matter, then text) > the folder."""
    if front.deck:
        return front.deck
    if front.flashcards_deck or flash_tag:
        return (front.flashcards_deck or flash_tag or "").replace("/", "::")
    return deck_from_path(source_path)


def _free_paragraphs(lines: list[str], blocks: Blocks, consumed: set[int]
                     ) -> list[tuple[int, str]]:
    """(start, text) of each paragraph no card has taken a line of, at the time of the call."""
    return [(start, "\n".join(lines[start:end]).strip()) for start, end in blocks.paragraphs
            if consumed.isdisjoint(range(start, end))]


def _anki_clozes(lines: list[str], blocks: Blocks, consumed: set[int], note: ParsedNote,
                 deck: str, file_tags: tuple[str, ...]) -> None:
    """A paragraph outside Q/A/C cards holding {{cN::...}} is one note."""
    for start, end in blocks.paragraphs:
        if start not in blocks.cloze_paras or not consumed.isdisjoint(range(start, end)):
            continue
        consumed.update(range(start, end))
        para = "\n".join(lines[start:end]).strip()
        cards, problems = anki_cloze_cards(
            para, source_path=note.source_path, line=start + 1, deck=deck, tags=file_tags,
            breadcrumb=blocks.crumbs_at(start))
        note.cards.extend(cards)
        note.problems.extend(problems)


def _tagged_cards(lines: list[str], blocks: Blocks, consumed: set[int], note: ParsedNote,
                  deck: str, file_tags: tuple[str, ...]) -> None:
    """A flashcards-tagged note: the Obsidian SR syntaxes, then `==highlight==` clozes in the
    paragraphs still free."""
    cards, problems = osr_cards(
        lines, blocks.paragraphs, consumed, source_path=note.source_path, deck=deck,
        tags=file_tags, breadcrumb_at=blocks.crumbs_at)
    note.cards.extend(cards)
    note.problems.extend(problems)
    for start, para in _free_paragraphs(lines, blocks, consumed):
        if "==" in para:
            cards, problems = highlight_cloze_cards(
                para, source_path=note.source_path, line=start + 1, deck=deck,
                tags=file_tags, breadcrumb=blocks.crumbs_at(start))
            note.cards.extend(cards)
            note.problems.extend(problems)


def _flashcards_tag(text: str, excluded: set[int]) -> str | None:
    """The `#flashcards[/deck]` tag of a note: '' for a bare tag, the deck path, or None."""
    if "#flashcards" not in text:
        return None
    for n, line in enumerate(text.split("\n")):
        if n in excluded or "#flashcards" not in line:
            continue
        if "`" in line:
            line = re.sub(r"`[^`]*`", "", line)
        m = _FLASHCARDS_TAG.search(line)
        if m:
            return m.group(1) or ""
    return None


__all__ = ["parse_note", "deck_from_path", "split_card_meta", "FrontMatter", "DIAGRAM_LANGS"]
