"""Import notes into the collection: parse changed files, match identities, retire, revive.

Streamed (ARCHITECTURE.md, "Import"): the walk stats every file first and reads none; a
re-import with nothing changed ends there (the files table holds each file's size, mtime and live
card count). Changed files are then read, parsed and written one at a time, in chunks of at
most CHUNK_CARDS cards (FRESH_CHUNKS times more into an empty collection), each chunk one short
transaction parsed outside it: a review's grade gets the write lock between chunks, and memory
holds one chunk's work. What the import retires (cards gone from their notes, notes gone) is
written last, only after a walk that finished, together with the rows of the files that lost
cards: an interrupted import is completed by the next one. `--strict` and `--dry-run` write
everything in one transaction, rolled back when `--strict` finds a problem and always for a dry
run. A large first import (BULK_MIN_NOTES notes into a collection with no card) is one
transaction too, its chunks savepoints and its card indexes built at its end.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import ImportProblems, RetireRefused
from app.core.files import ImportGroup, NoteFile, discover, path_key
from app.core.import_report import ImportReport
from app.core.note_walk import (
    NoteVisit,
    Progress,
    plain_note,
    split_notices,
    visit_note,
)
from app.core.store import Store
from app.core.store_notes import KnownFile
from app.core.timeutil import format_utc
from importers.problem import Problem

if TYPE_CHECKING:  # the writer (identity matching) loads when a file changed
    from app.core.import_pipeline import Known, Prep
    from app.core.import_writer import Parsed, Writer

# The parsers (markdown-it, the diagram parsers, networkx, the suggestion rules) are imported
# when a file has changed: a re-import with nothing changed is a walk, a stat per file and the
# files table, and pays for none of them.

__all__ = ["CHUNK_CARDS", "ImportReport", "Progress", "import_paths"]

CHUNK_CARDS = 2000  # cards written per transaction at most (a few tens of ms of write lock)
CHUNK_FILES = 200  # and files
# Into a collection with no card yet (nothing to review or match until this import's cards land),
# chunks are this many times larger: each commit writes every index page its cards dirtied
# (the uid, content-hash and cloze-family indexes take random keys: most of their pages, every
# chunk), so 200k cards in chunks of 2,000 wrote 1.0 GB of WAL, in chunks of 10,000 0.44 GB;
# the write lock is then held ~0.3 s a chunk, within an interactive write's brief wait (2 s).
FRESH_CHUNKS = 5
# From this many changed notes on, an import into a collection with no card writes them in one
# transaction whose card indexes are built at its end (store_notes.cards_in_bulk): each chunk a
# savepoint, so an error or an interrupt still keeps the chunks written before it.
BULK_MIN_NOTES = 200


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
    waiting: Callable[[], None] | None = None,
    changes: bool = False,
) -> ImportReport:
    """Import Markdown files or folders; unchanged files (by size, mtime, then hash) are skipped.

    A subfolder or file of a known notes root is imported under that root (ARCHITECTURE.md).
    An import that would retire more than half of a root's cards because their files are gone
    or empty (an unmounted drive) raises RetireRefused unless `allow_retire`: nothing is
    retired then (changed notes may have been written already, in their chunks).
    Imports into one collection run one at a time (import_lock): `waiting` is called when this
    one has to wait for another. `changes`: list each added, changed or revived card in the
    report's `changes` (`import --verbose`; a line per card is ~40 MB at 200k cards)."""
    from app.core.import_lock import one_import_at_a_time

    with one_import_at_a_time(store.path, waiting):
        return _import(store, paths, now=now, deck=deck, strict=strict, dry_run=dry_run,
                       force=force, allow_retire=allow_retire, progress=progress,
                       changes=changes)


def _import(store: Store, paths: list[Path], *, now: datetime, deck: str | None, strict: bool,
            dry_run: bool, force: bool, allow_retire: bool, progress: Progress | None,
            changes: bool) -> ImportReport:
    report = ImportReport()
    with _cycles_not_collected():
        known = store.known_files()
        groups, problems = discover(paths, sorted(Path(r) for r in {f[2] for f in
                                                                     known.values()}))
        report.problems.extend(problems)
        plan = _plan(store, report, known, groups, deck, force)
    whole = strict or dry_run  # one transaction: nothing is written unless all is
    if not plan.changed and not plan.gone and not whole:
        report.problems, report.notices = split_notices(report.problems)
        return report  # nothing changed: no transaction, no write lock
    from app.core.import_writer import Writer

    writer = Writer(store, report, deck, format_utc(now), plan.touched, changes=changes)
    if not allow_retire and not whole:  # gone notes alone: refused before anything is written
        _check_retire(store, [r for r, n in plan.gone.values() for _ in range(n)])
    bulk = not whole and writer.first_new_id == 1 and len(plan.changed) >= BULK_MIN_NOTES
    with store.import_settings(), _fewer_collections(), \
            store.transaction(commit=not dry_run) if whole else nullcontext():
        with store.cards_in_bulk() if bulk else nullcontext():
            _write_changed(store, plan, writer, deck, progress, chunked=not whole)
        report.problems, report.notices = split_notices(report.problems)
        if strict and (report.problems or report.notices):
            found = report.problems + report.notices
            raise ImportProblems(f"{len(found)} problems found; --strict wrote nothing",
                                 "fix them (see the list above) or import without --strict",
                                 found)
        with nullcontext() if whole else store.transaction():
            _finish(store, plan, writer, allow_retire)
    return report


class _Plan:
    """What the walk found: the files to read, the notes gone, the keys whose cards move.
    (A plain class: a dataclass is compiled at every start-up.)"""

    def __init__(self, known: dict[str, KnownFile], force: bool) -> None:
        self.changed: list[NoteVisit] = []
        self.gone: dict[str, tuple[str, int]] = {}  # key -> (root, live cards)
        self.touched: set[str] = set()
        self.known = known
        self.hashes: dict[str, str] = {}  # read only when a file changed
        self.force = force  # parse every file, even one whose content is the same


def _plan(store: Store, report: ImportReport, known: dict[str, KnownFile],
          groups: list[ImportGroup], deck: str | None, force: bool) -> _Plan:
    """Stat every note (nothing read): unchanged ones are counted and their problems kept.
    The walk's own stat is compared here, in one loop and without an object per unchanged
    note: at 20,000 notes this loop is most of what a no-change re-import costs."""
    plan = _Plan(known=known, force=force)
    kept = store.all_file_problems()  # one query, not one per unchanged file
    seen: set[str] = set()
    skipped = unchanged = 0
    for group in groups:
        root = str(group.root)
        prefix = root + "/"  # the path key (files.path_key), its root text made once
        for note in group.files:
            key = prefix + note.rel
            seen.add(key)
            if note.size < 0:  # a file given by name: stat'ed now (a failure told on reading)
                _take_stat(note)
            old = known.get(key)
            if old is not None and not force and old[0] == note.size and \
                    old[1] == note.mtime_ns and old[2] == root and old[3] == deck:
                skipped += 1
                unchanged += old[4]
                if key in kept:  # problems of an unchanged file: still reported
                    report.problems += [Problem(note.shown, line, message, notice)
                                        for line, message, notice in kept[key]]
                continue
            plan.changed.append(visit_note(note))  # a stat that failed: its problem, later
            plan.touched.add(key)
    report.files_skipped += skipped
    report.unchanged += unchanged
    _plan_gone(plan, groups, seen)
    return plan


def _take_stat(note: NoteFile) -> None:
    try:
        st = os.stat(note.real)
    except OSError:
        return
    note.size, note.mtime_ns = st.st_size, st.st_mtime_ns


def _plan_gone(plan: _Plan, groups: list[ImportGroup], seen: set[str]) -> None:
    """Files known under an imported folder that are gone now."""
    missing = plan.known.keys() - seen  # one set difference: usually empty
    for group in groups:
        if group.is_folder and missing:
            prefix = str(group.scope) + os.sep
            for path, row in plan.known.items():  # in the table's order, as before
                if path in missing and path.startswith(prefix) and _gone(path):
                    plan.gone[path] = (row[2], row[4])
                    plan.touched.add(path)


def _write_changed(store: Store, plan: _Plan, writer: Writer, deck: str | None,
                   progress: Progress | None, *, chunked: bool) -> None:
    """Read, parse and write the changed notes, a chunk per transaction when `chunked` (the
    reading and parsing in a second process when there are many: import_pipeline)."""
    from app.core.import_pipeline import Known, prepared_notes

    chunk: list[Parsed] = []
    cards = 0
    restamp: list[tuple[int, int, str]] = []
    accepted = store.paths_with_accepted_suggestions() if plan.changed else set()
    if plan.changed:  # read before any write, as `known` was
        plan.hashes = store.file_hashes()
    known = Known(plan.known, plan.hashes, plan.force, deck, accepted)
    total = len(plan.changed)
    times = FRESH_CHUNKS if writer.first_new_id == 1 else 1
    most_cards, most_files = CHUNK_CARDS * times, CHUNK_FILES * times
    with prepared_notes(plan.changed, known, worker=chunked) as preps:
        for done, (visit, prep) in enumerate(zip(plan.changed, preps, strict=True), 1):
            if progress:
                progress(done, total, visit.note.rel)
            parsed = _take(store, writer.report, visit, prep, known, restamp)
            if parsed is not None:
                chunk.append(parsed)
                cards += len(parsed.drafts)
            if cards >= most_cards or len(chunk) + len(restamp) >= most_files:
                with _chunk(store, chunked):
                    _flush(store, writer, chunk, restamp)
                cards = 0
    with _chunk(store, chunked):
        _flush(store, writer, chunk, restamp)


@contextmanager
def _cycles_not_collected() -> Iterator[None]:
    """The walk makes an object or two per note and no reference cycles: the cycle collector
    would only scan them again and again (a few percent of a re-import at 20,000 notes)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Parsing and writing allocate many short-lived objects (tokens, drafts, rows) and few
    cycles: the cycle collector runs every 10,000 allocations, not 700 (0.7 -> 0.3 s of
    collector time in an import of 200k cards); the threshold is restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 10_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _chunk(store: Store, chunked: bool) -> Iterator[None]:
    if not chunked:
        yield
        return
    with store.import_chunk():
        yield


def _flush(store: Store, writer: Writer, chunk: list[Parsed],
           restamp: list[tuple[int, int, str]]) -> None:
    store.restamp_files(restamp)
    for parsed in chunk:
        writer.write(parsed)
    writer.end_chunk()
    chunk.clear()
    restamp.clear()


def _take(store: Store, report: ImportReport, visit: NoteVisit, prep: Prep, known: Known,
          restamp: list[tuple[int, int, str]]) -> Parsed | None:
    """The note parsed, or None: unreadable (its cards kept) or the same content re-stamped."""
    from app.core.import_writer import Parsed

    note = visit.note
    key = path_key(note.root, note.rel)
    if prep.problem is not None:
        report.problems.append(prep.problem)  # keep its cards: never lose data on a bad read
        return None
    assert prep.content_hash is not None
    if prep.drafts is None:  # the same content as stored (import_pipeline.Known.same)
        old = known.known[key]
        report.files_skipped += 1
        report.unchanged += old[4]
        restamp.append((visit.mtime_ns, visit.size, key))  # written with the next chunk
        return None
    assert prep.diagrams is not None and prep.problems is not None
    drafts = prep.drafts
    if prep.text is not None and "<!--SR:" in prep.text:
        report.osr_notes.append((str(note.root), note.rel, note.shown, prep.text))
    report.problems.extend(prep.problems)
    plain = prep.plain
    if key in known.accepted:  # accepted suggestions are cards too, though not written
        from app.core.suggestion_review import accepted_drafts  # the suggestion rules: here only

        assert prep.text is not None
        drafts += accepted_drafts(store.suggestion_decisions([key]).get(key, {}),
                                  prep.text, note.rel, known.deck)
        plain = plain_note(drafts, prep.problems, prep.text)
    if plain:
        report.without_cards += 1
    report.files_parsed += 1
    return Parsed(note, prep.content_hash, visit.size, visit.mtime_ns, drafts, prep.diagrams,
                  prep.problems, prep.drill, prep.plans or {})


def _finish(store: Store, plan: _Plan, writer: Writer, allow_retire: bool) -> None:
    """The end of a walk that finished: retire what is gone, stamp the files that lost cards."""
    retire = [(cid, o.root) for cid, o in writer.orphans.items()]
    guarded = [o.root for o in writer.orphans.values() if not o.file_has_cards]
    for path, (root, _) in plan.gone.items():
        rel = path[len(root) + 1:] if path.startswith(root + "/") else path
        for cid in store.live_card_ids(root, rel):
            if cid not in writer.claimed:
                retire.append((cid, root))
                guarded.append(root)
    if not allow_retire:
        _check_retire(store, guarded)
    store.retire_cards([cid for cid, _ in retire])
    writer.report.retired += len(retire)
    gone = list(plan.gone)
    store.forget_files(gone)
    store.retire_diagrams(gone, ())
    store.forget_drill_cases(gone)
    for row in writer.deferred:
        writer.save_file_row(row)


def _gone(path: str) -> bool:
    """A known file that is no longer there (one in a folder that cannot be read is kept)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


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
                "(their notes are gone or empty); none were retired",
                "if the folder is only unmounted or not synced, mount it and import again; "
                "to retire them, import again with --allow-retire", retire, live)
