"""Two imports of the same notes into one collection at once: before, each matched the notes
against what was stored before the other wrote and both added them (duplicate live cards, or
a "UNIQUE constraint failed" error). Now the second waits for the first and finds its cards."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import write

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def _vault(folder: Path, files: int) -> int:
    for i in range(files):
        write(folder / f"t{i % 10}", f"n{i}.md", "".join(
            f"Q: What does part {i}-{k} of the ranking stack do?\nA: It scores item {k}.\n\n"
            for k in range(10)))
    return 10 * files


def test_two_imports_of_the_same_notes_at_once_add_each_card_once(tmp_path: Path) -> None:
    cards = _vault(tmp_path / "notes", 300)
    db = tmp_path / "c.db"
    subprocess.run([str(BLUEPRINT), "--collection", str(db), "stats", "--json"], check=True,
                   capture_output=True)  # the collection exists: both imports open it as is
    procs = [subprocess.Popen([str(BLUEPRINT), "--collection", str(db), "import",
                               str(tmp_path / "notes")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _out, err in outs]
    conn = sqlite3.connect(db)
    live, uids = conn.execute(
        "SELECT count(*), count(DISTINCT uid) FROM cards WHERE retired = 0").fetchone()
    conn.close()
    assert (live, uids) == (cards, cards)
    lasts = sorted(out.strip().splitlines()[-1] for out, _err in outs)
    assert lasts == [f"0 added, 0 changed, {cards} unchanged, 0 retired, 0 revived, 0 problems",
                     f"{cards} added, 0 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"]
