"""Obsidian Spaced Repetition syntaxes, read only in notes tagged for flashcards."""

from __future__ import annotations

import re
from collections.abc import Callable

from importers.card_meta import split_card_meta
from importers.model import CardDraft, Problem

_CODE = re.compile(r"`[^`\n]*`")
_TAG_ONLY = re.compile(r"^\s*(#[\w/-]+\s*)+$")


def _mask_code(line: str) -> str:
    """Blank out inline code so separators inside it are not seen."""
    return _CODE.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line


def osr_cards(
    lines: list[str],
    paragraphs: list[tuple[int, int]],
    consumed: set[int],
    *,
    source_path: str,
    deck: str,
    tags: tuple[str, ...],
    breadcrumb_at: Callable[[int], tuple[str, ...]],
) -> tuple[list[CardDraft], list[Problem]]:
    """`front::back`, `front:::back`, multi-line `?` / `??` cards of unconsumed paragraphs."""
    found = _Found(source_path, deck, tags, breadcrumb_at)
    for start, end in paragraphs:
        if not consumed.isdisjoint(range(start, end)):
            continue
        block = lines[start:end]
        seps = [i for i, ln in enumerate(block) if ln.strip() in ("?", "??")]
        if seps:
            end = found.multi_line(lines, block, seps[0], start, end)
            consumed.update(range(start, end))
        else:
            consumed.update(found.inline(block, start))
    return found.cards, found.problems


class _Found:
    """The cards and problems of one note's OSR syntaxes, paragraph by paragraph."""

    def __init__(self, source_path: str, deck: str, tags: tuple[str, ...],
                 breadcrumb_at: Callable[[int], tuple[str, ...]]) -> None:
        self.source_path, self.deck, self.tags = source_path, deck, tags
        self.breadcrumb_at = breadcrumb_at
        self.cards: list[CardDraft] = []
        self.problems: list[Problem] = []

    def multi_line(self, lines: list[str], block: list[str], i: int, start: int, end: int
                   ) -> int:
        """A paragraph split by a `?` / `??` line at `i`; the end of what the card took."""
        sep = block[i].strip()
        if i == len(block) - 1:  # the answer is a list (or quote) right after the `?`
            while end < len(lines) and lines[end].strip():
                block.append(lines[end])
                end += 1
        front = "\n".join(block[:i])
        back = "\n".join(block[i + 1 :])
        if sep == "?":
            self.add("basic", front, back, start + 1)
        else:
            self.add("reversed", front, back, start + 1, "fwd")
            self.add("reversed", back, front, start + 1, "rev")
        return end

    def inline(self, block: list[str], start: int) -> list[int]:
        """`front::back` and `front:::back` lines of a paragraph; the lines they took."""
        taken = []
        for k, raw in enumerate(block):
            # masking only blanks code: a line without "::" has none after it either
            if "::" not in raw or _TAG_ONLY.match(raw) or "{{c" in raw:
                continue
            masked = _mask_code(raw)
            line = start + k + 1
            if ":::" in masked:
                pos = masked.index(":::")
                self.add("reversed", raw[:pos], raw[pos + 3 :], line, "fwd")
                self.add("reversed", raw[pos + 3 :], raw[:pos], line, "rev")
                taken.append(start + k)
            elif "::" in masked:
                pos = masked.index("::")
                if raw[:pos].rstrip().endswith(("http", "https")):
                    continue
                self.add("basic", raw[:pos], raw[pos + 2 :], line)
                taken.append(start + k)
        return taken

    def add(self, kind: str, front: str, back: str, line: int, family: str | None = None
            ) -> None:
        front, fid, ftags = split_card_meta(front.strip())
        back, bid, btags = split_card_meta(back.strip())
        if not front or not back:
            self.problems.append(Problem(self.source_path, line, "flashcard separator with an "
                                         "empty side: write text on both sides of the separator"))
            return
        explicit = bid or fid
        self.cards.append(CardDraft(
            kind=kind, front=front, back=back, deck=self.deck, source_path=self.source_path,
            line=line, tags=tuple(dict.fromkeys(self.tags + ftags + btags)),
            breadcrumb=self.breadcrumb_at(line - 1),
            explicit_id=explicit if kind == "basic" else (explicit and f"{explicit}-{family}"),
            family=family and f"rev:{self.source_path}:{front}",
        ))
