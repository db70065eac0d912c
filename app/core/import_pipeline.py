"""Read and parse changed notes for an import, in this process or in one forked worker.

`prepare` is what reading a changed note derives from its bytes alone (its hash, problems of
the read, card drafts, diagram rows, drill case, time plan, the plain-note test): no store, no
report. `prepared_notes` yields it for every changed note in order, either here, one note at a
time (today's path), or from a worker process on the machine's second core while this process
writes (ARCHITECTURE.md, "Import"): results come back in order through a queue of at most
WINDOW batches, so the worker runs at most about two chunks ahead and memory stays bounded.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


def prepare(visit: NoteVisit, known: Known) -> Prep:
    """Read one note and derive from its text all that needs no store."""
    from importers.checklists import drill_case, parse_time_plan

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
    """One forked process that prepares the notes in order and sends them in batches. It never
    touches the collection: this process alone writes."""

    def __init__(self, visits: list[NoteVisit], known: Known) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.total = len(visits)
        self.received = 0
        self.exitcode: int | None = None
        self.queue: Any = ctx.Queue(WINDOW)
        self.process = ctx.Process(target=_work, args=(self.queue, visits, known), daemon=True,
                                   name="blueprint-import-parser")
        self.process.start()
        # Only the worker writes: with this end closed here, a worker killed in the middle of
        # a message (the OOM killer) is an end of file to the reader, not a read that waits.
        self.queue._writer.close()  # type: ignore[attr-defined]

    def results(self) -> Iterator[Prep]:
        while self.received < self.total:
            batch = self._next(self.received)
            if isinstance(batch, BaseException):
                raise batch  # the worker's own error, as the single-process path raises it
            self.received += len(batch)
            yield from batch

    def _next(self, got: int) -> list[Prep] | BaseException:
        import queue

        while True:
            try:
                return self.queue.get(timeout=0.5)  # type: ignore[no-any-return]
            except queue.Empty:
                if self.process.is_alive():
                    continue
            except (EOFError, OSError):  # it died in the middle of a message
                self.process.join()
            try:  # it ended: what it sent before is still readable
                return self.queue.get(timeout=0.1)  # type: ignore[no-any-return]
            except (queue.Empty, EOFError, OSError):
                raise WorkerStopped(
                    f"the process parsing the notes stopped (exit code {self.process.exitcode})"
                    f" after {got} of {self.total} changed notes; the notes written so far are"
                    " kept", "import again: the next import completes this one") from None

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


def _work(out: Any, visits: list[NoteVisit], known: Known) -> None:
    """The worker: prepare every note, in order, WINDOW batches ahead of the writer at most."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle; it stops us
    try:
        batch: list[Prep] = []
        for visit in visits:
            batch.append(prepare(visit, known))  # parsing is the longer side: no more here
            if len(batch) == BATCH:
                out.put(batch)
                batch = []
        if batch:
            out.put(batch)
    except BaseException as exc:  # sent, raised by the writer: an error is never lost here
        out.put(exc)
    out.close()
    out.join_thread()  # everything sent before the process ends
