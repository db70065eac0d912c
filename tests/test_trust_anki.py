"""Issue 16, sync-anki: a malformed package is a clear message (exit 2, collection unchanged),
what it may expand to is capped, unreadable and future-dated reviews are skipped and said."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import write

from app.export import anki_read

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def _sqlite(path: Path, *sql: str) -> bytes:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path.read_bytes()


def _zip(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return path


def packages(tmp: Path) -> dict[str, Path]:
    good_zip = _zip(tmp / "ok.apkg", "collection.anki2", b"x" * 5000)
    out = {
        "empty": tmp / "empty.apkg",
        "random": tmp / "random.apkg",
        "truncated": tmp / "truncated.apkg",
        "not-sqlite": _zip(tmp / "text.apkg", "collection.anki2", b"hello, not a database"),
        "bad-zstd": _zip(tmp / "zstd.apkg", "collection.anki21b", b"\x28\xb5\x2f\xfd garbage"),
        "no-revlog": _zip(tmp / "norevlog.apkg", "collection.anki2", _sqlite(
            tmp / "norev.sqlite", "CREATE TABLE notes (id, guid)")),
    }
    out["empty"].write_bytes(b"")
    out["random"].write_bytes(os.urandom(4096))
    out["truncated"].write_bytes(good_zip.read_bytes()[:100])
    return out


def test_malformed_packages_are_messages_and_change_nothing(tmp_path: Path) -> None:  # item 19
    write(tmp_path / "n", "a.md", "Q: q\nA: a\n")
    assert subprocess.run([str(BLUEPRINT), "--collection", "c.db", "import", "n"],
                          cwd=tmp_path, capture_output=True).returncode == 0
    before = sqlite3.connect(tmp_path / "c.db").execute("SELECT count(*) FROM reviews").fetchone()
    for what, package in packages(tmp_path).items():
        proc = subprocess.run([str(BLUEPRINT), "--collection", "c.db", "sync-anki",
                               str(package)], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
        assert "Traceback" not in proc.stderr, (what, proc.stderr)
        assert proc.returncode == 2, (what, proc.returncode, proc.stderr)
        assert proc.stderr.startswith("blueprint: ") and package.name in proc.stderr, what
    after = sqlite3.connect(tmp_path / "c.db").execute("SELECT count(*) FROM reviews").fetchone()
    assert before == after


def test_expansion_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki_read, "MAX_EXPANDED", 1024 * 1024)  # item 19: a zip bomb stops
    bomb = _zip(tmp_path / "bomb.apkg", "collection.anki2", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ValueError, match="expands past"):
        anki_read.read_reviews(bomb, {})
    assert not list((tmp_path).glob("blueprint-read-*"))


def test_unreadable_and_future_reviews_are_skipped_and_said(tmp_path: Path) -> None:
    now_ms = int(datetime.now(UTC).timestamp() * 1000)  # item 19
    future = int((datetime.now(UTC) + timedelta(days=30)).timestamp() * 1000)
    data = _sqlite(
        tmp_path / "anki.sqlite",
        "CREATE TABLE notes (id INTEGER, guid TEXT)", "CREATE TABLE cards (id, nid, ord)",
        "CREATE TABLE revlog (id, cid, ease, time)",
        "INSERT INTO notes VALUES (1, 'G')", "INSERT INTO cards VALUES (10, 1, 0)",
        f"INSERT INTO revlog VALUES ({now_ms - 5000}, 10, 3, 4000)",
        f"INSERT INTO revlog VALUES ({2**62}, 10, 3, 4000)",
        f"INSERT INTO revlog VALUES ({now_ms - 4000}, 10, 3, 'abc')",
        f"INSERT INTO revlog VALUES ({future}, 10, 3, 1000)")
    package = _zip(tmp_path / "p.apkg", "collection.anki2", data)
    reviews, problems = anki_read.read_reviews(package, {("G", 0): "uid-1"})
    assert [r.review_id for r in reviews] == [now_ms - 5000]
    assert any("cannot be read" in p and "2 reviews" in p for p in problems), problems
    assert any("in the future" in p for p in problems), problems


def test_export_checks_its_target_before_the_work(tmp_path: Path) -> None:  # item 9
    write(tmp_path / "n", "a.md", "Q: q\nA: a\n")
    subprocess.run([str(BLUEPRINT), "--collection", "c.db", "import", "n"], cwd=tmp_path,
                   capture_output=True, check=True)
    (tmp_path / "folder.apkg").mkdir()
    for target, words in (("/proc/nope/x.apkg", "does not exist"),
                          ("folder.apkg", "directory")):
        proc = subprocess.run([str(BLUEPRINT), "--collection", "c.db", "export", "anki", target],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert words in proc.stderr and "Errno" not in proc.stderr, proc.stderr
