"""Issue 16, importing: problems reported every run, notices apart from problems, nothing found
said so, odd files and names as problems of their own. Each test failed before its fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import T0, write
from unprivileged import unprivileged

from app.core.importing import import_paths
from app.core.schedule_state import ScheduleState
from app.core.store import Store

BLUEPRINT = Path(sys.executable).parent / "blueprint"
GOOD = "Q: Why shard the index?\nA: To serve it from many machines.\n"
BROKEN = "Q: What is recall@k?\n\nQ: What is NDCG?\nA: Graded ranking quality.\n"
PIE = "```mermaid\npie title Traffic\n  \"a\" : 1\n```\n"


def run(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(BLUEPRINT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def last_line(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stdout.strip().splitlines()[-1]


def test_problems_of_unchanged_files_are_reported_every_run(tmp_path: Path) -> None:  # item 5
    notes = tmp_path / "notes"
    write(notes, "good.md", GOOD)
    write(notes, "bad.md", BROKEN)
    first = run("--collection", "c.db", "import", "notes", cwd=tmp_path)
    again = run("--collection", "c.db", "import", "notes", cwd=tmp_path)
    dry = run("--collection", "c.db", "import", "--dry-run", "notes", cwd=tmp_path)
    for proc in (first, again, dry):
        assert proc.returncode == 1, proc.stdout
        assert last_line(proc).endswith("1 problems"), proc.stdout
        assert "bad.md:1: 'Q:' with no 'A:'" in proc.stderr
    write(notes, "bad.md", GOOD.replace("shard", "replicate"))  # fixed: the problem goes
    fixed = run("--collection", "c.db", "import", "notes", cwd=tmp_path)
    assert fixed.returncode == 0 and last_line(fixed).endswith("0 problems")


def test_unsupported_mermaid_types_are_notices(tmp_path: Path) -> None:  # item 6
    notes = tmp_path / "notes"
    write(notes, "vault.md", GOOD + "\n" + PIE)
    proc = run("--collection", "c.db", "import", "notes", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert last_line(proc).startswith("1 added") and last_line(proc).endswith("0 problems")
    assert "pie is not supported" in proc.stdout and "1 notice" in proc.stdout
    assert proc.stderr == ""
    check = run("check", "notes", cwd=tmp_path)
    assert check.returncode == 0 and "1 notice" in check.stdout
    strict = run("--collection", "s.db", "import", "--strict", "notes", cwd=tmp_path)
    assert strict.returncode == 1 and "nothing" in strict.stderr


def test_nothing_found_is_said_and_missing_paths_named_as_given(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()  # item 7
    write(tmp_path, "plain.txt", GOOD)
    for target in ("empty", "plain.txt"):
        proc = run("--collection", "c.db", "import", target, cwd=tmp_path)
        assert proc.returncode == 1
        assert f"no Markdown files in {target}" in proc.stderr, proc.stderr
        check = run("check", target, cwd=tmp_path)
        assert check.returncode == 1 and f"no Markdown files in {target}" in check.stdout
    given = str(tmp_path / "no" / "such" / "vault")
    proc = run("--collection", "c.db", "import", given, cwd=tmp_path / "empty")
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{given}:0: no such file or folder"), proc.stderr


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Store(tmp_path / "c.db")
    yield s
    s.close()


def test_undecodable_file_name_is_a_problem_and_the_rest_imports(tmp_path: Path,
                                                                 store: Store) -> None:
    notes = tmp_path / "notes"  # item 22
    write(notes, "good.md", GOOD)
    bad = os.fsencode(notes) + b"/caf\xe9.md"
    with open(bad, "wb") as f:
        f.write(GOOD.replace("shard", "cache").encode())
    report = import_paths(store, [notes], now=T0)
    assert report.added == 1
    assert [p.line for p in report.problems] == [0]
    assert "file name is not valid UTF-8" in report.problems[0].message
    str(report.problems[0]).encode("utf-8")  # printable
    proc = run("--collection", "x.db", "import", "notes", cwd=tmp_path)
    assert proc.returncode == 1 and last_line(proc).startswith("1 added")


def test_deeply_nested_front_matter_is_a_problem(tmp_path: Path, store: Store) -> None:
    notes = tmp_path / "notes"  # item 22
    write(notes, "good.md", GOOD)
    write(notes, "deep.md", "---\nx: " + "[" * 1000 + "]" * 1000 + "\n---\n\n" +
          GOOD.replace("shard", "batch"))
    report = import_paths(store, [notes], now=T0)
    assert report.added == 2
    assert len(report.problems) == 1 and "front matter" in report.problems[0].message


def test_unreadable_subfolder_is_a_problem(tmp_path: Path) -> None:
    # item 22: also once its files were imported before. The import runs without root's power
    # over permissions (tests/unprivileged.py), so the folder is unreadable under root too.
    notes = tmp_path / "notes"
    write(notes, "good.md", GOOD)
    write(notes, "locked/inner.md", GOOD.replace("shard", "batch"))
    assert last_line(run("--collection", "c.db", "import", "notes",
                         cwd=tmp_path)).startswith("2 added")
    write(notes, "more.md", GOOD.replace("shard", "cache"))
    (notes / "locked").chmod(0)
    try:
        proc = subprocess.run(unprivileged([str(BLUEPRINT), "--collection", "c.db", "import",
                                            "notes"]),
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
    finally:
        (notes / "locked").chmod(0o755)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert last_line(proc).startswith("1 added, 0 changed, 1 unchanged, 0 retired"), proc.stdout
    assert re.search(r"locked:0: cannot read this folder", proc.stderr), proc.stderr


def test_fifo_and_device_links_are_skipped_not_read(tmp_path: Path, store: Store) -> None:
    notes = tmp_path / "notes"  # item 24
    write(notes, "good.md", GOOD)
    os.mkfifo(notes / "pipe.md")
    (notes / "zero.md").symlink_to("/dev/zero")
    # the default minute (not 30 s) for a loaded machine; a hang on the FIFO still fails
    proc = run("--collection", "c.db", "import", "notes", cwd=tmp_path)
    assert proc.returncode == 1 and last_line(proc).startswith("1 added")
    assert re.search(r"pipe\.md:0: not a regular file", proc.stderr), proc.stderr
    assert re.search(r"zero\.md:0: not a regular file", proc.stderr), proc.stderr
    check = run("check", "notes", cwd=tmp_path)
    assert check.returncode == 1 and "not a regular file" in check.stdout


def test_size_limit_is_enforced_while_reading(tmp_path: Path) -> None:
    from app.core import files  # item 24: a file that grows after stat() is cut at the limit

    path = write(tmp_path, "grow.md", GOOD)
    note = files.NoteFile(tmp_path, path, "grow.md")
    with path.open("a", encoding="utf-8") as f:
        f.write("x" * (files.MAX_BYTES + 10))
    result = files.read_note(note, len(GOOD))  # the size stat() saw before it grew
    assert result.text is None and result.problem is not None
    assert "5 MB limit" in result.problem.message


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    write(vault, "README.md", "Q: What is this vault?\nA: ML notes.\n")
    write(vault, "01_intro/basics.md", GOOD)
    write(vault, "01_intro/more.md", "Q: What is a canary?\nA: A small first rollout.\n")
    write(vault, "02_serving/cache.md", "Q: Why cache embeddings?\nA: Latency.\n")
    return vault


def _snapshot(store: Store) -> dict[str, tuple]:
    return {c.uid: (c.id, c.deck, c.root, c.source_path, c.retired, c.state)
            for c in store.cards()}


def test_importing_a_subfolder_or_file_of_a_known_root_keeps_everything(
        tmp_path: Path, store: Store) -> None:  # item 2
    vault = _vault(tmp_path)
    assert import_paths(store, [vault], now=T0).added == 4
    card = store.cards("source_path = ?", ("01_intro/basics.md",))[0]
    store.record_review(card.id, 3, T0, None, ScheduleState(state=2, due=T0), ScheduleState())
    before = _snapshot(store)
    for sub in (vault / "01_intro", vault / "01_intro" / "more.md", vault / "02_serving"):
        report = import_paths(store, [sub], now=T0)
        assert (report.added, report.retired, report.changed) == (0, 0, 0), sub
        assert _snapshot(store) == before, sub
    assert len(store.reviews(card.id)) == 1
    # a file deleted under the subfolder is retired; the rest of the root is not
    (vault / "01_intro" / "more.md").unlink()
    write(vault, "01_intro/new.md", "Q: What is drift?\nA: Data change.\n")
    report = import_paths(store, [vault / "01_intro"], now=T0)
    assert (report.added, report.retired) == (1, 1)
    new = store.cards("source_path = ?", ("01_intro/new.md",))[0]
    assert new.deck == "01_intro::new" and new.root == str(vault.resolve())
    assert store.count("SELECT count(*) FROM cards WHERE retired = 0") == 4
    # and the root re-imported afterwards sees nothing to change
    report = import_paths(store, [vault], now=T0)
    assert (report.added, report.retired, report.revived) == (0, 0, 0)


def test_a_suddenly_empty_root_does_not_retire_without_consent(tmp_path: Path,
                                                               store: Store) -> None:
    from app.core.errors import RetireRefused  # item 27

    vault = _vault(tmp_path)
    write(vault, "02_serving/many.md", "".join(f"Q: Question {i}?\nA: Answer {i}.\n\n"
                                               for i in range(6)))
    import_paths(store, [vault], now=T0)
    (vault / "02_serving" / "many.md").unlink()  # 6 of 10 cards' notes gone (unmounted, unsynced)
    with pytest.raises(RetireRefused) as refused:
        import_paths(store, [vault], now=T0)
    assert "6 of 10" in refused.value.message and "--allow-retire" in refused.value.hint
    assert store.count("SELECT count(*) FROM cards WHERE retired = 1") == 0
    assert import_paths(store, [vault / "01_intro"], now=T0).retired == 0  # others still fine
    report = import_paths(store, [vault], now=T0, allow_retire=True)
    assert report.retired == 6
    # through the CLI: exit 2 and the flag named; with --allow-retire the cards are retired
    write(vault, "02_serving/many.md", "".join(f"Q: Question {i}?\nA: Answer {i}.\n\n"
                                               for i in range(6)))
    assert run("--collection", "c2.db", "import", "vault", cwd=tmp_path).returncode == 0
    (vault / "02_serving" / "many.md").write_text("nothing here any more\n", encoding="utf-8")
    proc = run("--collection", "c2.db", "import", "vault", cwd=tmp_path)
    assert proc.returncode == 2 and "--allow-retire" in proc.stderr
    proc = run("--collection", "c2.db", "import", "--allow-retire", "vault", cwd=tmp_path)
    assert proc.returncode == 0 and "6 retired" in proc.stdout


def test_list_columns_are_measured_in_cells_and_decks_cut_in_the_middle(tmp_path: Path) -> None:
    from rich.cells import cell_len  # items 12, 13

    write(tmp_path / "n", "a.md", "---\ndeck: ML System Design::Patterns::Model serving\n---\n\n"
          "Q: 二塔モデルの埋め込みはどこに保存しますか？ 二塔モデルの埋め込みはどこに保存しますか？\n"
          "A: ベクトル索引\n\nQ: plain question\nA: x\n")
    assert run("--collection", "c.db", "import", "n", cwd=tmp_path).returncode == 0
    lines = run("--collection", "c.db", "list", cwd=tmp_path).stdout.splitlines()[:-1]
    assert len(lines) == 2
    for line in lines:
        deck = line[30:60]
        assert deck.startswith("ML System") and deck.rstrip().endswith("Model serving"), line
        assert cell_len(line) <= 16 + 2 + 10 + 2 + 30 + 2 + 60
