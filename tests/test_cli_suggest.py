"""`blueprint suggest` and the import/check hint for plain notes, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import write
from test_cli import run

PLAIN = """# Feature store

**Point-in-time join**: a join that reads each feature as it was when the label happened.

## Two stores

- Offline store
- Online store
"""

HINT = ("notes but no cards: `blueprint suggest {path}` drafts cards from them, or see the card "
        "syntax in the README")


def _notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    write(notes, "plain.md", PLAIN)
    write(notes, "also-plain.md", "# Serving\n\nA model server keeps no per-user state.\n")
    write(notes, "cards.md", "# Cards\n\nQ: What does a feature store serve?\nA: Features.\n")
    write(notes, "empty.md", "# Only a heading\n")
    return notes


def test_import_and_check_say_once_that_plain_notes_have_no_cards(tmp_path: Path) -> None:
    _notes(tmp_path)
    coll = str(tmp_path / "c.db")
    proc = run("--collection", coll, "import", "-v", "notes", cwd=tmp_path)
    assert proc.returncode == 0
    assert (proc.stdout + proc.stderr).count("no cards") == 1
    assert "2 files have " + HINT.format(path="notes") in proc.stdout
    assert proc.stderr == ""  # a hint, not a problem
    assert proc.stdout.strip().splitlines()[-1] == (
        "1 added, 0 changed, 0 unchanged, 0 retired, 0 revived, 0 problems")
    check = run("check", "notes", cwd=tmp_path)
    assert "2 files have " + HINT.format(path="notes") in check.stdout
    one = run("check", "notes/plain.md", cwd=tmp_path)
    assert "1 file has " + HINT.format(path="notes/plain.md") in one.stdout
    cards_only = run("check", "notes/cards.md", cwd=tmp_path)
    assert "no cards" not in cards_only.stderr + cards_only.stdout


def test_suggest_json_lists_drafts_with_sources_and_ids(tmp_path: Path) -> None:
    _notes(tmp_path)
    proc = run("suggest", "notes", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    fronts = {d["front"]: d for d in data}
    point = fronts["What is Point-in-time join?"]
    assert point["source"] == "notes/plain.md:3"
    assert point["rule"] == "definition" and point["id"].startswith("sg-")
    assert point["breadcrumb"] == ["Feature store"]
    assert "What are the 2 stores?" in fronts
    again = json.loads(run("suggest", "notes", "--json", cwd=tmp_path).stdout)
    assert [d["id"] for d in again] == [d["id"] for d in data]  # stable
    assert "suggestions from" in proc.stderr


def test_suggest_out_writes_card_syntax_and_never_into_the_notes(tmp_path: Path) -> None:
    notes = _notes(tmp_path)
    before = {p.name: p.read_text() for p in notes.iterdir()}
    proc = run("suggest", "notes", "--out", "drafts.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    drafts = (tmp_path / "drafts.md").read_text()
    assert "Q: What is Point-in-time join?\nA: a join that reads" in drafts
    assert "C: Two stores: [Offline store], [Online store]." in drafts
    assert "<!-- notes/plain.md:3 definition" in drafts
    # the drafts import as real cards: 1 + 1 + 2 clozes
    coll = str(tmp_path / "c.db")
    imported = run("--collection", coll, "import", "drafts.md", cwd=tmp_path)
    assert imported.stdout.strip().endswith(
        "4 added, 0 changed, 0 unchanged, 0 retired, 0 revived, 0 problems"), imported.stdout
    refused = run("suggest", "notes", "--out", "notes/plain.md", cwd=tmp_path)
    assert refused.returncode == 2 and "never writes into your notes" in refused.stderr
    assert {p.name: p.read_text() for p in notes.iterdir()} == before


def test_suggest_on_an_empty_folder_or_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    empty = run("suggest", "empty", cwd=tmp_path)
    assert empty.returncode == 2 and "no Markdown files found" in empty.stderr
    missing = run("suggest", "nowhere", cwd=tmp_path)
    assert missing.returncode == 1 and "nowhere:0: no such file or folder" in missing.stderr


def test_a_refused_card_is_a_problem_not_a_plain_note(tmp_path: Path) -> None:
    """A file whose only card was refused (too big) already got a problem naming its line:
    the plain-notes hint ("notes but no cards: blueprint suggest") would send the user the
    wrong way."""
    notes = tmp_path / "notes"
    write(notes, "big.md", "C: " + " ".join(f"w{i} [d{i}]" for i in range(8000)) + "\n")
    coll = str(tmp_path / "c.db")
    for proc in (run("--collection", coll, "import", "notes", cwd=tmp_path),
                 run("check", "notes", cwd=tmp_path)):
        said = proc.stdout + proc.stderr
        assert proc.returncode == 1 and "notes/big.md:1: cloze paragraph too big" in said
        assert "no cards" not in said
