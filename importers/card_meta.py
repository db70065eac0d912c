"""What a card's own text may carry besides its content: an explicit id (`<!-- id: x -->` or
an Obsidian block id `^x`) and trailing #tags. Shared by every importer syntax, so none of
them imports another for it."""

from __future__ import annotations

import re

EXPLICIT_ID = re.compile(r"\s*<!--\s*id:\s*([A-Za-z0-9_.:/-]+)\s*-->\s*$")
_BLOCK_ID = re.compile(r"\s+\^([A-Za-z0-9-]+)\s*$")
_TRAILING_TAG = re.compile(r"(?:^|\s)#([A-Za-z][\w/-]*)\s*$")


def split_card_meta(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Strip an explicit id (`<!-- id: x -->` or `^x`) and trailing #tags from a card's text."""
    body = text.rstrip()
    explicit: str | None = None
    # each pattern needs its literal ("<!--", "^", "#"): most cards have none, and skip them
    m = EXPLICIT_ID.search(body) if "<!--" in body else None
    if m:
        explicit = m.group(1)
        body = body[: m.start()].rstrip()
    elif "^" in body:
        m = _BLOCK_ID.search(body)
        if m:
            explicit = m.group(1)
            body = body[: m.start()].rstrip()
    tags: list[str] = []
    last_nl = body.rfind("\n")
    last = body[last_nl + 1 :]
    stripped = last
    while "#" in stripped:
        m = _TRAILING_TAG.search(stripped)
        if not m or "`" in stripped[m.start():]:
            break
        tags.insert(0, m.group(1))
        stripped = stripped[: m.start()]
    if tags:
        body = (body[: last_nl + 1] + stripped).rstrip()
    return body, explicit, tuple(tags)
