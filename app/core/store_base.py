"""What every part of the store shares: the connection, the transaction helper, the card row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.record import Record
from app.core.timeutil import parse_utc, parse_utc_required

if TYPE_CHECKING:  # loaded where a schedule is read: opening the store does not need it
    from app.core.schedule_state import ScheduleState


@dataclass(frozen=True, init=False, repr=False, eq=False)  # Record: equality, hash, repr
class CardRow(Record):
    """A stored card as the core hands it out."""

    id: int
    uid: str
    kind: str
    deck: str
    front: str
    back: str
    tags: tuple[str, ...]
    breadcrumb: tuple[str, ...]
    root: str
    source_path: str
    source_line: int
    content_hash: str
    family: str | None
    cloze_text: str | None
    cloze_ordinal: int | None
    diagram_id: str | None
    diagram_key: str | None
    quiz: str | None  # a diagram card's stored quiz (JSON), see diagrams.quiz_json
    note_key: str  # the Anki note it belongs to (cloze siblings share one), decided at import
    retired: bool
    suspended: bool
    buried_until: datetime | None
    created_at: datetime
    modified_at: datetime
    state: int  # 0 new, 1 learning, 2 review, 3 relearning (fsrs.State values)
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None

    def __init__(self, id: int, uid: str, kind: str, deck: str, front: str,  # noqa: A002
                 back: str, tags: tuple[str, ...], breadcrumb: tuple[str, ...], root: str,
                 source_path: str, source_line: int, content_hash: str, family: str | None,
                 cloze_text: str | None, cloze_ordinal: int | None, diagram_id: str | None,
                 diagram_key: str | None, quiz: str | None, note_key: str, retired: bool,
                 suspended: bool, buried_until: datetime | None, created_at: datetime,
                 modified_at: datetime, state: int, step: int | None, stability: float | None,
                 difficulty: float | None, due: datetime | None,
                 last_review: datetime | None) -> None:
        self.__dict__.update(  # in field order (app/core/record.py)
            id=id, uid=uid, kind=kind, deck=deck, front=front, back=back, tags=tags,
            breadcrumb=breadcrumb, root=root, source_path=source_path, source_line=source_line,
            content_hash=content_hash, family=family, cloze_text=cloze_text,
            cloze_ordinal=cloze_ordinal, diagram_id=diagram_id, diagram_key=diagram_key,
            quiz=quiz, note_key=note_key, retired=retired, suspended=suspended,
            buried_until=buried_until, created_at=created_at, modified_at=modified_at,
            state=state, step=step, stability=stability, difficulty=difficulty, due=due,
            last_review=last_review)

    @property
    def schedule(self) -> ScheduleState:
        from app.core.schedule_state import ScheduleState

        return ScheduleState(self.state, self.step, self.stability, self.difficulty, self.due,
                             self.last_review)

    @property
    def source(self) -> str:
        return f"{self.source_path}:{self.source_line}"

    @property
    def source_file(self) -> Path:
        return Path(self.root) / self.source_path

    @classmethod
    def from_row(cls, row: dict) -> CardRow:
        return cls(
            id=row["id"], uid=row["uid"], kind=row["kind"], deck=row["deck"],
            front=row["front"], back=row["back"], tags=tuple(json.loads(row["tags"])),
            breadcrumb=tuple(json.loads(row["breadcrumb"])), root=row["root"],
            source_path=row["source_path"], source_line=row["source_line"],
            content_hash=row["content_hash"], family=row["family"],
            cloze_text=row["cloze_text"], cloze_ordinal=row["cloze_ordinal"],
            diagram_id=row["diagram_id"], diagram_key=row["diagram_key"],
            quiz=row["quiz"], note_key=row["note_key"] or row["uid"],
            retired=bool(row["retired"]),
            suspended=bool(row["suspended"]), buried_until=parse_utc(row["buried_until"]),
            created_at=parse_utc_required(row["created_at"]),
            modified_at=parse_utc_required(row["modified_at"]),
            state=row["state"], step=row["step"], stability=row["stability"],
            difficulty=row["difficulty"], due=parse_utc(row["due"]),
            last_review=parse_utc(row["last_review"]),
        )


# How long a grade (or undo, suspend, bury) waits for the write lock before it is told the
# collection is busy: longer than an import's chunk holds it (importing.CHUNK_SECONDS).
BRIEF_WAIT_MS = 2000

# The cards a learner may study: the clause every "active" query shares.
ACTIVE = "retired = 0 AND suspended = 0"


def deck_clause(deck: str | None) -> tuple[str, list]:
    """SQL for a deck and all its subdecks. The exact test (case-sensitive, unlike LIKE) comes
    with the range [deck, deck + ":;") that holds the deck and every "deck::..." (";" follows
    ":"), so the index on deck can be read for it."""
    if not deck:
        return "1", []
    prefix = deck + "::"
    return ("(deck >= ? AND deck < ? AND (deck = ? OR substr(deck, 1, ?) = ?))",
            [deck, deck + ":;", deck, len(prefix), prefix])


def json_list(items: Iterable[str]) -> str:
    """A set of keys as one SQL parameter, read back with `json_each(?)`."""
    return json.dumps(sorted(items))


class StoreBase:
    """The connection and the one transaction helper the store's parts write through."""

    conn: sqlite3.Connection

    @contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[None]:
        """One write transaction; `commit=False` rolls it back at the end (dry runs)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT" if commit else "ROLLBACK")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk): a second ROLLBACK
            # would replace the real cause with "cannot rollback - no transaction is active"
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def brief_wait(self, ms: int = BRIEF_WAIT_MS) -> Iterator[None]:
        """Writes inside wait at most `ms` for another writer (an import's chunk) before
        SQLite says "database is locked", instead of the 10 s busy timeout: an interactive
        write retries briefly, then is told the collection is busy (never freezes the UI)."""
        before = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0])
        self.conn.execute(f"PRAGMA busy_timeout = {min(before, ms)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {before}")

    def _rows(self, sql: str, params: tuple | list = ()) -> list[CardRow]:
        return [CardRow.from_row(dict(r)) for r in self.conn.execute(sql, params)]

    def _iter_rows(self, sql: str, params: tuple | list = ()) -> Iterator[CardRow]:
        """The rows one at a time, read as they are used (constant memory on any collection)."""
        for r in self.conn.execute(sql, params):
            yield CardRow.from_row(dict(r))

    def count(self, sql: str, params: tuple | list = ()) -> int:
        return int(self.conn.execute(sql, params).fetchone()[0])

    def deck_cards(self, deck: str | None) -> tuple[str, str, list]:
        """(table, WHERE clause, params) reading a deck and its subdecks. A deck holding under
        an eighth of the cards is read through its range of the deck index: without planner
        statistics SQLite read every card of the state asked for and kept the deck's (0.1-0.2 s
        a query at 200k cards, however small the deck). A bigger deck is left to the planner,
        whose state index is the better road there."""
        where, params = deck_clause(deck)
        if not deck:
            return "cards", where, params
        top = int(self.conn.execute("SELECT coalesce(max(id), 0) FROM cards").fetchone()[0])
        # deck -> (the highest card id when counted, whether the deck held under an eighth)
        sizes: dict[str, tuple[int, bool]] = self.__dict__.setdefault("_small_decks", {})
        known = sizes.get(deck)
        if known is None or known[0] != top:  # cards were added since: count again
            bound = top // 8 + 1  # counting stops there: a few ms at most
            held = self.count("SELECT count(*) FROM (SELECT 1 FROM cards INDEXED BY cards_deck "
                              f"WHERE {where} LIMIT ?)", [*params, bound])
            known = sizes[deck] = (top, held < bound)
        return ("cards INDEXED BY cards_deck" if known[1] else "cards"), where, params
