"""Rule: a table with a header row -> one card per row and column ("Metric for ranking?" NDCG)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from importers.suggest.model import Suggestion, make
from importers.suggest.structure import Block, Section
from importers.suggest.text import is_link_only, plain, words

_MAX_CELL = 160
# Row keys that are numbers or ids (`3`, `#2`, `u_8421`, `v1120`): rows of example data
_ID = re.compile(r"[#\d.]+|[A-Za-z]{0,3}[_-]?\d+[\w-]*")
_YES_NO = re.compile(r"^(?:yes|no|y|n|true|false|✓|✗|✔|✘|x)\b[^a-z]*(?:\([^)]*\))?\.?$", re.I)
_EMPTY = {"", "-", "—", "–", "n/a", "na", "?", "…", "...", "tbd"}


def table_rule(section: Section) -> Iterator[Suggestion]:
    for block in section.blocks:
        if block.kind == "table" and _usable(block):
            yield from _cards(block, section.breadcrumb)


def _usable(block: Block) -> bool:
    header = [plain(h) for h in block.header]
    if len(header) < 2 or not all(header[1:]) or not block.rows:
        return False
    cells = [c for row in block.rows for c in row]
    links = sum(1 for c in cells if is_link_only(c))
    return links * 2 < len(cells)  # a table of links (contents, resources) is not a fact table


def _cards(block: Block, crumbs: tuple[str, ...]) -> Iterator[Suggestion]:
    header = [plain(h) for h in block.header]
    for row, line in zip(block.rows, block.row_lines, strict=True):
        key = plain(row[0]) if row else ""
        if key.lower() in _EMPTY or _ID.fullmatch(key) or len(key) > 80:
            continue
        for j in range(1, min(len(row), len(header))):
            value = plain(row[j])
            if value.lower() in _EMPTY or len(value) > _MAX_CELL or value == key \
                    or _YES_NO.match(value):
                continue
            front = _question(header[j], key, header[0])
            if _gives_away(front, value):
                continue
            source = " | ".join(header) + "\n" + " | ".join(row)
            score = 2.0 - len(value) / 200 - (0.3 if words(value) <= 1 and value.isdigit() else 0)
            yield make("table", "basic", front, value, f"Q: {front}\nA: {value}", line=line,
                       source_text=source, breadcrumb=crumbs, score=score, variant=header[j])


_ASKING = re.compile(r"^(?:when|why|how|what|where|who|which|instead|vs\.?|versus|with|"
                     r"without|if|use|avoid)\b", re.I)


# A first column headed like this (or not at all) names attributes; the columns are the things.
_ATTRIBUTES = re.compile(r"^(?:|dimension|aspect|property|attribute|criterion|criteria|"
                         r"characteristic|trait|feature|factor|axis|category)s?$", re.I)


def _question(column: str, key: str, first: str) -> str:
    """`Metric` + `ranking` -> `Metric for ranking?`; `When` + `AUC` -> `AUC: when?`."""
    if _ATTRIBUTES.match(first):
        return f"{column}: {key}?"
    asked = column.lower().rstrip("?: ")
    if asked in ("when", "when to use", "use when", "use it when"):
        return f"When to use {key}?"
    if asked in ("instead of", "use instead of", "rather than", "not"):
        return f"Use {key} instead of what?"
    if _ASKING.match(column) or re.search(r"\b(?:to|for|of|in|with|by|on)$", asked):
        return f"{key}: {column[0].lower() + column[1:]}?"
    return f"{column} for {key}?"


def _gives_away(front: str, answer: str) -> bool:
    return answer.lower() in front.lower()
