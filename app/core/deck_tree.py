"""The deck list as a tree: leaf deck counts summed into their parents, in display order."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.queries import DeckCounts


@dataclass(frozen=True)
class DeckLine:
    """One line of the deck list: a deck (or a parent of decks) with its summed counts."""

    deck: str | None  # None: every deck
    label: str
    depth: int
    new: int
    learning: int
    due: int
    total: int


def deck_lines(counts: list[DeckCounts], *, with_total: bool = True) -> list[DeckLine]:
    """Parents before children, siblings by name; each line sums its subtree."""
    sums: dict[str, list[int]] = {}
    for c in counts:
        parts = c.deck.split("::")
        for depth in range(1, len(parts) + 1):
            key = "::".join(parts[:depth])
            acc = sums.setdefault(key, [0, 0, 0, 0])
            acc[0] += c.new
            acc[1] += c.learning
            acc[2] += c.due
            acc[3] += c.total
    lines: list[DeckLine] = []
    if with_total and counts:
        tot = [sum(c.new for c in counts), sum(c.learning for c in counts),
               sum(c.due for c in counts), sum(c.total for c in counts)]
        lines.append(DeckLine(None, "All decks", 0, *tot))
    for key in sorted(sums, key=lambda k: [p.casefold() for p in k.split("::")]):
        parts = key.split("::")
        lines.append(DeckLine(key, parts[-1], len(parts) - 1 + int(with_total), *sums[key]))
    return lines
