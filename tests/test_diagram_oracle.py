"""Our Mermaid parser against Mermaid's own (the shared mermaid-oracle), over real-world notes.

Run with `pytest --corpus tests/test_diagram_oracle.py -s` (needs ../shared, Node 20 and npm).
The oracle's output holds other people's text: it is written to a temporary folder, never kept.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from diagrams import parse_block

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "tests" / ".tmp" / "mermaid-oracle"  # gitignored; npm ci runs once per lockfile
MIN_MATCH = 0.98


def compare(row: dict[str, Any]) -> list[str]:
    """Reasons why our parse of one oracle row differs; empty when it matches exactly."""
    diagram, problems = parse_block(
        row["source"], "mermaid", first_line=row["line"], default_id="oracle"
    )
    if row["type"] != "flowchart":
        named = diagram is None and problems and "not supported" in problems[0].message
        unheaded = row["type"] is None and diagram is None and "no diagram type" in str(problems)
        return [] if named or unheaded else [f"{row['type']} block not reported: {problems}"]
    if row["error"]:
        if diagram is None:
            return []
        return ["Mermaid rejects it, we accept it: " + row["error"].splitlines()[-1][:120]]
    if diagram is None:
        return ["we reject it, Mermaid accepts it: " + "; ".join(p.message for p in problems)]
    graph = diagram.graph
    reasons = []
    theirs_nodes = [(n["id"], n["text"]) for n in row["nodes"]]
    ours_nodes = [
        (node, attrs["label"])
        for node, attrs in graph.nodes(data=True)
        if attrs["shape"] != "subgraph"
    ]
    if theirs_nodes != ours_nodes:
        reasons.append(f"nodes differ: Mermaid {theirs_nodes}, ours {ours_nodes}")
    # every edge in order, parallel ones between the same pair too (as Mermaid keeps them)
    theirs_edges = [(e["from"], e["to"], e["stroke"], e["text"]) for e in row["edges"]]
    ours_edges = [(u, v, a["kind"], a["label"]) for u, v, a in diagram.all_edges()]
    if theirs_edges != ours_edges:
        reasons.append(f"edges differ: Mermaid {theirs_edges}, ours {ours_edges}")
    theirs_members = {n: sub["id"] for sub in row["subgraphs"] for n in sub["nodes"]}
    ours_members = {
        node: attrs["subgraph"]
        for node, attrs in graph.nodes(data=True)
        if attrs["subgraph"] and attrs["shape"] != "subgraph"
    }
    ours_members.update(diagram.subgraph_parents)
    if theirs_members != ours_members:
        reasons.append(f"subgraph members differ: Mermaid {theirs_members}, ours {ours_members}")
    theirs_titles = {sub["id"]: sub["text"] for sub in row["subgraphs"]}
    if theirs_titles != diagram.subgraphs:
        reasons.append(f"subgraph titles differ: Mermaid {theirs_titles}, ours {diagram.subgraphs}")
    return reasons


def report(rows: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    flowcharts = [row for row in rows if row["type"] == "flowchart"]
    lines = []
    matched = 0
    for row in flowcharts:
        reasons = compare(row)
        if reasons:
            lines.append(f"{row['file']}:{row['line']}: " + " | ".join(reasons))
        else:
            matched += 1
    for row in rows:
        if row["type"] != "flowchart":
            lines.extend(f"{row['file']}:{row['line']}: {r}" for r in compare(row))
    return matched, len(flowcharts), lines


@pytest.fixture
def oracle(shared_dir: Path) -> Path:
    """The oracle, copied beside the tests and installed with `npm ci` when its lockfile changes."""
    source = shared_dir / "tools" / "mermaid-oracle"
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("the oracle needs Node 20 and npm on PATH")
    lock = CACHE / "package-lock.json"
    if not (lock.exists() and filecmp.cmp(lock, source / "package-lock.json", shallow=False)):
        shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        source, CACHE, dirs_exist_ok=True, ignore=shutil.ignore_patterns("node_modules")
    )
    if not (CACHE / "node_modules").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=CACHE, check=True, capture_output=True
        )
    return CACHE


def run_oracle(oracle: Path, folder: Path, out: Path) -> list[dict[str, Any]]:
    subprocess.run(
        ["node", "oracle.mjs", "--batch", str(folder), str(out)],
        cwd=oracle,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]


def test_fixture_corpus_matches_mermaid(
    oracle: Path, shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_oracle(oracle, shared_dir / "fixtures", tmp_path / "fixtures.jsonl")
    matched, total, mismatches = report(rows)
    with capsys.disabled():
        print(f"\nmermaid oracle, fixtures: {matched} of {total} flowchart blocks match")
        for line in mismatches:
            print("  " + line)
    assert total > 0
    assert matched / total >= MIN_MATCH, "\n".join(mismatches)


def test_oracle_examples_match_expected(shared_dir: Path) -> None:
    """The oracle's own hand-written cases, against its committed expected output."""
    expected = shared_dir / "tools" / "mermaid-oracle" / "examples" / "expected.jsonl"
    rows = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line]
    matched, total, mismatches = report(rows)
    assert (matched, mismatches) == (total, [])


def test_oracle_examples_rerun_agree(oracle: Path, shared_dir: Path, tmp_path: Path) -> None:
    """The installed oracle still gives its committed answers (a version drift check)."""
    rows = run_oracle(
        oracle, shared_dir / "tools" / "mermaid-oracle" / "examples", tmp_path / "examples.jsonl"
    )
    matched, total, mismatches = report(rows)
    assert (matched, mismatches) == (total, [])


FIDELITY = """# Parallel edges and edge texts over two lines

```mermaid
flowchart LR
  A --> B
  A -->|checked| B
  X --ingest--> Y
  X --scoring--> Y
  X -.-> Y
  P --assign
  to --> Q
```
"""


def test_parallel_edges_and_multiline_edge_text_match_mermaid(oracle: Path,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "fidelity.md").write_text(FIDELITY, encoding="utf-8")
    rows = run_oracle(oracle, folder, tmp_path / "out.jsonl")
    flowcharts = [row for row in rows if row["type"] == "flowchart"]
    assert len(flowcharts) == 1 and len(flowcharts[0]["edges"]) == 6
    assert compare(flowcharts[0]) == []
