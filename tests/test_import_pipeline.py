"""Issue 15: an import of many changed notes parses them in a forked worker while this process
writes. The store, the report and the problems are the same as when one process does both; a
worker that dies, or an interrupt, loses nothing, leaves no process behind, and the next import
completes the work."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import struct
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


def _crash_at(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The worker dies (as if killed) when it reaches the note `name`: the fork inherits this."""
    real = import_pipeline.prepare

    def prepare(visit, known):  # type: ignore[no-untyped-def]
        if visit.note.rel.endswith(name):
            os._exit(9)
        return real(visit, known)

    monkeypatch.setattr(import_pipeline, "prepare", prepare)


def _die_mid_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker sends a batch, then dies having written only the start of the next message
    (a message's length, then less than that): the writer must not wait for the rest."""
    real = import_pipeline._work

    def work(out, visits, known):  # type: ignore[no-untyped-def]
        pipe = os.dup(out._writer.fileno())
        real(out, visits[:60], known)  # the first batches, sent whole
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
                _crash_at(patch, "case-201.md")
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
