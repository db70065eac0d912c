"""The `blueprint` command as users run it: outputs, JSON shapes, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DATA, T0, write

BLUEPRINT = Path(sys.executable).parent / "blueprint"


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BLUEPRINT), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def coll(tmp_path: Path) -> str:
    return str(tmp_path / "c.db")


def test_import_list_stats(coll: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("format-sample.md", "osr-sample.md"):
        (notes / name).write_text((DATA / name).read_text())
    first = run("--collection", coll, "import", str(notes))
    assert first.returncode == 0, first.stderr
    # 6 + 5 text cards; the diagram's family: 6 node cards + bottleneck + latency + after/before
    added = int(first.stdout.split()[0])
    assert added >= 11 + 6
    assert first.stdout.strip().endswith(
        f"{added} added, 0 changed, 0 unchanged, 0 retired, 0 revived, 0 problems")
    again = run("--collection", coll, "import", str(notes))
    assert again.stdout.strip() == (f"0 added, 0 changed, {added} unchanged, 0 retired, "
                                    "0 revived, 0 problems")
    cards = json.loads(run("--collection", coll, "list", "--json").stdout)
    assert len(cards) == added
    assert set(cards[0]) >= {"id", "deck", "kind", "front", "back", "source", "state", "due",
                             "retired"}
    kinds = {c["kind"] for c in cards}
    assert {"basic", "reversed", "cloze"} <= kinds and any(k.startswith("diagram") for k in kinds)
    node_cards = [c for c in cards if c["kind"] == "diagram-node"]
    assert len(node_cards) == 6  # CG, FS, RK, AU, LOG, TR; REQ and RESP skipped
    assert all(c["source"].startswith(("format-sample.md:", "osr-sample.md:")) for c in cards)
    deck = json.loads(run("--collection", coll, "list", "--json", "--deck", "samples").stdout)
    assert len(deck) == 5
    stats = json.loads(run("--collection", coll, "stats", "--json").stdout)
    assert stats["cards"]["new"] == added and stats["reviews_total"] == 0
    assert set(stats) >= {"cards", "due_today", "reviews_today", "reviews_total"}


def test_problems_exit_1_strict_writes_nothing(coll: str, tmp_path: Path) -> None:
    notes = tmp_path / "n"
    write(notes, "ok.md", "Q: fine\nA: yes\n")
    write(notes, "bad.md", "Q: no answer\n\nC: nothing hidden\n")
    strict = run("--collection", coll, "import", "--strict", str(notes))
    assert strict.returncode == 1
    assert "bad.md:1: 'Q:' with no 'A:'" in strict.stderr
    assert json.loads(run("--collection", coll, "list", "--json").stdout) == []
    loose = run("--collection", coll, "import", str(notes))
    assert loose.returncode == 1
    assert loose.stdout.strip().endswith("1 added, 0 changed, 0 unchanged, 0 retired, 0 revived, "
                                         "2 problems")
    check = run("check", str(notes))
    assert check.returncode == 1 and "bad.md:3:" in check.stdout


def test_usage_errors_exit_2(coll: str, tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_text("not a database " * 200)
    proc = run("--collection", str(bad), "stats")
    assert proc.returncode == 2 and "not a Blueprint collection" in proc.stderr
    proc = run("--collection", coll, "diagram", "show", str(tmp_path / "missing.md"))  # never the real user folder
    assert proc.returncode == 2 and "no such file" in proc.stderr
    note = write(tmp_path, "d.md", (DATA / "format-sample.md").read_text())
    proc = run("diagram", "show", f"{note}:3")  # FILE:LINE, and line 3 is prose
    assert proc.returncode == 2 and "d.md:3 is in no diagram block" in proc.stderr
    assert "d.md:43 sample-ads-serving" in proc.stderr  # where the diagrams are
    proc = run("diagram", "show", str(note), "--blank", "NOPE")
    assert proc.returncode == 2 and "no node 'NOPE'" in proc.stderr


def test_environment_variable_names_the_collection(tmp_path: Path) -> None:
    notes = write(tmp_path / "n", "a.md", "Q: a\nA: b\n")
    env = {"BLUEPRINT_COLLECTION": str(tmp_path / "env.db")}
    assert run("import", str(notes), env=env).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_diagram_show_json_and_render(tmp_path: Path) -> None:
    note = write(tmp_path, "d.md", (DATA / "format-sample.md").read_text())
    data = json.loads(run("diagram", "show", str(note), "--json").stdout)
    assert data["budget"] == 100
    assert data["critical_path"] == ["REQ", "CG", "FS", "RK", "AU", "RESP"]
    assert data["bottleneck"] == "RK"
    rk = next(n for n in data["nodes"] if n["id"] == "RK")
    assert rk["label"] == "Ranking model\n40 ms" and rk["name"] == "Ranking model"
    assert rk["latency_ms"] == 40
    dotted = [e for e in data["edges"] if e["offline"]]
    assert len(dotted) == 3 and all(e["kind"] == "dotted" for e in dotted)
    shown = run("diagram", "show", f"{note}:50", "--blank", "RK")  # a line inside the block
    assert shown.returncode == 0 and "Ranking model" not in shown.stdout and "?" in shown.stdout
    out = tmp_path / "d.svg"
    rendered = run("diagram", "render", str(note), "-o", str(out), "--blank", "RK")
    assert rendered.returncode == 0, rendered.stderr
    svg = out.read_text()
    assert "<svg" in svg and "Ranking model" not in svg and "Auction" in svg


def test_export_anki_cli(coll: str, tmp_path: Path) -> None:
    notes = write(tmp_path / "n", "a.md", (DATA / "format-sample.md").read_text())
    run("--collection", coll, "import", str(notes.parent))
    out = tmp_path / "deck.apkg"
    proc = run("--collection", coll, "export", "anki", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 1000 and "notes" in proc.stdout


def test_first_run_imports_shipped_decks(tmp_path: Path) -> None:
    """`blueprint` on an empty collection imports decks/ first (checked via a command that
    shares the first-run step without opening the TUI)."""
    from app.cli_support import first_run as _first_run
    from app.core.collection import Collection

    collection = Collection.open(tmp_path / "first.db", clock=lambda: T0)
    store = collection.store
    _first_run(collection)
    assert store.count("SELECT count(*) FROM cards") >= 600
    assert store.count("SELECT count(*) FROM diagrams") >= 14
    before = store.count("SELECT count(*) FROM cards")
    _first_run(collection)
    assert store.count("SELECT count(*) FROM cards") == before
    collection.close()
