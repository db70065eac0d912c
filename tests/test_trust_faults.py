"""Issue 16 item 25, the rest: a collection in a read-only folder is readable, a full disk names
itself, unreadable stored values are "damaged" with what to do. The file is never changed."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import T0, write
from unprivileged import unprivileged

from app.core.importing import import_paths
from app.core.store import Store
from app.core.store_file import open_error

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def _notes(folder: Path, count: int, *, word: str = "shard") -> Path:
    for n in range(count):
        write(folder, f"n{n:03}.md", "".join(
            f"Q: Why {word} index {n}-{k} ({'padding ' * 20})?\nA: Answer {n}-{k}.\n\n"
            for k in range(10)))
    return folder


def _collection(folder: Path, notes: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / "c.db")
    assert import_paths(store, [_notes(folder.parent / "notes", notes)], now=T0).added
    store.close()
    return folder / "c.db"


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_collection_in_a_read_only_folder_is_read(tmp_path: Path) -> None:
    db = _collection(tmp_path / "ro")
    store = Store(db)
    card = store.cards()[0]
    store.close()  # no -wal, no -shm left beside it
    before = _digest(db)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        def blueprint(*args: str) -> subprocess.CompletedProcess[str]:
            return _run(unprivileged([str(BLUEPRINT), "--collection", str(db), *args]),
                        tmp_path)

        stats = blueprint("stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["cards"]["new"] == 30
        listed = blueprint("list", "--json")
        assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 30
        shown = blueprint("card", "show", card.uid, "--back")
        assert shown.returncode == 0 and "Answer" in shown.stdout, shown.stderr
        write(tmp_path / "notes", "new.md", "Q: Why a read-only folder?\nA: To test.\n")
        imported = blueprint("import", str(tmp_path / "notes"))  # a write: told, not crashed
        assert imported.returncode == 2 and "cannot be written" in imported.stderr
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)
    assert _digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["c.db"]


def test_a_full_disk_during_import_names_itself(tmp_path: Path) -> None:
    db = _collection(tmp_path / "full", notes=1)
    store = Store(db)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 4}")  # the disk fills up mid-import
    with pytest.raises(sqlite3.OperationalError) as caught:
        import_paths(store, [_notes(tmp_path / "more", 40, word="cache")], now=T0)
    assert "full" in str(caught.value)  # not "cannot rollback - no transaction is active"
    error = open_error(db, caught.value)
    assert "disk holding the collection" in error.message and "free some space" in error.hint
    assert not store.conn.in_transaction
    assert store.count("SELECT count(*) FROM cards") == 10  # nothing of the failed import
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def _tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_a_full_disk_during_an_import_command(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "400k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        db = disk / "c.db"
        notes = _notes(tmp_path / "notes", 1)
        first = _run([str(BLUEPRINT), "--collection", str(db), "import", str(notes)], tmp_path)
        assert first.returncode == 0, first.stderr
        more = _notes(tmp_path / "more", 150, word="cache")
        full = _run([str(BLUEPRINT), "--collection", str(db), "import", str(more)], tmp_path)
        assert full.returncode == 2, full.stdout + full.stderr
        assert "is full" in full.stderr and "no transaction" not in full.stderr, full.stderr
        stats = _run([str(BLUEPRINT), "--collection", str(db), "stats", "--json"], tmp_path)
        assert stats.returncode == 0 and json.loads(stats.stdout)["cards"]["new"] == 10
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("damage", [
    "UPDATE cards SET due = 'next tuesday', state = 2 WHERE id = 1",
    "UPDATE cards SET created_at = 12345 WHERE id = 2",
    "UPDATE cards SET tags = 'not json' WHERE id = 3",
])
def test_unreadable_stored_values_say_damaged(tmp_path: Path, damage: str) -> None:
    db = _collection(tmp_path / "bad", notes=1)
    conn = sqlite3.connect(db)
    conn.execute(damage)
    conn.commit()
    conn.close()
    before = _digest(db)
    for args in (["list"], ["list", "--json"]):
        proc = _run([str(BLUEPRINT), "--collection", str(db), *args], tmp_path)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "is damaged (cards id" in proc.stderr and ".recover" in proc.stderr
        assert str(db.parent / "backups") in proc.stderr
    assert _digest(db) == before


async def test_the_tui_says_damaged_instead_of_a_traceback(tmp_path: Path) -> None:
    from tui_support import app_for, collection

    store = collection(tmp_path)
    store.conn.execute("UPDATE cards SET created_at = 'soon' WHERE deck = 'Serving'")
    app = app_for(store)
    told = ""
    async with app.run_test(size=(120, 40)):
        app.action_study("Serving")  # the review reads the damaged cards
        for _ in range(100):  # the app ends itself
            told = "".join(str(r) for r in app._exit_renderables)
            if app.return_code is not None and told:
                break
            await asyncio.sleep(0.1)
    assert app.return_code == 2
    assert "is damaged (cards id" in told and ".recover" in told, told
