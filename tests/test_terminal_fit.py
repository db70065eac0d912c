"""Every shipped diagram fits the review's diagram area: at 120x40 (116 columns, 23 rows with the
grade bar and a bottleneck card's choices shown) without scrolling, LR drawn left to right; at
80x24 (76 columns) with vertical scrolling only. Drawn by the function the review and
`blueprint card show` use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

from app.core.diagram_quiz import draw, load_quiz
from app.core.importing import import_paths
from app.core.store import Store
from diagrams import parse_block
from diagrams.terminal import draw as draw_diagram

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
WIDTH_120, ROWS_120 = 116, 23  # the review at 120x40: its width - 4, the smallest area measured
WIDTH_80 = 76


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("fit") / "c.db")
    import_paths(store, [REPO / "decks"], now=NOW)
    return store


def _one_card_per_kind(store: Store) -> list:  # type: ignore[type-arg]
    seen, cards = set(), []
    for card in store.cards("retired = 0 AND diagram_id IS NOT NULL"):
        if (card.diagram_id, card.kind) not in seen:
            seen.add((card.diagram_id, card.kind))
            cards.append(card)
    return cards


def test_every_shipped_diagram_fits_120x40_left_to_right(shipped: Store) -> None:
    cards = _one_card_per_kind(shipped)
    assert len({c.diagram_id for c in cards}) >= 15
    too_big, not_across, seen = [], [], set()
    for card in cards:
        loaded = load_quiz(shipped, card)
        for revealed in (False, True):
            view = loaded.quiz.back_view if revealed else loaded.quiz.front_view
            # Highlights and the marked path change colours, not sizes: draw each size once.
            size_key = (card.diagram_id, view.blank, view.hide_latencies, view.hide_edges)
            if size_key in seen:
                continue
            seen.add(size_key)
            lines = draw(loaded, revealed=revealed, width=WIDTH_120,
                         height=ROWS_120).plain.splitlines()
            size = (max(cell_len(line) for line in lines), len(lines))
            if size[0] > WIDTH_120 or size[1] > ROWS_120:
                too_big.append((card.diagram_id, card.kind, revealed, size))
            drawn = "\n".join(lines)
            if (loaded.diagram.direction in ("LR", "RL") and "arrows are the answer" not in drawn
                    and not any(head in drawn for head in "▶▷")):
                not_across.append((card.diagram_id, card.kind))
    assert len(seen) > 60
    assert too_big == []
    assert not_across == []


def test_every_shipped_diagram_fits_80_columns(shipped: Store) -> None:
    wide = []
    for card in _one_card_per_kind(shipped):
        if card.kind != "diagram-latency":  # the full back view: every label and latency
            continue
        loaded = load_quiz(shipped, card)
        lines = draw(loaded, revealed=True, width=WIDTH_80).plain.splitlines()
        if max(cell_len(line) for line in lines) > WIDTH_80:
            wide.append(card.diagram_id)
    assert wide == []


def test_a_top_down_diagram_taller_than_the_rows_is_drawn_left_to_right() -> None:
    chain = " --> ".join(f"N{i}[Stage {i}]" for i in range(9))
    diagram, _ = parse_block(f"flowchart TD\n  {chain}", "mermaid", first_line=1,
                             default_id="td")
    assert diagram is not None
    free = draw_diagram(diagram, width=116).plain.splitlines()
    assert len(free) > 20 and "▼" in "".join(free)  # top-down when rows do not matter
    fitted = draw_diagram(diagram, width=116, height=20).plain.splitlines()
    assert len(fitted) <= 20 and "▶" in "".join(fitted)


def test_a_feedback_loop_is_drawn_back_only_when_the_width_needs_it() -> None:
    source = "flowchart LR\n  A[Request] --> B[Rank] --> C[Response]\n  C -.-> D[Logs]"
    diagram, _ = parse_block(source, "mermaid", first_line=1, default_id="fb")
    assert diagram is not None
    roomy = draw_diagram(diagram, width=116).plain.splitlines()
    row = next(line for line in roomy if "Response" in line)
    assert row.index("Response") < row.index("Logs")  # room: the logs after the response
    long = " --> ".join(f"N{i}[Step {i}]" for i in range(9))
    diagram, _ = parse_block(f"flowchart LR\n  {long}\n  N8 -.-> L[Logs] -.-> N3", "mermaid",
                             first_line=1, default_id="fb2")
    assert diagram is not None
    tight = draw_diagram(diagram, width=100).plain
    assert "▶" in tight and max(cell_len(line) for line in tight.splitlines()) <= 100
