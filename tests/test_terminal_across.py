"""flowchart LR/RL drawn left to right where it fits; widths counted in terminal cells."""

from __future__ import annotations

from rich.cells import cell_len

from diagrams import parse_block
from diagrams.terminal import draw
from diagrams.view import View


def _diagram(source: str):  # type: ignore[no-untyped-def]
    diagram, problems = parse_block(source, "mermaid", first_line=1, default_id="t")
    assert diagram is not None and problems == []
    return diagram


def _where(lines: list[str], text: str) -> tuple[int, int]:
    for row, line in enumerate(lines):
        if text in line:
            return row, cell_len(line[:line.index(text)])
    raise AssertionError(f"{text!r} not drawn")


def test_lr_is_drawn_left_to_right() -> None:
    lines = draw(_diagram("flowchart LR\n  A[Load] --> B[Clean] --> C[Train] --> D[Publish]"),
                 width=100).plain.splitlines()
    rows, cols = zip(*(_where(lines, name) for name in ("Load", "Clean", "Train", "Publish")),
                     strict=True)
    assert len(set(rows)) == 1 and list(cols) == sorted(cols)  # one row, left to right
    assert len(lines) <= 5 and any("▶" in line for line in lines)


def test_rl_reads_left_to_right_too_and_td_stays_top_down() -> None:
    lines = draw(_diagram("flowchart RL\n  A[Load] --> B[Clean]"), width=100).plain.splitlines()
    assert _where(lines, "Load")[1] < _where(lines, "Clean")[1]
    down = draw(_diagram("flowchart TD\n  A[Load] --> B[Clean]"), width=100).plain.splitlines()
    assert _where(down, "Load")[0] < _where(down, "Clean")[0]


def test_too_wide_for_the_terminal_falls_back_to_top_down() -> None:
    chain = " --> ".join(f"N{i}[Stage number {i}]" for i in range(12))
    lines = draw(_diagram(f"flowchart LR\n  {chain}"), width=80).plain.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    assert _where(lines, "Stage number 0")[0] < _where(lines, "Stage number 11")[0]


def test_blank_and_hidden_latencies_across() -> None:
    diagram = _diagram("flowchart LR\n  A[Fetch 5 ms] --> B[Rank 40 ms] --> C[Serve]")
    text = draw(diagram, width=100, view=View(blank=("B",), hide_latencies=True)).plain
    assert "Rank" not in text and "?" in text and "ms" not in text


def test_wide_characters_keep_box_borders_aligned() -> None:
    for direction in ("LR", "TD"):
        diagram = _diagram(f"flowchart {direction}\n  A[🚀 Launch] --> B[検索 ranking] --> C[End]")
        lines = draw(diagram, width=100).plain.splitlines()
        box = [line for line in lines if "検索" in line]
        assert box, lines
        row = lines.index(box[0])
        left = box[0].index("検索")
        # the border below the label closes in the same terminal column as the label's line
        label_end = cell_len(box[0].rstrip())
        assert any(cell_len(lines[r].rstrip()) >= label_end - 1
                   for r in (row - 1, row + 1) if 0 <= r < len(lines))
        assert left >= 0
