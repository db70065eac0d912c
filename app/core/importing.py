"""Import notes into the collection: parse changed files, match identities, retire, revive."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.core.errors import ImportProblems, RetireRefused
from app.core.files import NoteFile, discover
from app.core.identity import Known, Match, match_drafts, note_key, similarity_text, unique_uid
from app.core.import_report import ImportReport
from app.core.note_walk import NoteVisit, Progress, parse_file, split_notices, walk_notes
from app.core.store import Store
from app.core.timeutil import format_utc
from importers.model import CardDraft, Problem

# The parsers (markdown-it, the diagram parsers, networkx, the suggestion rules) are imported
# when a file has changed: a re-import with nothing changed is a walk, a stat per file and the
# files table, and pays for none of them.

__all__ = ["ImportReport", "Progress", "import_paths"]


@dataclass
class _Parsed:
    note: NoteFile
    content_hash: str
    size: int
    mtime_ns: int
    drafts: list[CardDraft]
    diagrams: list[dict]
    problems: list[Problem] = field(default_factory=list)
    drill: dict | None = None  # the note's checklists, when it is a case study
    plans: dict[int, tuple[int, ...]] = field(default_factory=dict)  # a drill time plan table


def import_paths(
    store: Store,
    paths: list[Path],
    *,
    now: datetime,
    deck: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    force: bool = False,
    allow_retire: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import Markdown files or folders; unchanged files (by size, mtime, then hash) are skipped.

    A subfolder or file of a known notes root is imported under that root (ARCHITECTURE.md).
    An import that would retire more than half of a root's cards because their files are gone
    or empty (an unmounted drive) raises RetireRefused unless `allow_retire`."""
    report = ImportReport()
    known_files = store.known_files()
    groups, problems = discover(paths, sorted({Path(f["root"]) for f in known_files.values()}))
    report.problems.extend(problems)
    scan = _Scan(store, report, known_files, deck, force,
                 accepted=store.paths_with_accepted_suggestions(),
                 kept=store.all_file_problems())  # one query, not one per unchanged file
    seen: set[str] = set()
    for visit in walk_notes(groups, progress):
        seen.add(_path_key(visit.note.root, visit.note.rel))
        scan.note(visit)
    for group in groups:
        if group.is_folder:  # files known under the imported folder that are gone now
            prefix = str(group.scope) + os.sep
            for path in known_files:
                if path.startswith(prefix) and path not in seen and _gone(path):
                    scan.gone_files.append(path)
                    scan.touched.add(path)

    report.problems, report.notices = split_notices(report.problems)
    if strict and (report.problems or report.notices):
        found = report.problems + report.notices
        raise ImportProblems(f"{len(found)} problems found; --strict wrote nothing",
                             "fix them (see the list above) or import without --strict", found)

    with store.transaction(commit=not dry_run):
        store.restamp_files(scan.restamp)
        _apply(store, scan.parsed, scan.touched, scan.skipped, scan.gone_files, deck,
               format_utc(now), report, allow_retire)
    return report


@dataclass
class _Scan:
    """One import's walk over its files: which to skip, which to parse, what was found."""

    store: Store
    report: ImportReport
    known_files: dict[str, dict]
    deck: str | None
    force: bool
    accepted: set[str]
    kept: dict[str, list[tuple[int, str, bool]]]
    parsed: list[_Parsed] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # path keys whose cards are re-matched
    skipped: set[str] = field(default_factory=set)
    gone_files: list[str] = field(default_factory=list)
    restamp: list[tuple[int, int, str]] = field(default_factory=list)  # same content, new stat

    def note(self, visit: NoteVisit) -> None:
        """Skip the file when unchanged (size and mtime, then hash), else parse it."""
        note = visit.note
        report, key = self.report, _path_key(note.root, note.rel)
        old = self.known_files.get(key)
        same = (visit.problem is None and not self.force and old is not None
                and old["root"] == str(note.root) and old["deck"] == self.deck)
        if same and old and (old["size"], old["mtime_ns"]) == (visit.size, visit.mtime_ns):
            self._unchanged(note, key)
            return
        result = visit.read()
        if result.problem is not None:
            report.problems.append(result.problem)
            self.skipped.add(key)  # keep its cards: never lose data on a bad read
            return
        assert result.text is not None and result.content_hash is not None
        if same and old and old["content_hash"] == result.content_hash:
            self._unchanged(note, key)
            self.restamp.append((visit.mtime_ns, visit.size, key))  # written with the rest
            return
        self._parse(note, key, result.text, result.content_hash, visit.size, visit.mtime_ns)

    def _unchanged(self, note: NoteFile, key: str) -> None:
        self.report.files_skipped += 1
        self.skipped.add(key)
        self.report.problems.extend(_kept_problems(self.kept, key, note))

    def _parse(self, note: NoteFile, key: str, text: str, content_hash: str, size: int,
               mtime_ns: int) -> None:
        from app.core.suggesting import has_text
        from app.core.suggestion_review import accepted_drafts
        from importers.checklists import drill_case, parse_time_plan

        drafts, diagrams, problems = parse_file(text, note, deck=self.deck)
        if "<!--SR:" in text:
            self.report.osr_notes.append((str(note.root), note.rel, note.shown, text))
        self.report.problems.extend(problems)
        if key in self.accepted:  # accepted suggestions are cards too, though not written
            drafts += accepted_drafts(self.store.suggestion_decisions([key]).get(key, {}),
                                      text, note.rel, self.deck)
        if not drafts and has_text(text):
            self.report.without_cards += 1
        self.parsed.append(_Parsed(note, content_hash, size, mtime_ns, drafts, diagrams,
                                   problems, drill_case(text, note.rel), parse_time_plan(text)))
        self.touched.add(key)
        self.report.files_parsed += 1


def _gone(path: str) -> bool:
    """A known file that is no longer there (one in a folder that cannot be read is kept)."""
    try:
        return not Path(path).exists()
    except OSError:
        return False


def _kept_problems(kept: dict[str, list[tuple[int, str, bool]]], key: str,
                   note: NoteFile) -> list[Problem]:
    """The problems found when an unchanged file was last parsed: still problems."""
    return [Problem(note.shown, line, message, notice)
            for line, message, notice in kept.get(key, ())]


RETIRE_GUARD_MIN = 5  # fewer retired cards than this never need consent


def _check_retire(store: Store, roots: list[str]) -> None:
    """Refuse to retire more than half of a root's live cards without consent (`roots`: the
    root of each card to retire because its file is gone or has no cards any more)."""
    if len(roots) < RETIRE_GUARD_MIN:
        return
    for root in sorted(set(roots)):
        retire = roots.count(root)
        live = store.root_live_count(root)
        if retire >= RETIRE_GUARD_MIN and retire * 2 > live:
            raise RetireRefused(
                f"this import would retire {retire} of {live} cards of {root} "
                "(their notes are gone or empty); nothing was written",
                "if the folder is only unmounted or not synced, mount it and import again; "
                "to retire them, import again with --allow-retire", retire, live)


def _path_key(root: Path, rel: str) -> str:
    """Cards are grouped by their file's absolute path, whatever root imported them."""
    return f"{root}/{rel}"


def _apply(store: Store, parsed: list[_Parsed], touched: set[str], skipped: set[str],
           gone_files: list[str], deck: str | None, stamp: str, report: ImportReport,
           allow_retire: bool = False) -> None:
    touched_only = touched - skipped
    # Every card a draft may match is a candidate (explicit and diagram matches too), so their
    # full rows are read here once and `_update` compares against them without a query each.
    stored: dict[int, dict] = {}
    candidates: list[Known] = []
    for row in store.match_rows(touched_only):
        stored[row["id"]] = row
        candidates.append(_known(tuple(row[k] for k in _KNOWN_COLUMNS)))
    by_explicit = {}
    by_diagram = {}
    for keyed in store.keyed_rows(_KNOWN_COLUMNS):
        k = _known(keyed)
        if k.explicit_id:
            by_explicit[k.explicit_id] = k
        if k.diagram_id and k.diagram_key:
            by_diagram[(k.diagram_id, k.diagram_key)] = k

    drafts: list[tuple[str, CardDraft, _Parsed]] = []
    for p in parsed:
        for d in p.drafts:
            drafts.append((_path_key(p.note.root, p.note.rel), d, p))
    matches = match_drafts([(k, d) for k, d, _ in drafts], candidates, by_explicit, by_diagram)

    matched_ids: set[int] = set()
    family_keys: dict[str, str] = {}  # cloze family -> the note key its stored cards have
    new: list[tuple[CardDraft, _Parsed]] = []
    for (_pk, d, p), m in zip(drafts, matches, strict=True):
        if m.known is not None:
            matched_ids.add(m.known.id)
            old = stored[m.known.id]
            if d.kind == "cloze" and d.family and old["note_key"]:
                family_keys.setdefault(d.family, old["note_key"])
            _update(store, m, old, d, p, stamp, report)
        else:
            new.append((d, p))
    store.insert_cards(_new_rows(new, store.uids(), family_keys, stamp, report))

    retire = [k for k in candidates if not k.retired and k.id not in matched_ids]
    if not allow_retire:  # cards of files now gone or empty (not cards edited out of a file)
        with_cards = {_path_key(p.note.root, p.note.rel) for p in parsed if p.drafts}
        _check_retire(store, [stored[k.id]["root"] for k in retire
                              if k.path_key not in with_cards])
    store.retire_cards([k.id for k in retire])
    report.retired += len(retire)
    # cards of files skipped as unchanged count as unchanged
    if skipped:
        report.unchanged += store.live_count_in(skipped)

    store.forget_files(gone_files)
    for p in parsed:
        key = _path_key(p.note.root, p.note.rel)
        store.save_file(key, str(p.note.root), p.content_hash, p.size, p.mtime_ns, deck)
        store.save_file_problems([key], [(q.line, q.message, q.notice) for q in p.problems])
    _store_diagrams(store, parsed, touched_only, stamp, report)
    _store_drill_material(store, parsed, gone_files)


def _new_rows(new: list[tuple[CardDraft, _Parsed]], taken: set[str],
              family_keys: dict[str, str], stamp: str, report: ImportReport) -> list[dict]:
    """Rows of the new cards, their identity decided here once: uid and Anki note key."""
    rows = []
    suffixes: dict[str, int] = {}
    for d, p in new:
        uid, clashed = unique_uid(d, taken, suffixes)
        if clashed:
            report.problems.append(Problem(p.note.shown, d.line,
                                           f"id '{d.explicit_id}' is used by another card too: "
                                           "give this card its own id"))
        rows.append(_row(d, p, uid, stamp, note_key(d, uid, family_keys)))
        report.added += 1
        report.changes.append(("added", f"{d.source_path}:{d.line} {d.front[:60]}"))
    return rows


_KNOWN_COLUMNS = ("id", "uid", "kind", "root", "source_path", "content_hash", "explicit_id",
                  "diagram_id", "diagram_key", "front", "back", "cloze_text", "retired")


def _known(row: tuple) -> Known:
    (cid, uid, kind, root, source_path, content_hash, explicit_id, diagram_id, diagram_key,
     front, back, cloze_text, retired) = tuple(row)
    return Known(cid, uid, kind, f"{root}/{source_path}", content_hash, explicit_id, diagram_id,
                 diagram_key, similarity_text(kind, front, back, cloze_text), bool(retired),
                 front)


def _fields(d: CardDraft, p: _Parsed) -> dict:
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
    return json.dumps(list(items)) if items else "[]"


_SHOWN = ("kind", "deck", "front", "back", "tags", "breadcrumb", "cloze_text")


def _row(d: CardDraft, p: _Parsed, uid: str, stamp: str, key: str) -> dict:
    row = _fields(d, p)
    row.update(uid=uid, note_key=key, created_at=stamp, modified_at=stamp, state=0, retired=0,
               suspended=0)
    return row


def _update(store: Store, m: Match, old: dict, d: CardDraft, p: _Parsed, stamp: str,
            report: ImportReport) -> None:
    assert m.known is not None
    new = _fields(d, p)
    new["retired"] = 0
    if any(old[k] != new[k] for k in _SHOWN):
        new["modified_at"] = stamp
    # an unchanged card is not rewritten
    store.update_card(m.known.id, {k: v for k, v in new.items() if old[k] != v})
    where = f"{d.source_path}:{d.line} {d.front[:60]}"
    if m.known.retired:
        report.revived += 1
        report.changes.append(("revived", where))
    elif old["content_hash"] != d.content_hash:
        report.changed += 1
        report.changes.append(("changed", where))
    else:
        report.unchanged += 1


def _store_diagrams(store: Store, parsed: list[_Parsed], touched: set[str], stamp: str,
                    report: ImportReport) -> None:
    live: set[str] = set()
    for p in parsed:
        for row in p.diagrams:
            row = dict(row, root=str(p.note.root), modified_at=stamp, retired=0)
            if store.diagram_hash(row["id"]) == row["content_hash"]:
                row.pop("modified_at")  # unchanged content keeps its time (Anki mtime)
            store.save_diagram(row)
            live.add(row["id"])
            report.diagrams += 1
    store.retire_diagrams(touched, live)


def _store_drill_material(store: Store, parsed: list[_Parsed], gone_files: list[str]) -> None:
    """Case studies' checklists (rewritten with their note) and the framework's time plan."""
    store.forget_drill_cases(gone_files)
    for p in parsed:
        key = _path_key(p.note.root, p.note.rel)
        if p.drill is None:
            store.forget_drill_cases([key])
        else:
            store.save_drill_case(key, str(p.note.root), p.note.rel, p.drill)
        if p.plans:
            store.set_meta("drill_plans", json.dumps(p.plans))
