"""Issue 16, diagrams: DOT nesting is refused in linear time, and one diagram is capped in what
it may produce. Each test failed before its fix."""

from __future__ import annotations

import time

import diagrams


def timed(source: str, lang: str) -> tuple[float, list[str]]:
    """CPU seconds this process spent parsing (not wall time: on a loaded machine the wall
    clock also counts the time other processes ran), and the problems found."""
    start = time.process_time()
    diagram, problems = diagrams.parse_block(source, lang, default_id="d")
    assert diagram is None
    return time.process_time() - start, [p.message for p in problems]


def test_deep_or_unclosed_dot_nesting_is_a_quick_problem() -> None:  # item 23
    inner = "a -> b;"
    for i in range(14):
        inner = f"subgraph cluster_{i} {{ n{i} -> m{i}; {inner} }}"
    took, messages = timed("digraph G { " + inner + " }", "dot")
    assert took < 1.0 and "nested more than" in messages[0]
    took, messages = timed("digraph G {\n" + "subgraph cluster_x { a -> b;\n" * 4, "dot")
    assert took < 1.0 and "never closed" in messages[0]


def test_ordinary_nesting_still_parses() -> None:  # item 23
    source = ('digraph G {\n  subgraph cluster_a { label="Online"; subgraph cluster_b '
              '{ A -> B } }\n  B -> C // a } in a comment\n  C -> D [label="{not a brace}"]\n}')
    diagram, problems = diagrams.parse_block(source, "dot", default_id="d")
    assert diagram is not None and problems == []
    assert set(diagram.graph.nodes) == {"A", "B", "C", "D"}


def test_one_diagram_is_capped_and_the_limit_said() -> None:  # item 26
    chain = "flowchart LR\n" + "\n".join(f"  N{i} --> N{i + 1}" for i in range(10_000))
    took, messages = timed(chain, "mermaid")
    assert took < 1.0 and "KB limit" in messages[-1] and "split it" in messages[-1]
    chain = "flowchart LR\n" + "\n".join(f"  N{i} --> N{i + 1}" for i in range(1_000))
    took, messages = timed(chain, "mermaid")
    assert "1001 nodes" in messages[-1] and "over the limit of" in messages[-1]
    dense = "flowchart LR\n" + "\n".join(f"  A{i} --> B{j}" for i in range(40) for j in range(40))
    took, messages = timed(dense, "mermaid")
    assert "edges" in messages[-1]


def test_readme_diagram_commands_run_and_several_diagrams_are_listed(tmp_path) -> None:
    import subprocess  # item 17
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    blueprint = Path(sys.executable).parent / "blueprint"
    commands = [line.split("#")[0].split()[3:] for line in
                (repo / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("scripts/run diagram show")]
    assert commands
    for args in commands:
        proc = subprocess.run([str(blueprint), "diagram", "show", *args], cwd=repo,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, (args, proc.stderr)
    two = tmp_path / "two.md"
    two.write_text("```mermaid\nflowchart LR\n  A --> B\n```\n\n"
                   "```mermaid\nflowchart LR\n  %% id: second\n  C --> D\n```\n")
    proc = subprocess.run([str(blueprint), "diagram", "show", str(two)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and "2 diagrams" in proc.stderr, proc.stderr
    assert "two.md:1 two#1" in proc.stderr and "two.md:6 second" in proc.stderr
    proc = subprocess.run([str(blueprint), "diagram", "show", f"{two}:7", "--json"],
                          capture_output=True, text=True, timeout=60)  # FILE:LINE in the block
    assert proc.returncode == 0 and '"second"' in proc.stdout
    listed = subprocess.run([str(blueprint), "diagram", "list", str(tmp_path), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert [(d["source"].rsplit("/", 1)[-1], d["id"], d["nodes"]) for d in
            __import__("json").loads(listed.stdout)] == [("two.md:1", "two#1", 2),
                                                          ("two.md:6", "second", 2)]
