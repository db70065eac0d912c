"""Issue 15: a large import into a collection with no card is one transaction whose card indexes
are dropped at its start and built at its end (store_notes.cards_in_bulk). It stores exactly
what the chunked import stores, with the same indexes in the same order; an interrupt or an
error keeps the chunks written before it; a killed import leaves the collection as it was. In
every case each index exists afterwards (queries name them with INDEXED BY)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import importing
from app.core.import_writer import Writer
from app.core.importing import import_paths
from app.core.store import Store
from tests.test_import_stream import T0, _vault

REPO = Path(__file__).resolve().parent.parent
NOTES = 30  # of 3 cards each


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two notes (6 cards), and the bulk path from 10 changed notes on."""
    monkeypatch.setattr(importing, "CHUNK_CARDS", 6)
    monkeypatch.setattr(importing, "FRESH_CHUNKS", 1)
    monkeypatch.setattr(importing, "BULK_MIN_NOTES", 10)


def _indexes(path: Path) -> list[tuple[str, str | None]]:
    """Each table's indexes in the order SQLite reads them (it weighs equal plans in that
    order): rebuilt ones come after other tables' indexes, in their own order."""
    con = sqlite3.connect(path)
    try:
        return list(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                "ORDER BY tbl_name, rowid"))
    finally:
        con.close()


def _rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: list(con.execute(f"SELECT * FROM {t} ORDER BY rowid")) for t in tables}
    finally:
        con.close()


def _import(db: Path, vault: Path, **kw: object) -> str:
    store = Store(db)
    try:
        return import_paths(store, [vault], now=T0, **kw).summary()  # type: ignore[arg-type]
    finally:
        store.close()


def _live(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0])
    finally:
        con.close()


def test_a_bulk_import_stores_what_the_chunked_one_does(tmp_path: Path, small_chunks: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path / "vault", NOTES)
    store = Store(tmp_path / "bulk.db")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    assert import_paths(store, [vault], now=T0).added == NOTES * 3
    store.close()
    # one transaction for the cards (15 chunks and the rest, each a savepoint), one for the
    # end of the walk
    assert statements.count("BEGIN IMMEDIATE") == 2
    assert statements.count("SAVEPOINT import_chunk") == NOTES // 2 + 1
    assert sum(s.startswith("DROP INDEX") for s in statements) == 9
    monkeypatch.setattr(importing, "BULK_MIN_NOTES", 10**9)
    _import(tmp_path / "chunked.db", vault)
    assert _indexes(tmp_path / "bulk.db") == _indexes(tmp_path / "chunked.db")
    assert _rows(tmp_path / "bulk.db") == _rows(tmp_path / "chunked.db")


def test_an_interrupted_bulk_import_keeps_its_chunks_and_every_index(
        tmp_path: Path, small_chunks: None) -> None:
    vault = _vault(tmp_path / "vault", NOTES)
    _import(tmp_path / "whole.db", vault)

    def interrupt(done: int, total: int, rel: str) -> None:
        if done == 12:  # after five chunks of two notes were written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _import(tmp_path / "cut.db", vault, progress=interrupt)
    assert _indexes(tmp_path / "cut.db") == _indexes(tmp_path / "whole.db")
    assert _live(tmp_path / "cut.db") == 5 * 6
    _import(tmp_path / "cut.db", vault)  # the next import completes it
    assert _rows(tmp_path / "cut.db") == _rows(tmp_path / "whole.db")


def test_an_error_in_a_chunk_undoes_that_chunk_only(tmp_path: Path, small_chunks: None,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path / "vault", NOTES)
    _import(tmp_path / "whole.db", vault)
    real = Writer.write
    calls: list[int] = []

    def write(self: Writer, parsed: object) -> None:
        calls.append(1)
        if len(calls) == 6:  # the third chunk's second note: its first one is written already
            raise OSError("no space left on device")
        real(self, parsed)  # type: ignore[arg-type]

    monkeypatch.setattr(Writer, "write", write)
    with pytest.raises(OSError):
        _import(tmp_path / "cut.db", vault)
    monkeypatch.setattr(Writer, "write", real)
    assert _indexes(tmp_path / "cut.db") == _indexes(tmp_path / "whole.db")
    assert _live(tmp_path / "cut.db") == 2 * 6
    _import(tmp_path / "cut.db", vault)
    assert _rows(tmp_path / "cut.db") == _rows(tmp_path / "whole.db")


KILLED = """
import os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from app.core import importing
from app.core.store import Store

importing.CHUNK_CARDS, importing.FRESH_CHUNKS, importing.BULK_MIN_NOTES = 6, 1, 10

def die(done, total, rel):
    if done == 12:  # five chunks written, none committed
        os.kill(os.getpid(), signal.SIGKILL)

store = Store(sys.argv[1])
importing.import_paths(store, [Path(sys.argv[2])], now=datetime(2025, 3, 3, tzinfo=UTC),
                       progress=die)
"""


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from app.cli import main; main()",
                           "--collection", str(db), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def test_a_killed_bulk_import_leaves_the_collection_as_it_was(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault", NOTES)
    db = tmp_path / "killed.db"
    Store(db).close()
    before = _indexes(db)
    child = subprocess.run([sys.executable, "-c", KILLED, str(db), str(vault)], cwd=REPO,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert child.returncode == -9
    assert _indexes(db) == before  # nothing committed: the drops neither
    assert _live(db) == 0
    for args in (["stats"], ["list", "--json"], ["check", str(vault)]):
        done = _cli(db, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "90 added" in _cli(db, "import", str(vault)).stdout
    assert _indexes(db) == before
    _import(tmp_path / "whole.db", vault)
    assert _live(db) == _live(tmp_path / "whole.db") == NOTES * 3
