"""Issue 16, the collection file: backups, folders, first-open races, damaged and foreign files.
Each test failed before its fix."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import T0, write

from app.core.errors import StoreError
from app.core.importing import import_paths
from app.core.store import SCHEMA_VERSION, Store

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(BLUEPRINT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def test_a_new_collection_leaves_no_backups(tmp_path: Path) -> None:  # item 10
    Store(tmp_path / "new.db").close()
    Store(tmp_path / "new.db").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db", "new.db-shm", "new.db-wal"] \
        or sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


def _old_collection(path: Path, notes: Path) -> None:
    s = Store(path)
    write(notes, "a.md", "Q: a\nA: b\n")
    import_paths(s, [notes], now=T0)
    s.conn.execute("PRAGMA user_version = 1")
    s.conn.execute("DROP TABLE meta")
    s.close()


def test_migration_backs_up_a_collection_with_data_into_backups(tmp_path: Path) -> None:
    path = tmp_path / "old.db"  # item 10 and the backups() glob
    _old_collection(path, tmp_path / "n")
    s = Store(path)
    assert s.schema_version() == SCHEMA_VERSION
    backups = s.backups()
    assert len(backups) == 1 and backups[0].parent == tmp_path / "backups"
    assert backups[0].name.startswith("old.db.backup-v1-")
    old = sqlite3.connect(backups[0])  # opening it makes -wal/-shm files: never listed
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT count(*) FROM cards").fetchone()[0] == 1
    old.execute("PRAGMA journal_mode = WAL")
    old.execute("CREATE TABLE t (x)")
    assert s.backups() == backups
    old.close()
    s.close()
    assert not list(tmp_path.glob("old.db.backup-*"))  # nothing beside the collection


def test_only_the_last_few_backups_are_kept(tmp_path: Path) -> None:  # item 10
    from app.core.store import KEEP_BACKUPS

    path = tmp_path / "old.db"
    _old_collection(path, tmp_path / "n")
    folder = tmp_path / "backups"
    folder.mkdir()
    for i in range(KEEP_BACKUPS + 3):
        (folder / f"old.db.backup-v1-2020010{i}T000000").write_bytes(b"x")
    (folder / "other.db.backup-v1-20200101T000000").write_bytes(b"x")  # another collection's
    s = Store(path, clock=lambda: T0)  # the new backup is named by the store clock, not the wall
    names = [p.name for p in s.backups()]
    s.close()
    assert len(names) == KEEP_BACKUPS and names[-1] == f"old.db.backup-v1-{T0:%Y%m%dT%H%M%S}"
    assert (folder / "other.db.backup-v1-20200101T000000").exists()


def test_collection_in_a_missing_folder_is_refused(tmp_path: Path) -> None:  # item 11
    target = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(StoreError) as err:
        Store(target)
    assert "does not exist" in err.value.message
    assert not (tmp_path / "no").exists()
    proc = run("--collection", str(target), "stats", cwd=tmp_path)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not (tmp_path / "no").exists()
    # the default data folder is created when missing
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), HOME=str(tmp_path))
    env.pop("BLUEPRINT_COLLECTION", None)
    proc = run("stats", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "xdg" / "blueprint" / "collection.db").exists()


def test_two_processes_creating_one_collection_at_once(tmp_path: Path) -> None:  # item 21
    for attempt in range(5):
        notes = [write(tmp_path / f"n{attempt}", f"{k}.md", f"Q: q{attempt}{k}\nA: a\n")
                 for k in range(2)]
        db = tmp_path / f"new{attempt}.db"
        procs = [subprocess.Popen([str(BLUEPRINT), "--collection", str(db), "import",
                                   str(note)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for note in notes]
        outs = [p.communicate(timeout=120) for p in procs]
        for proc, (_out, err) in zip(procs, outs, strict=True):
            assert proc.returncode == 0, err
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 2
        conn.close()


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:  # item 25
    other = tmp_path / "browser.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError) as err:
        Store(other)
    assert "not a Blueprint collection" in err.value.message and "bookmarks" in err.value.message
    assert other.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def _damage(path: Path, first_page: int) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(first_page * page, len(data), page):  # these pages: garbage
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("first_page", [1, -8])  # the schema too, or only the last pages
def test_a_damaged_collection_is_named_with_the_way_out(tmp_path: Path,
                                                        first_page: int) -> None:  # item 25
    path = tmp_path / "c.db"
    s = Store(path)
    write(tmp_path / "n", "a.md", "".join(f"Q: q{i}\nA: a{i}\n\n" for i in range(300)))
    import_paths(s, [tmp_path / "n"], now=T0)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    pages = path.stat().st_size // 4096
    _damage(path, first_page if first_page > 0 else pages + first_page)
    before = path.read_bytes()
    failed = 0
    for command in (["stats"], ["list"], ["list", "--json"], ["import", "n"]):
        proc = run("--collection", "c.db", *command, cwd=tmp_path)  # never a traceback
        if proc.returncode == 0:  # this command never read a damaged page
            continue
        failed += 1
        assert proc.returncode == 2, (command, proc.stderr)
        assert "damaged" in proc.stderr and ".recover" in proc.stderr, proc.stderr
        assert "backups" in proc.stderr
    assert failed >= 2
    assert path.read_bytes() == before
