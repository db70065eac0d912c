"""Read and parse changed notes for an import, in this process or in one forked worker.

`prepare` is what reading a changed note derives from its bytes alone (its hash, problems of
the read, card drafts, diagram rows, drill case, time plan, the plain-note test): no store, no
report. `prepared_notes` yields it for every changed note in order, either here, one note at a
time (today's path), or from a worker process on the machine's second core while this process
writes (ARCHITECTURE.md, "Import"): results come back in order through a queue of at most
WINDOW batches, so the worker runs at most about two chunks ahead and memory stays bounded.
When the worker's next batch is not there yet, this process prepares the next unclaimed batch
itself (at most OWN ahead): the slower side is helped, whichever it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from app.core.errors import BlueprintError
from app.core.files import path_key
from app.core.note_walk import NoteVisit, parse_file, plain_note
from importers.model import CardDraft
from importers.problem import Problem

if TYPE_CHECKING:
    from app.core.store_notes import KnownFile

PIPELINE_MIN_FILES = 200  # fewer changed notes: forking a worker is not worth its start-up
BATCH = 50  # notes per message from the worker
WINDOW = 8  # batches the worker may have ready and unread: 400 notes, two chunks' worth
OWN = 2  # batches this process may have prepared ahead of the one it writes


class Prep(NamedTuple):
    """One changed note as read: a read problem, or its hash and (unless its content is the
    same as stored) what its text gives. `text` is kept only when the importer needs it later
    (Obsidian review flags, accepted suggestions)."""

    problem: Problem | None
    content_hash: str | None
    drafts: list[CardDraft] | None = None
    diagrams: list[dict] | None = None
    problems: list[Problem] | None = None
    drill: dict | None = None
    plans: dict[int, tuple[int, ...]] | None = None
    plain: bool = False
    text: str | None = None


class Known(NamedTuple):
    """What deciding "same content as stored" needs: read before any write, never changed."""

    known: dict[str, KnownFile]
    hashes: dict[str, str]
    force: bool
    deck: str | None
    accepted: set[str]

    def same(self, key: str, root: str, content_hash: str) -> bool:
        old = self.known.get(key)
        return not self.force and old is not None and self.hashes.get(key) == content_hash \
            and old[2] == root and old[3] == self.deck


@cache
def _checklists() -> tuple[Callable[[str, str], dict | None],
                           Callable[[str], dict[int, tuple[int, ...]]]]:
    """The checklist readers, imported at the first note prepared (cached: an import
    statement per note costs more)."""
    from importers.checklists import drill_case, parse_time_plan

    return drill_case, parse_time_plan


def prepare(visit: NoteVisit, known: Known) -> Prep:
    """Read one note and derive from its text all that needs no store."""
    drill_case, parse_time_plan = _checklists()
    note = visit.note
    result = visit.read()
    if result.problem is not None:
        return Prep(result.problem, None)
    assert result.text is not None and result.content_hash is not None
    key = path_key(note.root, note.rel)
    if known.same(key, str(note.root), result.content_hash):
        return Prep(None, result.content_hash)
    text = result.text
    drafts, diagrams, problems = parse_file(text, note, deck=known.deck)
    accepted = key in known.accepted  # its plain-note test waits for the accepted cards
    keep = accepted or "<!--SR:" in text
    return Prep(None, result.content_hash, drafts, diagrams, problems,
                drill_case(text, note.rel), parse_time_plan(text),
                not accepted and plain_note(drafts, problems, text), text if keep else None)


def worth_a_worker(changed: int) -> bool:
    """A worker pays off for many changed notes on two cores; it is forked only from a
    process with one thread (a fork copies no other thread, and the locks they held stay
    held: the TUI imports in a thread, and parses in it as before)."""
    if changed < PIPELINE_MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    import multiprocessing

    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def prepared_notes(visits: list[NoteVisit], known: Known, *, worker: bool
                   ) -> Iterator[Iterator[Prep]]:
    """Every visit's Prep in order: from a forked worker when allowed and worth it, else read
    here (`--strict` and `--dry-run` read here: one transaction, nothing to overlap)."""
    if not worker or not worth_a_worker(len(visits)):
        yield (prepare(v, known) for v in visits)
        return
    parser = _Worker(visits, known)
    try:
        yield parser.results()
    finally:
        parser.stop()


class WorkerStopped(BlueprintError):
    """The worker parsing notes for an import ended before it sent every note."""


class _Worker:
    """One forked process that prepares the notes and sends them in batches, in order. It never
    touches the collection: this process alone writes. Batches are claimed from a shared count,
    by the worker in order and by this process when it would otherwise wait (the queue empty
    after the worker's first batch): whichever side is the faster, both cores stay busy."""

    def __init__(self, visits: list[NoteVisit], known: Known) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.visits, self.known = visits, known
        self.total = len(visits)
        self.batches = -(-self.total // BATCH)
        self.received = 0
        self.exitcode: int | None = None
        self.claims: Any = ctx.Value("i", 0)  # the first batch not claimed yet
        self.own: dict[int, list[Prep] | BaseException] = {}  # batches this process prepared
        self.queue: Any = ctx.Queue(WINDOW)
        self.process = ctx.Process(target=_work, args=(self.queue, visits, known, self.claims),
                                   daemon=True, name="blueprint-import-parser")
        self.process.start()
        # Only the worker writes: with this end closed here, a worker killed in the middle of
        # a message (the OOM killer) is an end of file to the reader, not a read that waits.
        self.queue._writer.close()  # type: ignore[attr-defined]

    def results(self) -> Iterator[Prep]:
        for number in range(self.batches):
            batch = self.own.pop(number, None)
            if batch is None:
                batch = self._next(number)
            if isinstance(batch, BaseException):
                raise batch  # the error of a note, as the single-process path raises it
            self.received += len(batch)
            yield from batch

    def _next(self, number: int) -> list[Prep] | BaseException:
        """Batch `number`: the worker's next message, or prepared here when nobody claimed it.
        While the worker's is not there yet, this process prepares the next unclaimed batch."""
        import queue

        while True:
            if self.received and len(self.own) < OWN and self.queue.empty():
                claimed = self._claim()
                if claimed is not None:
                    self.own[claimed] = _prepare_batch(self.visits, claimed, self.known)
                    if claimed == number:
                        return self.own.pop(number)
                    continue
            try:
                return _batch(self.queue.get(timeout=0.5), number)
            except queue.Empty:
                if self.process.is_alive():
                    continue
            except (EOFError, OSError):  # it died in the middle of a message
                self.process.join()
            try:  # it ended: what it sent before is still readable
                return _batch(self.queue.get(timeout=0.1), number)
            except (queue.Empty, EOFError, OSError):
                raise WorkerStopped(
                    f"the process parsing the notes stopped (exit code {self.process.exitcode})"
                    f" after {self.received} of {self.total} changed notes; the notes written so"
                    " far are kept", "import again: the next import completes this one") from None

    def _claim(self) -> int | None:
        with self.claims.get_lock():
            number = int(self.claims.value)
            if number >= self.batches:
                return None
            self.claims.value = number + 1
            return number

    def stop(self) -> None:
        """End the worker (done or not) and reap it: no zombie, whatever stopped the import."""
        if self.received == self.total:  # all sent: it is ending by itself
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.exitcode = self.process.exitcode
        self.queue.close()
        self.process.close()


def _batch(sent: tuple[int, list[tuple] | BaseException], number: int
           ) -> list[Prep] | BaseException:
    """The worker sends its batches in the order it claims them, so the next one is `number`
    (as `message` made it: its Preps are made again here)."""
    got, batch = sent
    if isinstance(batch, BaseException):
        return batch  # (an error is raised where it came, whichever batch it stopped)
    if got != number:
        raise AssertionError(f"batch {got} of the notes arrived where {number} was due")
    return [Prep(p[0], p[1], None if p[2] is None else [CardDraft(*d) for d in p[2]], *p[3:])
            for p in batch]


# A draft as the worker sends it: the tuple of its fields, in order (CardDraft(*fields) makes it
# again). Pickling the drafts themselves cost 56 us a note to read back here, a tuple 15.
_DRAFT_FIELDS = attrgetter(*(f.name for f in fields(CardDraft)))


def message(number: int, batch: list[Prep]) -> tuple[int, list[tuple]]:
    """Batch `number` as the worker sends it: each Prep a plain tuple, each draft one too."""
    return number, [(*p[:2], None if p.drafts is None else [_DRAFT_FIELDS(d) for d in p.drafts],
                     *p[3:]) for p in batch]


def _prepare_batch(visits: list[NoteVisit], number: int, known: Known
                   ) -> list[Prep] | BaseException:
    try:
        return [prepare(visit, known) for visit in visits[number * BATCH:(number + 1) * BATCH]]
    except Exception as exc:  # raised when its batch's turn comes, as the worker's would be
        return exc


def _work(out: Any, visits: list[NoteVisit], known: Known, claims: Any) -> None:
    """The worker: claim the next batch, prepare it, send it; WINDOW batches ahead at most."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle; it stops us
    batches = -(-len(visits) // BATCH)
    number = None
    writer = os.getppid()
    try:
        while True:
            with claims.get_lock():
                number = int(claims.value)
                if number >= batches:
                    break
                claims.value = number + 1
            _send(out, message(number, [prepare(v, known) for v in visits[number * BATCH:
                                                                           (number + 1) * BATCH]]),
                  writer)
    except BaseException as exc:  # sent, raised by the writer: an error is never lost here
        _send(out, (number, exc), writer)
    out.close()
    out.join_thread()  # everything sent before the process ends


def _send(out: Any, item: object, writer: int) -> None:
    """Put `item` once the queue has room. A writer killed (SIGKILL: no `stop()`) never reads
    again and its worker would wait here for ever: when its parent is no longer the writer,
    the worker ends."""
    import queue

    while True:
        try:
            out.put(item, timeout=1.0)
            return
        except queue.Full:
            if os.getppid() != writer:
                os._exit(1)
