"""WAL checkpoints leave the grade path: with checkpoints deferred no commit copies the WAL into
the collection file (SQLite's automatic checkpoint ran inside whichever grade crossed ~1,000
pages: 12-20 ms of bench_tui's grade latency, with a file sync); the review screen runs one in
a worker thread once grades pause (run beside the next grade, it made that grade's commit wait)."""

from __future__ import annotations

from pathlib import Path

from tui_support import collection, reviewing

from app.core.store import Store


def _small_commits(store: Store, commits: int) -> None:
    store.conn.execute("CREATE TABLE IF NOT EXISTS scratch (body BLOB)")
    for n in range(commits):
        with store.transaction():
            store.conn.execute("INSERT INTO scratch VALUES (?)", (bytes(3000) + bytes([n % 7]),))


def test_deferred_checkpoints_leave_the_wal_to_the_checkpoint_call(tmp_path: Path) -> None:
    deferred = Store(tmp_path / "deferred.db")
    deferred.defer_checkpoints()
    _small_commits(deferred, 1500)  # about 1,500 WAL pages
    busy, pages, copied = deferred.checkpoint_wal() or (1, 0, 0)
    assert busy == 0 and pages > 1200 and copied == pages, (busy, pages, copied)
    deferred.close()
    usual = Store(tmp_path / "usual.db")
    _small_commits(usual, 1500)
    busy, pages, copied = usual.checkpoint_wal() or (1, 0, 0)
    assert pages < 1100, "commits checkpoint as SQLite does by default"
    usual.close()


async def test_the_review_screen_checkpoints_in_a_worker_once_grades_pause(
        tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        assert int(store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]) == 0
        screen.CHECKPOINT_IDLE = 0.3
        for _ in range(2):  # the second grade comes quickly: not beside a checkpoint
            await pilot.press("space", "3")
            await pilot.pause()
            assert screen._checkpointing is None and screen._checkpoint_timer is not None
        await pilot.pause(0.8)  # no grade for CHECKPOINT_IDLE (a reset timer waits up to 2x)
        await app.workers.wait_for_complete()
        worker = screen._checkpointing
        assert worker is not None and worker.is_finished
        assert worker.result is not None
        busy, pages, copied = worker.result  # type: ignore[misc]
        assert busy == 0 and pages > 0 and copied == pages


async def test_grades_that_never_pause_still_checkpoint(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        screen.CHECKPOINT_EVERY = 2
        await pilot.press("space", "3")
        await pilot.pause()
        assert screen._checkpointing is None
        await pilot.press("space", "3")
        await pilot.pause()
        await app.workers.wait_for_complete()
        worker = screen._checkpointing
        assert worker is not None and worker.is_finished and worker.result is not None
        assert screen._checkpoint_timer is None and screen._uncopied == 0
