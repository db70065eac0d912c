"""Card identity: match each draft to its earlier self so no edit loses review history.

Order (ARCHITECTURE.md): an explicit id; a diagram card's (diagram id, node key); the same content
hash (also across moved or renamed files); else, among the cards that vanished from the same
file, the most similar one above a threshold. Whatever stays unmatched is new; old cards left
unmatched are retired by the caller.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from importers.model import CardDraft

# A reworded card scores roughly 75-95 against its earlier self; two different cards of one
# note rarely pass 70. Below this the draft is a new card and the old one is retired.
SIMILARITY_THRESHOLD = 72.0


@dataclass(frozen=True)
class Known:
    """What identity needs of a stored card."""

    id: int
    uid: str
    kind: str
    path_key: str  # root + "/" + source_path: the file the card came from
    content_hash: str
    explicit_id: str | None
    diagram_id: str | None
    diagram_key: str | None
    text: str  # for similarity: front + back, or the cloze text
    retired: bool
    front: str = ""


@dataclass(frozen=True)
class Match:
    draft_index: int
    known: Known | None  # None: a new card
    how: str  # "explicit", "diagram", "hash", "similar", "new"


def similarity_text(kind: str, front: str, back: str, cloze_text: str | None) -> str:
    if kind == "cloze" and cloze_text:
        return cloze_text
    return f"{front}\n{back}"


def new_uid(draft: CardDraft) -> str:
    if draft.explicit_id:
        return draft.explicit_id
    if draft.diagram_id and draft.diagram_key:
        key = json.dumps([draft.diagram_id, draft.diagram_key])
        return "d-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return draft.content_hash[:16]


def unique_uid(draft: CardDraft, taken: set[str], suffixes: dict[str, int] | None = None
               ) -> tuple[str, bool]:
    """A new card's uid, decided once: its explicit id, diagram key or content hash, with a
    `-2`, `-3`... suffix while taken (added to `taken`). The flag says an explicit id clashed.
    `suffixes` (one dict for one import) remembers each base's next suffix to try, so 20,000
    identical cards cost linear time: `taken` only grows, so the suffixes below stay taken."""
    uid = new_uid(draft)
    clashed = bool(draft.explicit_id) and uid in taken
    base = uid
    n = suffixes.get(base, 2) if suffixes is not None else 2
    while uid in taken:
        uid, n = f"{base}-{n}", n + 1
    if suffixes is not None and uid != base:
        suffixes[base] = n
    taken.add(uid)
    return uid, clashed


def note_key(draft: CardDraft, uid: str, family_keys: dict[str, str]) -> str:
    """The key of the Anki note a new card belongs to, stored on the card and never recomputed:
    the siblings of a cloze family share one note, keyed by the family's first card (or the
    key its stored siblings already have, in `family_keys`); every other card is its own note.
    """
    if draft.kind != "cloze" or not draft.family:
        return uid
    return family_keys.setdefault(draft.family, uid)


def match_drafts(
    drafts: list[tuple[str, CardDraft]],  # (path_key, draft)
    candidates: list[Known],  # vanished-or-reparsed cards and retired cards
    by_explicit: dict[str, Known],  # every stored card with an explicit id
    by_diagram: dict[tuple[str, str], Known],  # every stored diagram card
) -> list[Match]:
    """Assign each draft a stored card or none; each stored card is used at most once."""
    used: set[int] = set()
    result: dict[int, Match] = {}
    candidate_ids = {k.id for k in candidates}

    for i, (_, d) in enumerate(drafts):
        known = None
        how = ""
        if d.explicit_id and d.explicit_id in by_explicit:
            known, how = by_explicit[d.explicit_id], "explicit"
        elif d.diagram_id and d.diagram_key and (d.diagram_id, d.diagram_key) in by_diagram:
            known, how = by_diagram[(d.diagram_id, d.diagram_key)], "diagram"
        if known is not None and known.id not in used and (
            known.id in candidate_ids or known.retired
        ):
            used.add(known.id)
            result[i] = Match(i, known, how)

    by_hash: dict[str, list[Known]] = defaultdict(list)
    for k in candidates:
        by_hash[k.content_hash].append(k)
    first: dict[str, int] = defaultdict(int)  # per hash: the cards before it are all used
    for i, (_, d) in enumerate(drafts):
        if i in result or (d.explicit_id and d.explicit_id in by_explicit):
            continue
        same = by_hash.get(d.content_hash, [])
        start = first[d.content_hash]
        while start < len(same) and same[start].id in used:
            start += 1  # 20,000 identical cards: each draft skips the used ones once, not anew
        first[d.content_hash] = start
        for k in same[start:]:
            if k.id not in used and _compatible(d, k):
                used.add(k.id)
                result[i] = Match(i, k, "hash")
                break

    _match_similar(drafts, candidates, used, result)
    return [result.get(i, Match(i, None, "new")) for i in range(len(drafts))]


def _match_similar(drafts: list[tuple[str, CardDraft]], candidates: list[Known],
                   used: set[int], result: dict[int, Match]) -> None:
    """Similar cards, file by file: best pairs first."""
    from rapidfuzz import fuzz  # here, not at the top: a re-import with nothing changed skips it

    pool: dict[str, list[Known]] = defaultdict(list)
    for k in candidates:
        if k.id not in used and not k.retired:
            pool[k.path_key].append(k)
    pairs: list[tuple[float, int, int, Known]] = []
    for i, (path_key, d) in enumerate(drafts):
        if i in result or d.explicit_id or d.diagram_key or path_key not in pool:
            continue
        text = similarity_text(d.kind, d.front, d.back, d.cloze_text)
        for k in pool[path_key]:
            if k.kind != d.kind or k.explicit_id:
                continue
            # The same question with a new answer is the same card, however short.
            score = 100.0 if d.kind != "cloze" and d.front == k.front else fuzz.ratio(text, k.text)
            if score >= SIMILARITY_THRESHOLD:
                pairs.append((score, -i, k.id, k))
    for _score, neg_i, _kid, k in sorted(pairs, key=lambda p: (p[0], p[1], -p[2]), reverse=True):
        i = -neg_i
        if i in result or k.id in used:
            continue
        used.add(k.id)
        result[i] = Match(i, k, "similar")


def _compatible(d: CardDraft, k: Known) -> bool:
    """A hash match must not steal a card that carries another explicit or diagram identity."""
    if k.explicit_id and k.explicit_id != d.explicit_id:
        return False
    if k.diagram_key and d.diagram_key and k.diagram_key != d.diagram_key:
        return False
    return True
