"""Bad input through the real CLI: each problem is `path:line: message`, the rest imports,
`--strict` writes nothing, and no traceback reaches the user."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BLUEPRINT = Path(sys.executable).parent / "blueprint"
SUMMARY = re.compile(r"^(\d+) added, \d+ changed, \d+ unchanged, \d+ retired, \d+ revived, "
                     r"(\d+) problems$")
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+)$")

GOOD = "Q: Why shard the index?\nA: To serve it from many machines.\n"

# file name -> (content, [(line, words in the message)]); every file also holds a good card
# where it can, which must still import.
BAD_TEXT = {
    "fence.md": ("Q: Which store holds online features?\nA: The feature store.\n\n"
                 "```python\nQ: inside code\nA: not a card\n",
                 [(4, "never closed")]),
    "noanswer.md": ("Q: What is recall@k?\n\nQ: What is NDCG?\nA: Graded ranking quality.\n",
                    [(1, "'Q:' with no 'A:'")]),
    "stray.md": ("Q : Why cache embeddings?\nA: Latency.\n\n---\n\n"
                 "Q: Why batch requests?\nA: GPU throughput.\n",
                 [(1, "space before the colon")]),
    "stray_answer.md": ("Q: What bounds p99?\nA : The slowest shard.\n\n---\n\n"
                        "Q: What is a canary?\nA: A small first rollout.\n",
                        [(2, "space before the colon")]),
    "empty_bracket.md": ("C: Two-tower models score with a [] product of [embeddings].\n",
                         [(1, "empty cloze deletion '[]'")]),
    "empty_anki.md": ("Calibration is {{c1::}} checked with {{c2::reliability diagrams}}.\n",
                      [(1, "empty cloze '{{c1::}}'")]),
    "empty_highlight.md": ("#flashcards\n\nA ==== sign and ==position bias== in logs.\n",
                           [(3, "empty highlight '===='")]),
    "answer_only.md": ("A: an answer with no question\n\nQ: What is drift?\nA: Data change.\n",
                       [(1, "'A:' with no 'Q:'")]),
}
# cards that must still import, by file
STILL_IMPORTED = {
    "good.md": 1, "fence.md": 1, "noanswer.md": 1, "stray.md": 1, "stray_answer.md": 1,
    "empty_bracket.md": 1, "empty_anki.md": 1, "empty_highlight.md": 1, "answer_only.md": 1,
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(BLUEPRINT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return proc


def problems_of(stderr: str) -> dict[tuple[str, int], str]:
    found = {}
    for line in stderr.splitlines():
        m = PROBLEM.match(line)
        if m:
            found[(Path(m["path"]).name, int(m["line"]))] = m["message"]
    return found


def make_notes(root: Path) -> Path:
    notes = root / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    for name, (text, _) in BAD_TEXT.items():
        (notes / name).write_text(text, encoding="utf-8")
    (notes / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (notes / "latin1.md").write_bytes("Q: Qu'est-ce qu'un caf\u00e9?\nA: x\n".encode("latin-1"))
    with (notes / "huge.md").open("w", encoding="utf-8") as f:
        f.write(GOOD)
        f.write(("filler text line\n") * (5 * 1024 * 1024 // 17 + 10))
    (notes / "sub").mkdir()
    (notes / "sub" / "loop").symlink_to("..", target_is_directory=True)  # folder loop
    (notes / "self.md").symlink_to("self.md")  # a link pointing at itself
    return notes


def db_dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path.resolve()


def test_bad_files_are_reported_and_the_rest_imports(workdir: Path) -> None:
    make_notes(workdir)
    proc = run("--collection", "c.db", "import", "notes", cwd=workdir)
    assert proc.returncode == 1  # problems found
    summary = SUMMARY.match(proc.stdout.strip().splitlines()[-1])
    assert summary, proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert int(summary[2]) == len(lines)
    for line in lines:  # every message is `path:line: message`, with the path under notes/
        m = PROBLEM.match(line)
        assert m, line
        assert m["path"].startswith("notes"), line
    found = problems_of(proc.stderr)
    for name, (_, expected) in BAD_TEXT.items():
        for line, words in expected:
            assert words in found.get((name, line), ""), (name, line, found)
        # one mistake, one message: nothing else reported for this file
        assert sorted(k for k in found if k[0] == name) == sorted((name, ln) for ln, _ in
                                                                  expected), name
    assert "binary file" in found[("binary.md", 0)]
    assert "not UTF-8" in found[("latin1.md", 1)]
    assert "5 MB limit" in found[("huge.md", 0)]
    assert "symlink" in found[("self.md", 0)]
    assert "symlink loop" in found[("loop", 0)]
    # messages say what to do
    assert all(":" in msg for msg in found.values())

    listed = json.loads(run("--collection", "c.db", "list", "--json", cwd=workdir).stdout)
    per_file: dict[str, int] = {}
    for card in listed:
        name = Path(card["source"].rsplit(":", 1)[0]).name
        per_file[name] = per_file.get(name, 0) + 1
    assert per_file == STILL_IMPORTED
    assert int(summary[1]) == sum(STILL_IMPORTED.values())
    # nothing from inside the unterminated fence became a card of its own
    assert not any(c["front"].startswith("inside code") for c in listed)
    # the file looping back to its folder was not imported twice
    assert len({c["id"] for c in listed}) == len(listed)


def test_check_reports_the_same_problems_without_a_collection(workdir: Path) -> None:
    make_notes(workdir)
    proc = run("check", "notes", cwd=workdir)
    assert proc.returncode == 1
    found = problems_of(proc.stdout + proc.stderr)
    assert ("fence.md", 4) in found and ("binary.md", 0) in found and ("huge.md", 0) in found
    assert not (workdir / "c.db").exists()


def test_strict_aborts_with_nothing_written(workdir: Path) -> None:
    notes = workdir / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    first = run("--collection", "c.db", "import", "notes", cwd=workdir)
    assert first.returncode == 0 and first.stdout.startswith("1 added")
    before = db_dump(workdir / "c.db")

    # a new good card, an edited good card, a touched file and a bad file: strict writes none
    (notes / "more.md").write_text("Q: What is a shadow deployment?\nA: Mirrored traffic.\n",
                                   encoding="utf-8")
    (notes / "bad.md").write_text(BAD_TEXT["noanswer.md"][0], encoding="utf-8")
    os.utime(notes / "good.md", ns=(1_000_000_000, 1_000_000_000))  # same text, new mtime
    proc = run("--collection", "c.db", "import", "--strict", "notes", cwd=workdir)
    assert proc.returncode == 1
    assert "notes/bad.md:1: 'Q:' with no 'A:'" in proc.stderr
    assert "nothing" in proc.stderr  # says that nothing was written
    assert db_dump(workdir / "c.db") == before

    # without --strict the good part goes in and the problem is still reported
    proc = run("--collection", "c.db", "import", "notes", cwd=workdir)
    assert proc.returncode == 1 and proc.stdout.strip().splitlines()[-1].startswith("2 added")


def test_unreadable_file(workdir: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root reading the file")
    notes = workdir / "notes"
    notes.mkdir()
    (notes / "good.md").write_text(GOOD, encoding="utf-8")
    locked = notes / "locked.md"
    locked.write_text(GOOD.replace("shard", "replicate"), encoding="utf-8")
    locked.chmod(0)
    try:
        proc = run("--collection", "c.db", "import", "notes", cwd=workdir)
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 1
    assert "permission" in problems_of(proc.stderr)[("locked.md", 0)].lower()
    assert proc.stdout.strip().splitlines()[-1].startswith("1 added")


def test_missing_path_and_broken_collection_give_messages(workdir: Path) -> None:
    proc = run("--collection", "c.db", "import", "no-such-folder", cwd=workdir)
    assert proc.returncode == 1
    assert problems_of(proc.stderr).get(("no-such-folder", 0), "").startswith("no such file")
    (workdir / "junk.db").write_text("this is not a database\n" * 100, encoding="utf-8")
    (workdir / "notes").mkdir()
    (workdir / "notes" / "good.md").write_text(GOOD, encoding="utf-8")
    proc = run("--collection", "junk.db", "import", "notes", cwd=workdir)
    assert proc.returncode == 2 and proc.stderr.startswith("blueprint: ")
    assert (workdir / "junk.db").read_text(encoding="utf-8").startswith("this is not")
