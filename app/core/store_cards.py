"""Reading cards: one card, lists and searches, study queues, counts per deck and state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from app.core.errors import StoreError
from app.core.store_base import ACTIVE, CardRow, StoreBase
from app.core.timeutil import format_utc

_UNBURIED = "(buried_until IS NULL OR buried_until <= ?)"
# What an export reads of a card (app/core/export_values.py unpacks them in this order).
EXPORT_COLUMNS = ("uid", "kind", "deck", "front", "back", "modified_at", "source_path",
                  "source_line", "tags", "breadcrumb", "family", "note_key", "cloze_text",
                  "cloze_ordinal", "diagram_id", "diagram_key", "root")
_DIAGRAM = "kind GLOB 'diagram*'"  # as kind.startswith("diagram"): case-sensitive, unlike LIKE
_LISTED = "deck, source_path, source_line, id"
_STATE_SQL = {
    "new": f"{ACTIVE} AND state = 0",
    "learning": f"{ACTIVE} AND state = 1",
    "review": f"{ACTIVE} AND state = 2",
    "relearning": f"{ACTIVE} AND state = 3",
    "suspended": "retired = 0 AND suspended = 1",
    "retired": "retired = 1",
    "any": "retired = 0",
}
# The states most cards are in: a search of one reads the deck index in note order (a rarer
# state is found faster through the state index).
_COMMON_STATES = ("any", "new", "review")
SEARCH_STATES = ("any", "new", "learning", "review", "relearning", "suspended", "retired")
# Browse's sort columns: each a whitelisted ORDER BY (ties in note order); new cards have no due
_STATE_RANK = "CASE WHEN retired THEN 6 WHEN suspended THEN 5 ELSE state END"
SEARCH_ORDERS = {
    "front": "front COLLATE NOCASE {dir}, id",
    "deck": f"deck COLLATE NOCASE {{dir}}, {_LISTED}",
    "state": f"{_STATE_RANK} {{dir}}, {_LISTED}",
    "due": f"due IS NULL, due {{dir}}, {_LISTED}",
}


class CardQueries(StoreBase):
    """The read side of `cards`, plus the two flags a learner sets (suspend, bury)."""

    def card(self, card_id: int) -> CardRow:
        row = self.conn.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            raise StoreError(f"no card with id {card_id}", "run 'blueprint list' to see cards")
        return CardRow.from_row(dict(row))

    def cards(self, where: str = "1", params: tuple | list = (),
              order: str = "id") -> list[CardRow]:
        """Cards by a raw filter: for tests and tools; the app uses the named reads below."""
        return self._rows(f"SELECT * FROM cards WHERE {where} ORDER BY {order}", params)

    def find_cards(self, ident: str) -> list[CardRow]:
        """Cards whose uid is `ident` or starts with it, or the diagram card `diagram_id:key`."""
        return self._rows(
            "SELECT * FROM cards WHERE uid = ? OR substr(uid, 1, length(?)) = ? "
            "OR (diagram_id || ':' || diagram_key) = ? ORDER BY uid = ? DESC, id LIMIT 20",
            (ident, ident, ident, ident, ident))

    def is_empty(self) -> bool:
        return self.count("SELECT count(*) FROM cards") == 0

    def decks(self) -> list[str]:
        # The deck index is in deck order: no temporary B-tree of every card's deck (200k
        # cards in 15k decks: 0.65 -> 0.20 s; the same for deck_count_rows, 0.88 -> 0.35 s)
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT deck FROM cards INDEXED BY cards_deck WHERE retired = 0 "
            "ORDER BY deck")]

    def tags(self) -> list[str]:
        """Every live card's tags, sorted. Cards of a note share their tag list: the distinct
        lists are read and parsed here, not each card's list opened by json_each (at 200k
        cards 434 -> 197 ms of CPU, medians of 5 alternating). Python's string order is
        SQLite's (code points, as UTF-8 bytes)."""
        found: set[str] = set()
        for (text,) in self.conn.execute("SELECT DISTINCT tags FROM cards WHERE retired = 0"):
            tags = json.loads(text)
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                return self._tags_in_sql()  # (never written so: an import writes strings)
            found.update(tags)
        return sorted(found)

    def _tags_in_sql(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT value FROM cards, json_each(cards.tags) WHERE retired = 0 "
            "ORDER BY 1")]

    def list_cards(self, *, deck: str | None = None, due_before: datetime | None = None,
                   include_retired: bool = True) -> list[CardRow]:
        """Cards of a deck in note order; with `due_before`, only active cards due by then."""
        return list(self.iter_cards(deck=deck, due_before=due_before,
                                    include_retired=include_retired))

    def iter_cards(self, *, deck: str | None = None, due_before: datetime | None = None,
                   include_retired: bool = True) -> Iterator[CardRow]:
        """`list_cards`, one card at a time as the caller reads them."""
        table, where, params = self.deck_cards(deck)
        if due_before is not None:
            where += f" AND {ACTIVE} AND state != 0 AND due < ?"
            params.append(format_utc(due_before))
        elif not include_retired:
            where += " AND retired = 0"
        return self._iter_rows(f"SELECT * FROM {table} WHERE {where} ORDER BY {_LISTED}",
                               params)

    def search_cards(self, *, text: str = "", deck: str | None = None, tag: str | None = None,
                     state: str = "any", limit: int = 500, order: str | None = None,
                     descending: bool = False) -> list[CardRow]:
        """Cards whose front, back or source hold `text` (case-insensitive), filtered; in note
        order, or sorted by one of `SEARCH_ORDERS` (new cards, with no due date, last by due)."""
        if order is not None and order not in SEARCH_ORDERS:
            raise ValueError(f"unknown order {order!r}: one of {', '.join(SEARCH_ORDERS)}")
        if state not in _STATE_SQL:
            raise ValueError(f"unknown state {state!r}: one of {', '.join(SEARCH_STATES)}")
        table, where, params = self.deck_cards(deck)
        if order is None and state in _COMMON_STATES:
            # Note order is the deck index's order: read until `limit` rows pass, not every
            # card of the state then sorted (0.17-0.47 s -> 0.06-0.15 s at 200k cards).
            table = "cards INDEXED BY cards_deck"
        where += f" AND {_STATE_SQL[state]}"
        if text.strip():
            like = f"%{text.strip()}%"
            where += " AND (front LIKE ? OR back LIKE ? OR source_path LIKE ?)"
            params += [like, like, like]
        if tag:
            where += (" AND EXISTS (SELECT 1 FROM json_each(cards.tags) "
                      "WHERE value = ? COLLATE NOCASE)")
            params.append(tag.lstrip("#"))
        sort = (_LISTED if order is None
                else SEARCH_ORDERS[order].format(dir="DESC" if descending else "ASC"))
        return self._rows(f"SELECT * FROM {table} WHERE {where} ORDER BY {sort} LIMIT ?",
                          [*params, int(limit)])

    def exportable_cards(self, deck: str | None = None) -> list[CardRow]:
        """Active cards of the decks in package order (cloze siblings by ordinal)."""
        table, where, params = self.deck_cards(deck)
        return self._rows(
            f"SELECT * FROM {table} WHERE {ACTIVE} AND {where} "
            "ORDER BY deck, source_path, source_line, cloze_ordinal, id", params)

    def export_rows(self, deck: str | None = None) -> Iterator[tuple]:
        """`exportable_cards` as plain tuples of the columns an export reads (EXPORT_COLUMNS),
        in the same order: no CardRow, no time or JSON parsed that the export does not use."""
        table, where, params = self.deck_cards(deck)
        cursor = self.conn.execute(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM {table} WHERE {ACTIVE} AND {where} "
            "ORDER BY deck, source_path, source_line, cloze_ordinal, id", params)
        cursor.row_factory = None  # tuples, not sqlite3.Row: a tenth of the cost per row
        return iter(cursor)

    # -- study queues ----------------------------------------------------------------------
    def learning_ids(self, deck: str | None, now: datetime, before: datetime) -> list[int]:
        """Active, unburied cards in (re)learning due before `before`, soonest first."""
        table, where, params = self.deck_cards(deck)
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE {ACTIVE} AND {where} AND {_UNBURIED} "
            "AND state IN (1, 3) AND due < ? ORDER BY due",
            (*params, format_utc(now), format_utc(before)))
        return [r[0] for r in rows]

    def queue_page(self, queue: str, deck: str | None, now: datetime, before: datetime,
                   limit: int, offset: int) -> list[tuple[int, str | None, str]]:
        """(id, family, deck) of one page of the "review" (due before `before`) or "new"
        queue."""
        table, where, params = self.deck_cards(deck)
        sql = f"SELECT id, family, deck FROM {table} WHERE {ACTIVE} AND {where} AND {_UNBURIED} "
        args: list = [*params, format_utc(now)]
        if queue == "review":
            sql += "AND state = 2 AND due < ? ORDER BY due, id"
            args.append(format_utc(before))
        elif queue == "new":
            # A new card with a due time is one a drill brought forward: it comes first.
            sql += "AND state = 0 ORDER BY due IS NULL, due, id"
        else:
            raise ValueError(queue)
        return [(r[0], r[1], r[2]) for r in self.conn.execute(f"{sql} LIMIT ? OFFSET ?",
                                                               (*args, limit, offset))]

    def new_few_rows(self, deck: str | None, now: datetime
                     ) -> list[tuple[int, str | None, str, bool, str]]:
        """(id, family, kind, brought forward, deck) of the new cards that may be studied now
        and that `order_new` must see all of: the ones a drill brought forward (they have a
        due time), soonest first, then the diagram cards in id order."""
        table, where, params = self.deck_cards(deck)
        new = f"{ACTIVE} AND {where} AND {_UNBURIED} AND state = 0"
        args = (*params, format_utc(now))
        ahead = self.conn.execute(  # a range of cards_due (or of a small deck's cards_deck)
            f"SELECT id, family, kind, deck FROM {table} WHERE {new} AND due IS NOT NULL "
            "ORDER BY due, id", args).fetchall()
        # The diagram cards' own index (partial, in state and id order; see _migrate_11), not
        # a read of every new card's row.
        diagram = self.conn.execute(
            "SELECT id, family, kind, deck FROM cards INDEXED BY cards_diagram_state "
            f"WHERE {new} AND due IS NULL AND {_DIAGRAM} ORDER BY id", args)
        return [(r[0], r[1], r[2], ahead_, r[3]) for ahead_, rows in ((True, ahead),
                                                                       (False, diagram))
                for r in rows]

    def new_plain_page(self, deck: str | None, now: datetime, after: int, limit: int
                       ) -> list[tuple[int, str | None, str]]:
        """(id, family, deck) of up to `limit` of the other new cards (not brought forward, not
        of a diagram) with ids above `after`, in id order."""
        table, where, params = self.deck_cards(deck)
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            f"SELECT id, family, deck FROM {table} WHERE {ACTIVE} AND {where} AND {_UNBURIED} "
            f"AND state = 0 AND due IS NULL AND NOT {_DIAGRAM} AND id > ? ORDER BY id LIMIT ?",
            (*params, format_utc(now), after, limit))]

    def new_plain_count(self, deck: str | None, now: datetime) -> int:
        """How many cards `new_plain_page` would give in all."""
        table, where, params = self.deck_cards(deck)
        return self.count(
            f"SELECT count(*) FROM {table} WHERE {ACTIVE} AND {where} AND {_UNBURIED} "
            f"AND state = 0 AND due IS NULL AND NOT {_DIAGRAM}", (*params, format_utc(now)))

    # -- every deck's queues at once (the deck list's counts, deck_offers.py) ----------------
    def review_rows(self, now: datetime, before: datetime) -> list[tuple]:
        """(deck, due, id, family) of every deck's "review" queue due before `before`
        (`queue_page`), by deck, then in the queue's order: the active cards' deck index alone
        (schema 13), no card row read."""
        return self._tuples(
            "SELECT deck, due, id, family FROM cards INDEXED BY cards_deck_day "
            f"WHERE {ACTIVE} AND {_UNBURIED} AND state = 2 AND due < ? ORDER BY deck, due, id",
            (format_utc(now), format_utc(before)))

    def new_rows(self, now: datetime) -> list[tuple]:
        """(deck, due, id, family) of every deck's new cards that may be studied now, by deck:
        the ones without a due time by id, then the ones a drill brought forward by due time
        (from the same index)."""
        return self._tuples(
            "SELECT deck, due, id, family FROM cards INDEXED BY cards_deck_day "
            f"WHERE {ACTIVE} AND {_UNBURIED} AND state = 0 ORDER BY deck, due, id",
            (format_utc(now),))

    def decks_with_diagram_families(self, now: datetime) -> set[str]:
        """Decks with new cards `new_plain_page` gives whose family is a diagram's (a card of
        another kind in a diagram's family): through the family index's range of them."""
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT deck FROM cards INDEXED BY cards_family "
            "WHERE family >= 'diagram:' AND family < 'diagram;' AND "
            f"{ACTIVE} AND {_UNBURIED} AND state = 0 AND due IS NULL AND NOT {_DIAGRAM}",
            (format_utc(now),))}

    def _tuples(self, sql: str, params: tuple) -> list[tuple]:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = None  # plain tuples
        return cursor.fetchall()

    def new_diagram_rows(self, now: datetime) -> list[tuple[int, str | None, str, str]]:
        """(id, family, kind, deck) of every deck's new diagram cards that `new_few_rows` reads
        as not brought forward, by id."""
        return self._tuples(
            "SELECT id, family, kind, deck FROM cards INDEXED BY cards_diagram_state "
            f"WHERE {ACTIVE} AND {_UNBURIED} AND state = 0 AND due IS NULL AND {_DIAGRAM} "
            "ORDER BY id", (format_utc(now),))

    def sibling_ids(self, card_id: int, family: str) -> list[int]:
        """Active siblings of a card not in (re)learning: the ones a grade buries."""
        # INDEXED BY: without statistics SQLite preferred cards_due, reading every active
        # card on each grade (0.14-0.6 s at 200k cards); a family has a handful
        rows = self.conn.execute(
            "SELECT id FROM cards INDEXED BY cards_family WHERE family = ? AND id != ? AND "
            f"{ACTIVE} AND state != 1 AND state != 3", (family, card_id))
        return [r[0] for r in rows]

    # -- counts ----------------------------------------------------------------------------
    def state_counts(self) -> list[tuple[int, bool, bool, int]]:
        """(state, retired, suspended, cards) for every combination present."""
        return [(r[0], bool(r[1]), bool(r[2]), r[3]) for r in self.conn.execute(
            "SELECT state, retired, suspended, count(*) FROM cards GROUP BY 1, 2, 3")]

    def due_count(self, before: datetime) -> int:
        return self.count(f"SELECT count(*) FROM cards WHERE {ACTIVE} AND state != 0 AND "
                          "due < ?", (format_utc(before),))

    def due_times(self, before: datetime) -> list[str]:
        """Due times (UTC text) of active cards already studied, due before `before`."""
        return [r[0] for r in self.conn.execute(
            f"SELECT due FROM cards WHERE {ACTIVE} AND state != 0 AND due < ?",
            (format_utc(before),))]

    def deck_count_rows(self, now: datetime, before: datetime
                        ) -> list[tuple[str, int, int, int, int]]:
        """Per stored deck: (deck, new, learning due, review due, active cards), from the
        active cards' deck index alone (schema 13; at 200k cards in 15k decks 130 -> 72 ms of CPU,
        medians of 7 alternating with the deck index of each card's row), in its order."""
        end = format_utc(before)
        return self._tuples(  # (sums are 0, not NULL: a group has rows)
            "SELECT deck, coalesce(sum(state = 0), 0), "
            "coalesce(sum(state IN (1, 3) AND due < ?), 0), "
            "coalesce(sum(state = 2 AND due < ?), 0), count(*) "
            f"FROM cards INDEXED BY cards_deck_day WHERE {ACTIVE} AND {_UNBURIED} "
            "GROUP BY deck ORDER BY deck", (end, end, format_utc(now)))

    # -- flags -----------------------------------------------------------------------------
    def set_suspended(self, card_ids: list[int], suspended: bool) -> None:
        with self.transaction():
            self.conn.executemany("UPDATE cards SET suspended = ? WHERE id = ?",
                                  [(int(suspended), cid) for cid in card_ids])

    def bury_until(self, card_ids: list[int], until: datetime | None) -> None:
        value = format_utc(until) if until is not None else None
        with self.transaction():
            self.conn.executemany("UPDATE cards SET buried_until = ? WHERE id = ?",
                                  [(value, cid) for cid in card_ids])
