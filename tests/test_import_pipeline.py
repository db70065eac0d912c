"""Issue 15: an import of many changed notes parses them in a forked worker while this process
writes. The store, the report and the problems are the same as when one process does both; a
worker that dies, or an interrupt, loses nothing, leaves no process behind, and the next import
completes the work."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import struct
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import import_pipeline
from app.core.import_pipeline import WorkerStopped
from app.core.importing import import_paths
from app.core.store import Store

T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
FILES = 240  # over PIPELINE_MIN_FILES

CHECKLIST = "## Clarify\n\n### Checklist\n\n- [ ] Latency budget #serving\n- [x] Scale\n\n"
PLAN = "| Step | 45 min | 60 min |\n|---|---|---|\n| Clarify | 4 | 5 |\n\n"
DIAGRAM = "```mermaid\nflowchart LR\n  A[Client] --> B[Ranker]\n  B --> C[Store]\n```\n\n"


def _note(i: int) -> str:
    """A note of its own: cards of several kinds, and every few notes a checklist, a time plan,
    a diagram, a review flag, a refused card, or no card at all."""
    out = [f"# Note {i}\n\n"]
    if i % 9 == 0:
        return out[0] + f"Only prose about topic {i}, nothing to learn yet.\n"
    out.append(f"Q: What is item {i}?\nA: Answer {i}.\n\n")
    out.append(f"The {{{{c1::cache {i}}}}} sits before the {{{{c2::store}}}}.\n\n")
    out.append(f"C: The [ranker {i}] orders candidates.\n\n")
    if i % 5 == 0:
        out.append(CHECKLIST + PLAN)
    if i % 7 == 0:
        out.append(DIAGRAM)
    if i % 11 == 0:
        out.append(f"Recall {i}::Reply {i} <!--SR:!2025-01-0{1 + i % 8},3,250-->\n\n")
    if i % 13 == 0:
        out.append("Q: a question with no answer\n\n")
    return "".join(out)


def _vault(folder: Path) -> Path:
    for i in range(FILES):
        sub = folder / f"topic{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"case-{i:03d}.md").write_text(_note(i), encoding="utf-8")
    (folder / "topic0" / "blob.md").write_bytes(b"\x00\x01binary")
    (folder / "topic1" / "latin.md").write_bytes("Q: caf\xe9?\nA: yes\n".encode("latin-1"))
    return folder


def _edit(vault: Path) -> None:
    """Some notes change, some are rewritten with the same text (a new mtime), some go."""
    for i in range(0, FILES, 3):
        path = vault / f"topic{i % 4}" / f"case-{i:03d}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text if i % 2 else text.replace("Answer", "Reply"), encoding="utf-8")
        os.utime(path, ns=(1, 10**18 + i))
    (vault / "topic2" / "case-010.md").unlink()


def _rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(con.execute(f"SELECT * FROM {t}"), key=repr) for t in tables}
    finally:
        con.close()


def _import(db: Path, vault: Path, **kw: object) -> tuple[str, list[str], int, int]:
    store = Store(db)
    try:
        report = import_paths(store, [vault], now=T0, allow_retire=True, **kw)  # type: ignore[arg-type]
    finally:
        store.close()
    return (report.summary(), [str(p) for p in report.problems + report.notices],
            report.files_parsed, report.without_cards)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The workers started (the real ones: this only records them)."""
    started: list[object] = []

    class Recorded(import_pipeline._Worker):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self)

    monkeypatch.setattr(import_pipeline, "_Worker", Recorded)
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_FILES", 50)  # the edits change 80 notes
    return started


def test_the_worker_and_one_process_give_identical_stores(tmp_path: Path, workers: list,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path / "vault")
    piped = [_import(tmp_path / "piped.db", vault)]
    assert len(workers) == 1 and workers[0].exitcode == 0  # it ended by itself
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_FILES", 10**9)
    single = [_import(tmp_path / "single.db", vault)]
    assert _rows(tmp_path / "piped.db") == _rows(tmp_path / "single.db")
    _edit(vault)
    single.append(_import(tmp_path / "single.db", vault))
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_FILES", 50)
    piped.append(_import(tmp_path / "piped.db", vault))
    assert len(workers) == 2
    assert piped == single
    assert _rows(tmp_path / "piped.db") == _rows(tmp_path / "single.db")
    summary, problems, parsed, plain = piped[0]
    assert parsed == FILES and plain == len(range(0, FILES, 9))
    assert any("blob.md" in p and "binary" in p for p in problems)
    assert any("latin.md:1" in p and "UTF-8" in p for p in problems)
    assert any("case-013.md" in p for p in problems)
    assert _rows(tmp_path / "piped.db")["drill_cases"]
    assert multiprocessing.active_children() == []


def _worker_dies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies (as if killed) at the 25th note it prepares: in its third batch of 10
    (it always prepares the first batch; this process claims batches only after that one came,
    two ahead at most, so the worker has a third)."""
    real = import_pipeline.prepare
    writer = os.getpid()
    prepared = [0]

    def prepare(visit, known):  # type: ignore[no-untyped-def]
        if os.getpid() != writer:
            prepared[0] += 1
            if prepared[0] == 25:
                os._exit(9)
        return real(visit, known)

    monkeypatch.setattr(import_pipeline, "prepare", prepare)
    monkeypatch.setattr(import_pipeline, "BATCH", 10)


def _die_mid_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker claims two batches, sends the first, then dies having written only the start
    of the next message (a message's length, then less than that): the writer must not wait
    for the rest."""
    def work(out, visits, known, claims):  # type: ignore[no-untyped-def]
        pipe = os.dup(out._writer.fileno())
        with claims.get_lock():
            claims.value = 2
        out.put(import_pipeline.message(
            0, [import_pipeline.prepare(v, known) for v in visits[:import_pipeline.BATCH]]))
        out.close()
        out.join_thread()
        os.write(pipe, struct.pack("!i", 4096) + b"partial")
        os._exit(9)

    monkeypatch.setattr(import_pipeline, "_work", work)


@pytest.mark.parametrize("stop", ["worker dies", "worker dies mid-message", "interrupt"])
def test_a_stopped_import_loses_nothing_and_the_next_completes_it(
        tmp_path: Path, workers: list, monkeypatch: pytest.MonkeyPatch, stop: str) -> None:
    vault = _vault(tmp_path / "vault")
    _import(tmp_path / "whole.db", vault)
    _import(tmp_path / "cut.db", vault)  # both hold the vault, then it changes
    _edit(vault)
    _import(tmp_path / "whole.db", vault)
    before = {row[0] for row in _rows(tmp_path / "cut.db")["cards"]}
    with monkeypatch.context() as patch:
        if stop.startswith("worker dies"):
            if stop == "worker dies":
                _worker_dies(patch)
            else:
                _die_mid_message(patch)
            with pytest.raises(WorkerStopped, match=r"exit code 9\) after \d+ of \d+ changed"):
                _import(tmp_path / "cut.db", vault)
        else:
            def interrupt(done: int, total: int, rel: str) -> None:
                if done == total // 2:
                    raise KeyboardInterrupt
            with pytest.raises(KeyboardInterrupt):
                _import(tmp_path / "cut.db", vault, progress=interrupt)
    assert workers[-1].process._closed and multiprocessing.active_children() == []
    live = {row[0] for row in _rows(tmp_path / "cut.db")["cards"] if row[18] == 0}
    assert before <= live  # nothing retired: that waits for a walk that finished
    _import(tmp_path / "cut.db", vault)  # the next import completes it
    assert _rows(tmp_path / "cut.db") == _rows(tmp_path / "whole.db")


def _slow_worker(monkeypatch: pytest.MonkeyPatch, fail_here: bool = False) -> list[str]:
    """The worker takes 20 ms a note, so this process prepares batches too (it would wait
    otherwise); returns the notes this process prepared. `fail_here`: its first one raises."""
    import time

    real = import_pipeline.prepare
    writer = os.getpid()
    here: list[str] = []

    def prepare(visit, known):  # type: ignore[no-untyped-def]
        if os.getpid() != writer:
            time.sleep(0.02)
        else:
            here.append(visit.note.rel)
            if fail_here:
                raise ValueError(f"cannot prepare {visit.note.rel}")
        return real(visit, known)

    monkeypatch.setattr(import_pipeline, "prepare", prepare)
    monkeypatch.setattr(import_pipeline, "BATCH", 10)
    return here


def test_the_writer_prepares_batches_while_the_worker_is_behind_and_stores_the_same(
        tmp_path: Path, workers: list, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path / "vault")
    with monkeypatch.context() as patch:
        here = _slow_worker(patch)
        piped = _import(tmp_path / "piped.db", vault)
    assert len(workers) == 1 and workers[0].exitcode == 0
    assert here and len(here) < FILES  # both prepared notes
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_FILES", 10**9)
    assert _import(tmp_path / "single.db", vault) == piped
    assert _rows(tmp_path / "piped.db") == _rows(tmp_path / "single.db")
    assert multiprocessing.active_children() == []


def test_an_error_in_a_batch_the_writer_prepared_is_raised_and_the_worker_reaped(
        tmp_path: Path, workers: list, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path / "vault")
    _slow_worker(monkeypatch, fail_here=True)
    with pytest.raises(ValueError, match="cannot prepare"):
        _import(tmp_path / "c.db", vault)
    assert workers[-1].process._closed and multiprocessing.active_children() == []


KILLED_WRITER = """
import multiprocessing, os, signal, sys, time
from datetime import UTC, datetime
from pathlib import Path
from app.core import import_pipeline, importing
from app.core.store import Store

import_pipeline.PIPELINE_MIN_FILES, import_pipeline.BATCH = 50, 10  # 25 batches, 8 in flight
real = importing._flush

def slow(*args):  # the writer is the slow side: the worker fills the queue and waits
    time.sleep(0.05)
    real(*args)

def die(done, total, rel):
    if done == 60:
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

importing._flush, importing.CHUNK_CARDS = slow, 3
importing.import_paths(Store(sys.argv[1]), [Path(sys.argv[2])], now=datetime.now(UTC),
                       progress=die)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has ended (whoever adopted it reaps it)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_worker_of_a_killed_writer_ends_by_itself(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    repo = Path(__file__).resolve().parent.parent
    out = tmp_path / "pids"
    with out.open("w") as stdout:  # a file: a pipe would stay open while the worker lives
        child = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(tmp_path / "c.db"),
                                str(vault)], cwd=repo, stdout=stdout, timeout=120,
                               env={**os.environ, "PYTHONPATH": str(repo)})
    assert child.returncode == -9
    pids = [int(p) for p in out.read_text().split()]
    assert len(pids) == 1  # the worker, orphaned: nobody reads what it sends any more
    deadline = time.monotonic() + 20
    while _running(pids[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(pids[0])
