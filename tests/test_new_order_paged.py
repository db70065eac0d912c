"""The session reads new cards page by page (issue 15): the order must be exactly the order of
the earlier whole-list reading, on any collection. A differential test against that reading.
And a grade reads a bounded number of cards, however long the learning queue."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.new_order import KIND_TURNS, allowance
from app.core.scheduler import make_scheduler
from app.core.session import StudySession
from app.core.store import Store
from app.core.timeutil import format_utc

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
DECKS = ("A", "A::x", "A::x::deep", "A::y", "B", "B::z", "Ab")
Row = tuple[int, str | None, str, bool, str]


# -- the reference: the whole-list reading as it was before paging (kept verbatim) ----------
def reference_rows(store: Store, deck: str | None) -> list[Row]:
    where = "retired = 0 AND suspended = 0 AND state = 0 AND " \
            "(buried_until IS NULL OR buried_until <= ?)"
    params: list = [format_utc(NOW)]
    if deck:
        where += " AND (deck = ? OR substr(deck, 1, ?) = ?)"
        params += [deck, len(deck) + 2, deck + "::"]
    cards = store.cards(where, params, order="due IS NULL, due, id")
    return [(c.id, c.family, c.kind, c.due is not None, c.deck) for c in cards]


def reference_order(rows: list[Row], studied: Counter[str], limit: int,
                    caps: dict[str, int]) -> list[int]:
    used, caps = Counter(studied), dict(caps)

    def take(stream: list[tuple[int, str | None, str]], last: str | None
             ) -> tuple[int, str | None] | None:
        for index, (cid, family, deck) in enumerate(stream):
            if family is not None and (used[family] >= allowance(family) or (
                    family == last and family.startswith("diagram:"))):
                continue
            capping = [d for d in caps if deck == d or deck.startswith(d + "::")]
            if any(caps[d] <= 0 for d in capping):
                continue
            for d in capping:
                caps[d] -= 1
            if family is not None:
                used[family] += 1
            del stream[index]
            return cid, family
        return None

    forward = [(cid, family, deck) for cid, family, _kind, ahead, deck in rows if ahead]
    out: list[int] = []
    last_family: str | None = None
    while len(out) < limit and (pick := take(forward, None)) is not None:
        out.append(pick[0])
        last_family = pick[1]
    rest = [row for row in rows if not row[3]]
    diagram = _reference_stream([r for r in rest if r[2].startswith("diagram")])
    other = [(cid, family, deck) for cid, family, kind, _a, deck in rest
             if not kind.startswith("diagram")]
    share = len(diagram) / len(rest) if rest else 0.0
    placed = 0
    while len(out) < limit and (diagram or other):
        want = bool(diagram) and (not other or placed < share * (len(out) + 1))
        first, second = (diagram, other) if want else (other, diagram)
        got = take(first, last_family) or take(second, last_family)
        if got is None:
            break
        out.append(got[0])
        placed += int(got[1] is not None and got[1].startswith("diagram:"))
        last_family = got[1]
    return out


def _reference_stream(rows: list[Row]) -> list[tuple[int, str | None, str]]:
    by_family: dict[str, list[tuple[int, str]]] = defaultdict(list)
    deck_of = {}
    for cid, family, kind, _ahead, deck in rows:
        by_family[family or ""].append((cid, kind))
        deck_of[cid] = deck
    turns = {}
    for family, cards in by_family.items():
        seen: Counter[str] = Counter()
        keyed = []
        for cid, kind in cards:
            rank = KIND_TURNS.index(kind) if kind in KIND_TURNS else len(KIND_TURNS)
            keyed.append(((seen[kind], rank, cid), cid))
            seen[kind] += 1
        turns[family] = [(i, cid) for i, (_key, cid) in enumerate(sorted(keyed))]
    first = {family: min(cid for cid, _ in by_family[family]) for family in by_family}
    stream = sorted((index, first[family], cid, family) for family, cards in turns.items()
                    for index, cid in cards)
    return [(cid, family or None, deck_of[cid]) for _index, _first, cid, family in stream]


# -- random collections ---------------------------------------------------------------------
def _card(rng: random.Random, i: int, diagrams: int) -> dict:
    stamp = format_utc(NOW - timedelta(days=30))
    roll = rng.random()
    family: str | None = None
    kind = "basic"
    if roll < 0.3 and diagrams:
        family = f"diagram:d{rng.randrange(diagrams)}"
        kind = rng.choice([*KIND_TURNS, "diagram-other"])
    elif roll < 0.45:
        family, kind = f"note-{rng.randrange(12)}", "cloze"
    elif roll < 0.5:
        kind = "diagram-loose"  # a diagram kind outside any diagram family
    state = 0 if rng.random() < 0.8 else rng.choice((1, 2, 3))
    due = None
    if state or rng.random() < 0.06:  # a new card with a due time: brought forward by a drill
        due = format_utc(NOW - timedelta(hours=rng.randrange(1, 90)))
    buried = rng.random() < 0.05
    return {"uid": f"c{i}", "kind": kind, "deck": rng.choice(DECKS), "front": f"front {i}",
            "back": f"back {i}", "tags": "[]", "breadcrumb": json.dumps([]), "root": "",
            "source_path": "n.md", "source_line": i + 1, "content_hash": f"h{i}",
            "created_at": stamp, "modified_at": stamp, "state": state, "due": due,
            "family": family, "suspended": int(rng.random() < 0.04),
            "retired": int(rng.random() < 0.04),
            "buried_until": format_utc(NOW + timedelta(hours=5)) if buried else None}


def _collection(path: Path, rng: random.Random) -> Store:
    store = Store(path, clock=lambda: NOW)
    size = rng.choice((5, 60, 400, 1500))
    diagrams = rng.choice((0, 0, 1, 3, 9))
    with store.transaction():
        store.insert_cards([_card(rng, i, diagrams) for i in range(size)])
    return store


@pytest.mark.parametrize("seed", range(12))
def test_paged_new_order_equals_the_whole_list_order(tmp_path: Path, seed: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    store = _collection(tmp_path / "c.db", rng)
    families = sorted({r[1] for r in reference_rows(store, None) if r[1]})
    checked = 0
    for _round in range(15):
        page = rng.choice((1, 2, 7, 100))
        monkeypatch.setattr(StudySession, "_first_page", lambda _self, _limit, page=page: page)
        session = StudySession(store, clock=lambda: NOW, tz=UTC,
                               scheduler=make_scheduler(fuzz=False))
        session.deck = rng.choice((None, None, "A", "A::x", "B"))
        studied = Counter({f: rng.randrange(3) for f in rng.sample(families,
                                                                   len(families) // 3)})
        caps = {d: rng.randrange(-1, 8) for d in rng.sample(DECKS, rng.randrange(3))}
        limit = rng.choice((0, 1, 3, 20, 1000))
        got = session._new_cards(NOW, Counter(studied), limit, dict(caps))
        want = reference_order(reference_rows(store, session.deck), studied, limit, caps)
        assert got == want, (seed, session.deck, studied, caps, limit)
        checked += len(want)
    store.close()
    assert checked  # the collections give cards to compare


def test_a_day_of_new_cards_reads_a_page_not_the_collection(tmp_path: Path) -> None:
    """5,000 new cards, 20 a day: the session reads one page of them, not all."""
    store = Store(tmp_path / "c.db", clock=lambda: NOW)
    rng = random.Random(1)
    with store.transaction():
        store.insert_cards([{**_card(rng, i, 0), "state": 0, "due": None, "kind": "basic",
                             "family": None, "suspended": 0, "retired": 0,
                             "buried_until": None} for i in range(5000)])
    pages: list[int] = []
    plain_page = store.new_plain_page

    def counted(*args: object) -> list[tuple[int, str | None, str]]:
        rows = plain_page(*args)  # type: ignore[arg-type]
        pages.append(len(rows))
        return rows

    store.new_plain_page = counted  # type: ignore[method-assign]
    session = StudySession(store, clock=lambda: NOW, tz=UTC)
    assert len(session.new) == 20
    assert sum(pages) <= StudySession.NEW_PAGE < 5000
    store.close()


def test_a_grade_does_not_read_every_learning_card(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db", clock=lambda: NOW)
    rng = random.Random(2)
    rows = [{**_card(rng, i, 0), "kind": "basic", "family": None, "suspended": 0, "retired": 0,
             "buried_until": None, "state": 1 if i < 40 else 0, "stability": 1.0,
             "difficulty": 5.0, "due": format_utc(NOW + timedelta(minutes=5 + i))
             if i < 40 else None} for i in range(60)]
    with store.transaction():
        store.insert_cards(rows)
    session = StudySession(store, clock=lambda: NOW, tz=UTC, scheduler=make_scheduler(fuzz=False))
    reads: list[int] = []
    card = store.card

    def counted(card_id: int):  # type: ignore[no-untyped-def]
        reads.append(card_id)
        return card(card_id)

    store.card = counted  # type: ignore[method-assign]
    first = session.current()
    assert first is not None and first.state == 0  # learning cards not due yet: a new card
    session.grade(1, first)  # Again: it joins the learning queue, sorted by due time
    assert len(session.learning) == 41 and first.id in session.learning
    dues = [card(i).due for i in session.learning]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert len(reads) <= 45  # first read of each learning card's due time, then none
    reads.clear()
    second = session.current()
    assert second is not None
    session.grade(1, second)
    assert len(reads) <= 4, reads  # not one read per learning card
    store.close()
