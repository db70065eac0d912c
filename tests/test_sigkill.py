"""Issue 16 acceptance: SIGKILL at 50 random moments of a scripted 200-grade session. After each
kill the collection opens, `PRAGMA integrity_check` is ok, and every grade the session confirmed
(its review row was committed and the child printed its id) is in the log."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import T0, write

from app.core.importing import import_paths
from app.core.store import Store

pytestmark = pytest.mark.slow

KILLS = 50
GRADES = 200

CHILD = """
import sys
from datetime import UTC, datetime
from app.core.scheduler import Rating
from app.core.session import Limits, StudySession
from app.core.store import Store

store = Store(sys.argv[1])
session = StudySession(store, clock=lambda: datetime.now(UTC),
                       limits=Limits(new_per_day=100000, reviews_per_day=100000))
print("ready", flush=True)
while True:
    card = session.current()
    if card is None:
        break
    session.grade(Rating.EASY, card)
    print(store.reviews(card.id)[-1]["id"], flush=True)  # confirmed: committed
"""


def _confirmed(out: bytes) -> set[int]:
    ids = set()
    for line in out.decode().splitlines():
        if line.strip().isdigit():
            ids.add(int(line))
    return ids


def test_sigkill_during_grading_loses_no_confirmed_grade(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    store = Store(db)
    write(tmp_path / "n", "deck.md", "".join(f"Q: question {i}?\nA: answer {i}.\n\n"
                                             for i in range(GRADES + 400)))
    import_paths(store, [tmp_path / "n"], now=T0)
    store.close()
    rng = random.Random(16)
    confirmed: set[int] = set()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    kills = 0
    while kills < KILLS or len(confirmed) < GRADES:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready", child.stderr.read() if \
            child.stderr else ""
        if kills < KILLS:
            time.sleep(rng.uniform(0.0, 0.25))
            child.send_signal(signal.SIGKILL)
            kills += 1
        else:  # the kills are done: let it grade the rest of the 200
            time.sleep(1.0)
            child.send_signal(signal.SIGKILL)
        out, _err = child.communicate(timeout=60)
        confirmed |= _confirmed(out)
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            logged = {r[0] for r in conn.execute("SELECT id FROM reviews")}
        finally:
            conn.close()
        assert confirmed <= logged, sorted(confirmed - logged)[:5]
        Store(db).close()  # the collection opens
    assert kills == KILLS and len(confirmed) >= GRADES
