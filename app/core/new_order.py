"""The order new cards are introduced in: diagram cards spread among the others, siblings spread.

- Diagram cards take their share of the new cards from the start (their share of the candidates),
  instead of coming after every note's plain cards.
- The diagrams take turns (one card of each, then a second of each, ...), and within a diagram
  the kinds take turns too (a node card, an after card, a latency card, ...), so the
  architecture questions do not wait weeks behind the name-the-blank cards.
- At most `DIAGRAM_PER_DAY` cards of one diagram a day and never two in a row; a cloze family
  still gives one card a day.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

DIAGRAM_PER_DAY = 2
FAMILY_PER_DAY = 1
# Within a diagram, kinds take turns in this order.
KIND_TURNS = ("diagram-node", "diagram-bottleneck", "diagram-after", "diagram-order",
              "diagram-stage-latency", "diagram-branch", "diagram-before", "diagram-whatif",
              "diagram-latency", "diagram-rebuild", "diagram-slack")


def allowance(family: str | None) -> int:
    """How many cards of `family` may be studied in one day."""
    if family is None:
        return 1 << 30
    return DIAGRAM_PER_DAY if family.startswith("diagram:") else FAMILY_PER_DAY


def _diagram_stream(rows: list[tuple[int, str | None, str, bool, str]]
                    ) -> list[tuple[int, str | None, str]]:
    by_family: dict[str, list[tuple[int, str]]] = defaultdict(list)
    deck_of: dict[int, str] = {}
    for cid, family, kind, _ahead, deck in rows:
        by_family[family or ""].append((cid, kind))
        deck_of[cid] = deck
    turns: dict[str, list[tuple[int, int]]] = {}
    for family, cards in by_family.items():
        seen: Counter[str] = Counter()
        keyed = []
        for cid, kind in cards:  # the n-th card of a kind goes in round n
            rank = KIND_TURNS.index(kind) if kind in KIND_TURNS else len(KIND_TURNS)
            keyed.append(((seen[kind], rank, cid), cid))
            seen[kind] += 1
        turns[family] = [(i, cid) for i, (_key, cid) in enumerate(sorted(keyed))]
    first = {family: min(cid for cid, _ in by_family[family]) for family in by_family}
    stream = sorted(((index, first[family], cid, family) for family, cards in turns.items()
                     for index, cid in cards))
    return [(cid, family or None, deck_of[cid]) for _index, _first, cid, family in stream]


def order_new(rows: list[tuple[int, str | None, str, bool, str]], studied: Counter[str],
              limit: int, caps: dict[str, int] | None = None) -> list[int]:
    """Up to `limit` new card ids in study order; `studied` counts today's cards per family.

    `rows` are (id, family, kind, brought forward, deck), brought forward first (by due time),
    then the others in id order. `caps`: what the daily limits of decks under the studied one
    still allow.
    """
    few = [row for row in rows if row[3] or row[2].startswith("diagram")]
    plain = [(cid, family, deck) for cid, family, kind, ahead, deck in rows
             if not ahead and not kind.startswith("diagram")]
    return order_new_streamed(few, plain, len(plain), studied, limit, caps)


def order_new_streamed(few: list[tuple[int, str | None, str, bool, str]],
                       plain: Iterable[tuple[int, str | None, str]], plain_count: int,
                       studied: Counter[str], limit: int,
                       caps: dict[str, int] | None = None) -> list[int]:
    """`order_new` reading the plain new cards only as far as it needs: `few` are the cards a
    drill brought forward (first, by due time) and the diagram cards (id order); `plain` yields
    the other new cards' (id, family, deck) in id order, `plain_count` of them. A session reads
    them page by page, so a day's 20 cards cost 20 rows, not the whole collection's new cards.
    """
    pool = _Pool(Counter(studied), dict(caps or {}))
    forward = _Stream((cid, family, deck) for cid, family, _kind, ahead, deck in few if ahead)
    out: list[int] = []
    last_family: str | None = None
    while len(out) < limit and (pick := pool.take(forward, None)) is not None:
        out.append(pick[0])
        last_family = pick[1]
    diagram_rows = _diagram_stream([r for r in few if not r[3]])
    rest = len(diagram_rows) + plain_count
    share = len(diagram_rows) / rest if rest else 0.0
    diagram, other = _Stream(diagram_rows), _Stream(plain)
    placed_diagram = 0
    while len(out) < limit and (diagram or other):
        want_diagram = bool(diagram) and (not other or placed_diagram < share * (len(out) + 1))
        first, second = (diagram, other) if want_diagram else (other, diagram)
        pick = pool.take(first, last_family) or pool.take(second, last_family)
        if pick is None:
            break
        cid, family = pick
        out.append(cid)
        placed_diagram += int(family is not None and family.startswith("diagram:"))
        last_family = family
    return out


class _Stream:
    """Rows in order, read from `source` only as far as a scan reaches; taken rows leave it."""

    def __init__(self, source: Iterable[tuple[int, str | None, str]]) -> None:
        self.rows: list[tuple[int, str | None, str]] = []
        self.source = iter(source)

    def has(self, index: int) -> bool:
        """Whether row `index` exists (reading rows until it is read, or the source ends)."""
        while index >= len(self.rows):
            row = next(self.source, None)
            if row is None:
                return False
            self.rows.append(row)
        return True

    def __bool__(self) -> bool:
        return self.has(0)


class _Pool:
    """Today's places: per family (its allowance) and per capped subdeck."""

    def __init__(self, used: Counter[str], caps: dict[str, int]) -> None:
        self.used = used
        self.caps = caps

    def take(self, stream: _Stream,
             last_family: str | None) -> tuple[int, str | None] | None:
        """The first card of `stream` its family and deck still allow, not of the last family."""
        index = -1
        while stream.has(index := index + 1):
            cid, family, deck = stream.rows[index]
            if family is not None and (self.used[family] >= allowance(family) or (
                    family == last_family and family.startswith("diagram:"))):
                continue
            capping = [d for d in self.caps if deck == d or deck.startswith(d + "::")]
            if any(self.caps[d] <= 0 for d in capping):
                continue
            for d in capping:
                self.caps[d] -= 1
            if family is not None:
                self.used[family] += 1
            del stream.rows[index]
            return cid, family
        return None

