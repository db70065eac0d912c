"""Grading the structured answers: a path order (Kendall distance) and a rebuilt edge list.

Both take the numbered names the front listed (`items`); the learner may type numbers or names,
and names are matched word by word as in diagrams.words (a typo still finds its stage).
"""

from __future__ import annotations

import re

from diagrams.words import NEAR, RIGHT, WRONG, compare

# Path order: right when every stage is in place; a near miss from this share of pairs in order.
ORDER_NEAR = 0.8
# Rebuild: right with every edge and no wrong one; a near miss from this F1 score.
REBUILD_NEAR = 0.7


def resolve(items: tuple[str, ...], token: str) -> int | None:
    """The 0-based item a typed number or name means; None when it names none or two."""
    text = token.strip().strip(".")
    if text.isdigit():
        index = int(text) - 1
        return index if 0 <= index < len(items) else None
    scored = []
    for index, item in enumerate(items):
        match = compare(text, item)
        if match.status != WRONG:
            scored.append((match.status == RIGHT, match.score, index))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][:2] == scored[1][:2]):
        return None
    return scored[0][2]


def kendall_score(order: list[int], truth: list[int]) -> float:
    """Share of stage pairs in the right relative order (1 - normalised Kendall distance)."""
    position = {item: index for index, item in enumerate(order)}
    pairs = agree = 0
    for i, a in enumerate(truth):
        for b in truth[i + 1:]:
            pairs += 1
            agree += position[a] < position[b]
    return agree / pairs if pairs else 1.0


def check_order(items: tuple[str, ...], answer: str, given: str) -> tuple[str, float, str]:
    """(status, score, detail) for a typed order such as `3 1 4 2` or `a, b, c`."""
    truth = [int(n) - 1 for n in answer.split()]
    separator = "," if "," in given or ">" in given else None
    tokens = [t for t in re.split(r"\s*[,>]\s*" if separator else r"\s+", given.strip()) if t]
    order = [resolve(items, token) for token in tokens]
    if not tokens:
        return WRONG, 0.0, ""
    unknown = [t for t, index in zip(tokens, order, strict=True) if index is None]
    if unknown:
        return WRONG, 0.0, f"not one of the listed stages: {', '.join(unknown)}"
    picked = [index for index in order if index is not None]
    if sorted(picked) != sorted(truth):
        return WRONG, 0.0, f"give each of the {len(truth)} stages once"
    score = kendall_score(picked, truth)
    in_place = sum(a == b for a, b in zip(picked, truth, strict=True))
    detail = f"{in_place} of {len(truth)} in place; {score:.0%} of pairs in order"
    if picked == truth:
        return RIGHT, 1.0, detail
    return (NEAR if score >= ORDER_NEAR else WRONG), score, detail


def parse_edges(items: tuple[str, ...], given: str) -> tuple[set[tuple[int, int]], list[str]]:
    """Edges typed as `A > B, B > C` (also `->`, `→`, one per line); chains `A > B > C` too."""
    edges: set[tuple[int, int]] = set()
    unknown: list[str] = []
    for part in re.split(r"[,;\n]+", given):
        names = [n for n in re.split(r"\s*(?:-+>|→|>)\s*", part.strip()) if n.strip()]
        indexes = [resolve(items, name) for name in names]
        for name, index in zip(names, indexes, strict=True):
            if index is None:
                unknown.append(name.strip())
        for a, b in zip(indexes, indexes[1:], strict=False):
            if a is not None and b is not None:
                edges.add((a, b))
    return edges, unknown


def check_rebuild(items: tuple[str, ...], answers: tuple[str, ...],
                  given: str) -> tuple[str, float, str]:
    """(status, score, detail) for rebuilt edges, by edge precision and recall (F1)."""
    truth = {(int(a) - 1, int(b) - 1) for a, b in (edge.split(">") for edge in answers)}
    typed, unknown = parse_edges(items, given)
    hit = typed & truth
    precision = len(hit) / len(typed) if typed else 0.0
    recall = len(hit) / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hit else 0.0

    def show(edges: set[tuple[int, int]]) -> str:
        return ", ".join(f"{items[a]} > {items[b]}" for a, b in sorted(edges))

    parts = [f"{len(hit)} of {len(truth)} edges; precision {precision:.0%}, recall {recall:.0%}"]
    if truth - typed:
        parts.append("missed: " + show(truth - typed))
    if typed - truth:
        parts.append("wrong: " + show(typed - truth))
    if unknown:
        parts.append("not a listed stage: " + ", ".join(unknown))
    detail = "\n".join(parts)
    if typed == truth:
        return RIGHT, 1.0, detail
    return (NEAR if f1 >= REBUILD_NEAR else WRONG), f1, detail
