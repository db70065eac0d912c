"""Issue 16 acceptance: mutations of the real public notes in ../shared/fixtures through the
importer (cards and diagram cards) and both diagram parsers. No exception may escape and no call
may take over 2 s of CPU (CPU, not wall time: CI shares its cores)."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import diagrams
from app.core.files import NoteFile
from app.core.note_walk import parse_file

pytestmark = pytest.mark.corpus

SEED = 16
MUTANTS_PER_FILE = 8  # 260 fixture notes -> over 2,000 mutated files
LIMIT_S = 2.0
TOKENS = ["Q:", "A:", "C:", "\nQ: ", "\nA: ", "\nC: ", "{{c1::", "{{c2::x::", "}}", "[", "]",
          "::", ":::", "\n?\n", "\n??\n", "==", "\n---\n", "---\n", "```", "```mermaid\n",
          "```dot\n", "\n```\n", "#flashcards", "<!-- id: x -->", "^blk", "<!--", "-->",
          "subgraph ", "subgraph cluster_a {", "end\n", "-->", "-.->", "==>", "|5 ms|", "[[",
          "]]", "((", "))", "{", "}",
          "\"", "\\", "%% id: z\n", "%% budget: 9 ms\n", "\t", "    ", "\n- ", "\n1. ", "# ",
          "\u200b", "\u0301", "ç", "漢字", "😀", "\r", "\x0b", "deck: a::b", "tags: [x, [y]]"]
MERMAID = re.compile(r"^```mermaid\n(.*?)^```", re.S | re.M)


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 6)):
        n = len(text)
        i = rng.randrange(n + 1)
        op = rng.randrange(6)
        if op == 0:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif op == 1 and n:
            text = text[:i] + text[i + rng.randint(1, 200):]
        elif op == 2 and n:
            j = rng.randrange(n)
            text = text[:i] + text[j:j + rng.randint(1, 400)] + text[i:]
        elif op == 3:
            lines = text.split("\n")
            rng.shuffle(lines[rng.randrange(len(lines)):])
            text = "\n".join(lines)
        elif op == 4:
            text = text[:i]
        else:
            text = text[:i] + rng.choice(TOKENS) * rng.randint(2, 60) + text[i:]
    return text


def within_limit(call: Callable[[], object], what: str) -> None:
    start = time.process_time()
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the point: nothing may escape
        raise AssertionError(f"{what}: {type(exc).__name__}: {exc}") from exc
    took = time.process_time() - start
    assert took < LIMIT_S, f"{what}: {took:.2f} s"


def corpus(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "fixtures").rglob("*.md"))


def test_importer_survives_mutated_notes(shared_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    files = corpus(shared_dir)
    count = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for k in range(MUTANTS_PER_FILE):
            mutant = mutate(text, rng)
            note = NoteFile(tmp_path, tmp_path / f"m{k}.md", f"sub/{path.name}")
            within_limit(lambda m=mutant, n=note: parse_file(m, n), f"{path.name} mutant {k}")
            count += 1
    assert count >= 2000


def _as_dot(source: str) -> str | None:
    diagram, _ = diagrams.parse_block(source, "mermaid", default_id="d")
    if diagram is None:
        return None
    lines = ["digraph G {", "  rankdir=LR;"]
    for node, attrs in diagram.graph.nodes(data=True):
        label = str(attrs.get("label", node)).replace('"', "'").replace("\n", "\\n")
        lines.append(f'  "{node}" [label="{label}"];')
    for src, dst, attrs in diagram.graph.edges(data=True):
        style = ' [style=dotted]' if attrs.get("kind") == "dotted" else ""
        lines.append(f'  "{src}" -> "{dst}"{style};')
    lines.append("}")
    return "\n".join(lines)


def test_both_diagram_parsers_survive_mutated_diagrams(shared_dir: Path) -> None:
    rng = random.Random(SEED + 1)
    blocks = [m.group(1) for path in corpus(shared_dir)
              for m in MERMAID.finditer(path.read_text(encoding="utf-8", errors="replace"))]
    assert len(blocks) >= 50
    dots = [d for d in (_as_dot(b) for b in blocks) if d is not None]
    assert len(dots) >= 30
    count = 0
    for lang, sources, per in (("mermaid", blocks, 8), ("dot", dots, 6)):
        for index, source in enumerate(sources):
            for k in range(per):
                mutant = mutate(source, rng)
                within_limit(lambda m=mutant, lg=lang: diagrams.parse_block(
                    m, lg, default_id="d"), f"{lang} block {index} mutant {k}")
                count += 1
    assert count >= 600
