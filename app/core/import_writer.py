"""Writing one parsed note at a time: match its drafts to stored cards, update, insert, and keep
what the end of the import retires (importing.py opens the transactions around it).

A file's drafts are matched against its own stored cards, retired cards, and cards of the other
files this import touches that share a content hash, explicit id or diagram key (a moved card
keeps its history). A card matched here is claimed: no later file of the import can take it.
Cards of the file left unmatched are orphans: retired at the end of a walk that finished,
unless a later file claims them first (the card moved there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from app.core.files import NoteFile, path_key
from app.core.identity import Known, Match, match_drafts, note_key, similarity_text, unique_uid
from app.core.import_report import ImportReport
from app.core.store import Store
from importers.model import CardDraft, Problem


@dataclass
class Parsed:
    """One note's work, held from its parse until it is written."""

    note: NoteFile
    content_hash: str
    size: int
    mtime_ns: int
    drafts: list[CardDraft]
    diagrams: list[dict]
    problems: list[Problem] = field(default_factory=list)
    drill: dict | None = None  # the note's checklists, when it is a case study
    plans: dict[int, tuple[int, ...]] = field(default_factory=dict)  # a drill time plan table

    @property
    def key(self) -> str:
        return path_key(self.note.root, self.note.rel)


FileRow = tuple[str, str, str, int, int, int]  # path key, root, hash, size, mtime, cards

# A new card's columns as _new_rows gives them (state, retired, suspended: their default, 0)
INSERT_COLUMNS = ("kind", "deck", "front", "back", "tags", "breadcrumb", "root", "source_path",
                  "source_line", "content_hash", "family", "explicit_id", "cloze_text",
                  "cloze_ordinal", "diagram_id", "diagram_key", "quiz", "uid", "note_key",
                  "created_at", "modified_at")
KNOWN_COLUMNS = ("id", "uid", "kind", "root", "source_path", "content_hash", "explicit_id",
                 "diagram_id", "diagram_key", "front", "back", "cloze_text", "retired")


@dataclass
class Orphan:
    """A stored card its file no longer has: retired at the end unless claimed."""

    root: str
    file_has_cards: bool  # False: the file is empty now (the retire guard counts these)


class Writer:
    """Applies parsed notes one by one inside the caller's transaction."""

    def __init__(self, store: Store, report: ImportReport, deck: str | None, stamp: str,
                 touched: set[str], *, changes: bool = True) -> None:
        self.store, self.report, self.deck, self.stamp = store, report, deck, stamp
        self.changes = changes  # keep a line per added, changed or revived card in the report
        self.touched = touched  # path keys changed or gone in this import
        self.claimed: set[int] = set()
        self.orphans: dict[int, Orphan] = {}
        self.deferred: list[FileRow] = []  # files with orphans: their row is saved at the end
        # Rows of the chunk's files, written in one statement each by end_chunk() (one
        # statement per file cost more than the file's cards)
        self._file_rows: list[FileRow] = []
        self._clean: list[str] = []  # files with no problems and no case study now
        self._not_cases: list[str] = []
        self._keyed: tuple[dict[str, Known], dict[tuple[str, str], Known]] | None = None
        self.first_new_id = store.max_card_id() + 1  # cards from here on are this import's
        self._taken: set[str] | None = None
        self._suffixes: dict[str, int] = {}  # one per import: identical cards in linear time
        self._diagram_paths: set[str] | None = None  # files that had diagrams before the import

    def _keyed_maps(self) -> tuple[dict[str, Known], dict[tuple[str, str], Known]]:
        if self._keyed is None and self.first_new_id == 1:  # no card: nothing to read (and
            self._keyed = ({}, {})  # the indexes read below are dropped in a bulk import)
        if self._keyed is None:  # read once, on the first file written
            by_explicit: dict[str, Known] = {}
            by_diagram: dict[tuple[str, str], Known] = {}
            for row in self.store.keyed_rows(KNOWN_COLUMNS):
                k = _known(row)
                if k.explicit_id:
                    by_explicit[k.explicit_id] = k
                if k.diagram_id and k.diagram_key:
                    by_diagram[(k.diagram_id, k.diagram_key)] = k
            self._keyed = (by_explicit, by_diagram)
        return self._keyed

    def write(self, p: Parsed) -> None:
        """Match, update and insert one note's cards; its file row, problems, diagrams."""
        by_explicit, by_diagram = self._keyed_maps()
        stored = self._candidate_rows(p, by_explicit, by_diagram)
        if self.first_new_id == 1:  # the collection was empty: every card is new
            matches = [_NEW] * len(p.drafts)
        else:
            candidates = [_known(tuple(row[k] for k in KNOWN_COLUMNS))
                          for row in stored.values()]
            matches = match_drafts([(p.key, d) for d in p.drafts], candidates, by_explicit,
                                   by_diagram)
        family_keys: dict[str, str] = {}  # cloze family -> the note key its stored cards have
        new: list[CardDraft] = []
        for d, m in zip(p.drafts, matches, strict=True):
            if m.known is None or m.known.id in self.claimed:
                new.append(d)
                continue
            old = stored.get(m.known.id) or self.store.card_row_dict(m.known.id)
            self._claim(m.known, by_explicit, by_diagram)
            if d.kind == "cloze" and d.family and old["note_key"]:
                family_keys.setdefault(d.family, old["note_key"])
            self._update(m, old, d, p)
        self.store.insert_card_rows(INSERT_COLUMNS, self._new_rows(new, p, family_keys))
        orphaned = False
        for row in stored.values():  # this file's cards it no longer has
            if row["id"] not in self.claimed and not row["retired"] and \
                    path_key(row["root"], row["source_path"]) == p.key:
                self.orphans[row["id"]] = Orphan(row["root"], bool(p.drafts))
                orphaned = True
        file_row = (p.key, str(p.note.root), p.content_hash, p.size, p.mtime_ns, len(p.drafts))
        if orphaned:  # stamped with the retirement, at the end: a re-import redoes it
            self.deferred.append(file_row)
        else:
            self._file_rows.append(file_row)
        if p.problems:
            self.store.save_file_problems([p.key], [(q.line, q.message, q.notice)
                                                    for q in p.problems])
        else:
            self._clean.append(p.key)
        self._store_diagrams(p)
        self._store_drill_material(p)

    def _candidate_rows(self, p: Parsed, by_explicit: dict[str, Known],
                        by_diagram: dict[tuple[str, str], Known]) -> dict[int, dict]:
        """The file's own cards, then cards of touched files or retired ones that a draft may
        take by hash, explicit id or diagram key; none already claimed, none added by this
        import (a card two new notes share is a card of each)."""
        if self.first_new_id == 1:  # the collection was empty: nothing to match
            return {}
        rows = {r["id"]: r for r in self.store.file_card_rows(str(p.note.root), p.note.rel)}
        keyed = [k.id for d in p.drafts for k in (
            by_explicit.get(d.explicit_id) if d.explicit_id else None,
            by_diagram.get((d.diagram_id, d.diagram_key))
            if d.diagram_id and d.diagram_key else None) if k is not None]
        hashes = {d.content_hash for d in p.drafts}
        for row in self.store.card_rows_by(keyed, hashes) if p.drafts else ():
            if row["id"] not in rows and (
                    row["retired"] or path_key(row["root"], row["source_path"]) in self.touched):
                rows[row["id"]] = row
        return {cid: row for cid, row in rows.items()
                if cid not in self.claimed and cid < self.first_new_id}

    def _claim(self, known: Known, by_explicit: dict[str, Known],
               by_diagram: dict[tuple[str, str], Known]) -> None:
        self.claimed.add(known.id)
        self.orphans.pop(known.id, None)  # moved here from a file written before
        if known.explicit_id and by_explicit.get(known.explicit_id, known).id == known.id:
            by_explicit.pop(known.explicit_id, None)
        if known.diagram_id and known.diagram_key:
            by_diagram.pop((known.diagram_id, known.diagram_key), None)

    def save_file_row(self, row: FileRow) -> None:
        key, root, content_hash, size, mtime_ns, cards = row
        self.store.save_file(key, root, content_hash, size, mtime_ns, self.deck, cards)

    def end_chunk(self) -> None:
        """What write() kept for the chunk's end, written inside its transaction."""
        self.store.save_files([(*row[:5], self.deck, row[5]) for row in self._file_rows])
        self.store.save_file_problems(self._clean, [])
        self.store.forget_drill_cases(self._not_cases)
        self._file_rows, self._clean, self._not_cases = [], [], []

    def _new_rows(self, new: list[CardDraft], p: Parsed, family_keys: dict[str, str]
                  ) -> list[tuple]:
        """Rows of the new cards (INSERT_COLUMNS, as tuples: a dict per card cost more than its
        insert), their identity decided here once: uid and Anki note key."""
        if self._taken is None:
            self._taken = self.store.uids()
        taken, suffixes, stamp, root = self._taken, self._suffixes, self.stamp, str(p.note.root)
        rows = []
        for d in new:
            uid, clashed = unique_uid(d, taken, suffixes)
            if clashed:
                self.report.problems.append(Problem(
                    p.note.shown, d.line, f"id '{d.explicit_id}' is used by another card too: "
                    "give this card its own id"))
            rows.append((d.kind, d.deck, d.front, d.back, _json_list(d.tags),
                         _json_list(d.breadcrumb), root, d.source_path, d.line, d.content_hash,
                         d.family, d.explicit_id, d.cloze_text, d.cloze_ordinal, d.diagram_id,
                         d.diagram_key, d.quiz, uid, note_key(d, uid, family_keys), stamp, stamp))
        self.report.added += len(rows)
        if self.changes:  # the lines `import --verbose` prints: ~40 MB at 200k cards
            self.report.changes += [("added", f"{d.source_path}:{d.line} {d.front[:60]}")
                                    for d in new]
        return rows

    def _update(self, m: Match, old: dict, d: CardDraft, p: Parsed) -> None:
        assert m.known is not None
        new = _fields(d, p)
        new["retired"] = 0
        shown = any(old[k] != new[k] for k in _SHOWN)
        if shown:
            new["modified_at"] = self.stamp
        # an unchanged card is not rewritten
        self.store.update_card(m.known.id, {k: v for k, v in new.items() if old[k] != v})
        if old["retired"]:
            self.report.revived += 1
            self._change("revived", d)
        elif shown or old["content_hash"] != d.content_hash:  # a new deck or tags is a change too
            self.report.changed += 1
            self._change("changed", d)
        else:
            self.report.unchanged += 1

    def _change(self, what: str, d: CardDraft) -> None:
        if self.changes:
            self.report.changes.append((what, f"{d.source_path}:{d.line} {d.front[:60]}"))

    def _store_diagrams(self, p: Parsed) -> None:
        live: set[str] = set()
        for row in p.diagrams:
            row = dict(row, root=str(p.note.root), modified_at=self.stamp, retired=0)
            if self.store.diagram_hash(row["id"]) == row["content_hash"]:
                row.pop("modified_at")  # unchanged content keeps its time (Anki mtime)
            self.store.save_diagram(row)
            live.add(row["id"])
            self.report.diagrams += 1
        if self._diagram_paths is None:
            self._diagram_paths = self.store.diagram_paths()
        # A file's stored diagrams are those it had before the import (a diagram takes the path
        # of the file that saves it, and a file is written once): none, nothing to retire; a
        # statement per file read the diagrams table each time (files x diagrams)
        if p.diagrams:
            self._diagram_paths.add(p.key)  # (were a file written twice)
        if p.key in self._diagram_paths:
            self.store.retire_diagrams([p.key], live)  # one moved to another file has its path

    def _store_drill_material(self, p: Parsed) -> None:
        """Case studies' checklists (rewritten with their note) and the framework's time plan."""
        if p.drill is None:
            self._not_cases.append(p.key)
        else:
            self.store.save_drill_case(p.key, str(p.note.root), p.note.rel, p.drill)
        if p.plans:
            self.store.set_meta("drill_plans", json.dumps(p.plans))


_NEW = Match(0, None, "new")  # write() reads only `known` of a match


def _known(row: tuple) -> Known:
    (cid, uid, kind, root, source_path, content_hash, explicit_id, diagram_id, diagram_key,
     front, back, cloze_text, retired) = tuple(row)
    return Known(cid, uid, kind, f"{root}/{source_path}", content_hash, explicit_id, diagram_id,
                 diagram_key, similarity_text(kind, front, back, cloze_text), bool(retired),
                 front)


def _fields(d: CardDraft, p: Parsed) -> dict:
    return {
        "kind": d.kind, "deck": d.deck, "front": d.front, "back": d.back,
        "tags": _json_list(d.tags), "breadcrumb": _json_list(d.breadcrumb),
        "root": str(p.note.root), "source_path": d.source_path, "source_line": d.line,
        "content_hash": d.content_hash, "family": d.family, "explicit_id": d.explicit_id,
        "cloze_text": d.cloze_text, "cloze_ordinal": d.cloze_ordinal,
        "diagram_id": d.diagram_id, "diagram_key": d.diagram_key,
        "quiz": d.quiz,
    }


def _json_list(items: tuple[str, ...]) -> str:
    return _json_tuple(tuple(items)) if items else "[]"


@lru_cache(maxsize=4096)  # a note's cards share their breadcrumbs and tags
def _json_tuple(items: tuple[str, ...]) -> str:
    return json.dumps(list(items))


_SHOWN = ("kind", "deck", "front", "back", "tags", "breadcrumb", "cloze_text")
