"""What a re-import decides from the walk's stat alone: a file whose size and mtime are as stored
is not read; any other is read, and re-parsed only when its content (or its --deck) changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import T0, write

from app.core.importing import import_paths
from app.core.store import Store

NOTE = """# Serving

Q: What does a canary release limit?
A: How many users a bad model reaches before it is rolled back.

C: A [shadow] deployment mirrors traffic without answering users.
"""
# the same length as NOTE, other words: only a read can tell them apart
SAME_SIZE = NOTE.replace("canary", "cuckoo").replace("shadow", "mirror")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "c.db")
    yield s
    s.close()


def summary(store: Store, *paths: Path) -> str:
    return import_paths(store, list(paths), now=T0).summary()


def fronts(store: Store) -> set[str]:
    return {c.front for c in store.cards() if not c.retired}


def rewrite_keeping_stat(path: Path, text: str) -> None:
    """New content of the same size under the old mtime: the stat cannot see the change."""
    st = path.stat()
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_same_size_and_mtime_is_not_read(store: Store, tmp_path: Path) -> None:
    note = write(tmp_path / "notes", "serving.md", NOTE)
    assert summary(store, note.parent).startswith("2 added")
    rewrite_keeping_stat(note, SAME_SIZE)
    assert summary(store, note.parent) == ("0 added, 0 changed, 2 unchanged, 0 retired, "
                                           "0 revived, 0 problems")
    assert any("canary" in f for f in fronts(store))  # the old text: the file was not read


def test_a_file_given_by_name_is_stat_compared_too(store: Store, tmp_path: Path) -> None:
    note = write(tmp_path / "notes", "serving.md", NOTE)
    assert summary(store, note).startswith("2 added")
    rewrite_keeping_stat(note, SAME_SIZE)
    assert summary(store, note).startswith("0 added, 0 changed, 2 unchanged")
    os.utime(note, ns=(1_000_000_000, 1_000_000_000))  # now the stat differs: read, parsed
    assert summary(store, note).startswith("0 added, 2 changed, 0 unchanged")
    assert any("cuckoo" in f for f in fronts(store))


def test_touched_file_is_read_once_then_restamped(store: Store, tmp_path: Path) -> None:
    note = write(tmp_path / "notes", "serving.md", NOTE)
    summary(store, note.parent)
    os.utime(note, ns=(2_000_000_000, 2_000_000_000))  # same text, new mtime
    assert summary(store, note.parent).startswith("0 added, 0 changed, 2 unchanged")
    # the new mtime was stored: the next run trusts it and reads nothing
    rewrite_keeping_stat(note, SAME_SIZE)
    assert summary(store, note.parent).startswith("0 added, 0 changed, 2 unchanged")
    assert any("canary" in f for f in fronts(store))


def test_edited_same_size_new_mtime_is_parsed(store: Store, tmp_path: Path) -> None:
    note = write(tmp_path / "notes", "serving.md", NOTE)
    summary(store, note.parent)
    note.write_text(SAME_SIZE, encoding="utf-8")
    os.utime(note, ns=(3_000_000_000, 3_000_000_000))
    assert summary(store, note.parent) == ("0 added, 2 changed, 0 unchanged, 0 retired, "
                                           "0 revived, 0 problems")
    assert any("cuckoo" in f for f in fronts(store))


def test_added_removed_and_renamed_beside_unchanged(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "keep.md", NOTE)
    gone = write(notes, "gone.md", "Q: What does drift mean?\nA: Inputs change over time.\n")
    moved = write(notes, "a/moved.md", "Q: What is a backfill?\nA: Recomputing old rows.\n")
    assert summary(store, notes).startswith("4 added")
    gone.unlink()
    (notes / "b").mkdir()
    moved.rename(notes / "b" / "moved.md")
    write(notes, "new.md", "Q: What is calibration?\nA: Scores that match frequencies.\n")
    # the moved card's deck follows its folder (a::moved -> b::moved): changed
    assert summary(store, notes) == ("1 added, 1 changed, 2 unchanged, 1 retired, 0 revived, "
                                     "0 problems")
    assert {c.source_path for c in store.cards() if not c.retired} == {
        "keep.md", "b/moved.md", "new.md"}


def test_another_deck_reparses_though_the_stat_is_the_same(store: Store,
                                                          tmp_path: Path) -> None:
    note = write(tmp_path / "notes", "serving.md", NOTE)
    summary(store, note.parent)
    moved = import_paths(store, [note.parent], now=T0, deck="ops")
    assert (moved.files_parsed, moved.files_skipped) == (1, 0)
    assert {c.deck for c in store.cards()} == {"ops"}
    again = import_paths(store, [note.parent], now=T0, deck="ops")
    assert (again.files_parsed, again.files_skipped, again.unchanged) == (0, 1, 2)


def test_problems_of_an_unchanged_file_name_it_each_run(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write(notes, "bad.md", "Q: A question with no answer\n")
    first = import_paths(store, [notes], now=T0)
    again = import_paths(store, [notes], now=T0)
    assert again.files_skipped == 1
    assert [(p.line, p.message) for p in again.problems] == [
        (p.line, p.message) for p in first.problems] != []
    assert all(p.path.endswith("bad.md") for p in again.problems)


NOT_ON_THE_PATH = ("markdown_it", "yaml", "fsrs", "networkx", "diagrams", "rapidfuzz",
                   "importers.model", "importers.markdown", "importers.suggest",
                   "app.core.import_writer", "app.core.identity", "app.core.suggesting",
                   "app.core.schedule_state", "hashlib")


def test_a_no_change_reimport_loads_no_parser_writer_or_rules(tmp_path: Path) -> None:
    """As the command: the second run is a walk, a stat per note and the files table."""
    notes = tmp_path / "notes"
    write(notes, "serving.md", NOTE)
    write(notes, "bad.md", "Q: A question with no answer\n")  # its problem is still told
    code = ("import sys\nfrom app.cli import main\n"
            f"sys.argv = ['blueprint', '--collection', {str(tmp_path / 'c.db')!r}, 'import',"
            f" {str(notes)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {NOT_ON_THE_PATH!r} if m in sys.modules])\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "2 added" in first.stdout and "importers.model" in first.stdout  # it parsed
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "0 added, 0 changed, 2 unchanged" in again.stdout
    assert "bad.md:1:" in again.stderr
    assert again.stdout.splitlines()[-1] == "[]"
