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
    return _CODE.sub(lambda m: " " * len(m.group(0)), line)


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
    cards: list[CardDraft] = []
    problems: list[Problem] = []

    def add(kind: str, front: str, back: str, line: int, family: str | None = None) -> None:
        front, fid, ftags = split_card_meta(front.strip())
        back, bid, btags = split_card_meta(back.strip())
        if not front or not back:
            problems.append(Problem(source_path, line, "flashcard separator with an empty side: "
                                    "write text on both sides of the separator"))
            return
        explicit = bid or fid
        cards.append(CardDraft(
            kind=kind, front=front, back=back, deck=deck, source_path=source_path, line=line,
            tags=tuple(dict.fromkeys(tags + ftags + btags)), breadcrumb=breadcrumb_at(line - 1),
            explicit_id=explicit if kind == "basic" else (explicit and f"{explicit}-{family}"),
            family=family and f"rev:{source_path}:{front}",
        ))

    for start, end in paragraphs:
        if any(k in consumed for k in range(start, end)):
            continue
        block = lines[start:end]
        seps = [i for i, ln in enumerate(block) if ln.strip() in ("?", "??")]
        if seps:
            i = seps[0]
            sep = block[i].strip()
            if i == len(block) - 1:  # the answer is a list (or quote) right after the `?`
                while end < len(lines) and lines[end].strip():
                    block.append(lines[end])
                    end += 1
            front = "\n".join(block[:i])
            back = "\n".join(block[i + 1 :])
            line = start + 1
            if sep == "?":
                add("basic", front, back, line)
            else:
                add("reversed", front, back, line, "fwd")
                add("reversed", back, front, line, "rev")
            consumed.update(range(start, end))
            continue
        for k, raw in enumerate(block):
            if _TAG_ONLY.match(raw) or "{{c" in raw:
                continue
            masked = _mask_code(raw)
            line = start + k + 1
            if ":::" in masked:
                pos = masked.index(":::")
                add("reversed", raw[:pos], raw[pos + 3 :], line, "fwd")
                add("reversed", raw[pos + 3 :], raw[:pos], line, "rev")
                consumed.add(start + k)
            elif "::" in masked:
                pos = masked.index("::")
                if raw[:pos].rstrip().endswith(("http", "https")):
                    continue
                add("basic", raw[:pos], raw[pos + 2 :], line)
                consumed.add(start + k)
    return cards, problems
