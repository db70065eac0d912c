"""A rebuild card's back draws the diagram with the learner's missed arrows (double red lines)
and wrong arrows (extra arrows ending in ✗) marked, through `blueprint card show --answer`."""

from __future__ import annotations

from pathlib import Path

from helpers import cli_on_note

from diagrams import parse_block, quiz_cards
from diagrams.rebuild_marks import rebuild_view

NOTE = """# Serving

```mermaid
%% id: rb
flowchart LR
  REQ[Request] --> RET[Retrieval] --> RK[Ranking] --> RESP[Response]
  RET --> FS[Features] --> RK
```
"""
# Right: Request > Retrieval, Retrieval > Ranking, Ranking > Response, Retrieval > Features,
# Features > Ranking. The answer below misses Features > Ranking and adds Request > Features.
ANSWER = ("Request > Retrieval, Retrieval > Ranking, Ranking > Response, Retrieval > Features, "
          "Request > Features")


def _rebuild():  # type: ignore[no-untyped-def]
    source = NOTE.split("```mermaid\n")[1].split("```")[0]
    diagram, _ = parse_block(source, "mermaid", first_line=1, default_id="rb")
    assert diagram is not None
    return diagram, next(q for q in quiz_cards(diagram) if q.kind == "diagram-rebuild")


def test_the_view_lists_the_missed_and_the_wrong_arrows() -> None:
    diagram, card = _rebuild()
    view = rebuild_view(diagram, card, ANSWER)
    assert view.missed == (("FS", "RK"),) and view.wrong == (("REQ", "FS"),)
    assert rebuild_view(diagram, card, card.back.replace("\n", ", ")).missed == ()


def test_card_show_back_marks_them(tmp_path: Path) -> None:
    blueprint = cli_on_note(tmp_path, NOTE)
    shown = blueprint("card", "show", "rb:rebuild", "--width", "100", "--answer", ANSWER)
    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert "missed: Features > Ranking" in out and "wrong: Request > Features" in out
    drawing = out[out.index("── answer ──"):]
    assert "═" in drawing or "║" in drawing  # the missed arrow, in double lines
    assert drawing.count("✗") >= 2  # the wrong arrow's head, and the legend
    assert "══ missed" in drawing
    right = blueprint("card", "show", "rb:rebuild", "--back", "--width", "100")
    assert "═" not in right.output and "✗" not in right.output  # no answer: nothing marked
