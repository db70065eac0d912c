"""A diagram card's heading breadcrumb never names its answer (it is shown on the front)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from app.cli import main
from importers.diagram_cards import masked

NOTE = """\
---
deck: Serving
---

# Serving patterns

## Prediction cache with an online fallback

```mermaid
flowchart LR
  RQ[Request] --> PC[Prediction cache]
  PC --> MS[Model server]
  MS --> RS[Response]
```
"""


def test_the_answer_is_taken_out_of_the_breadcrumb() -> None:
    crumbs = ("Serving patterns", "Prediction cache with an online fallback")
    assert masked(crumbs, ("Prediction cache", "cache")) == (
        "Serving patterns", "… with an online fallback")
    assert masked(crumbs, ("3 1 2",)) == crumbs  # order answers name no stage
    assert masked(("Caches",), ("cache",)) == ("Caches",)  # whole words only


def test_card_show_front_never_names_the_blank_through_its_heading(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "serving.md").write_text(NOTE, encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--collection", db, "import", str(notes)]).exit_code == 0
    import json

    cards = json.loads(runner.invoke(main, ["--collection", db, "list", "--json"]).output)
    node = next(c for c in cards if c["kind"] == "diagram-node"
                and c["back"].startswith("Prediction cache"))
    front = runner.invoke(main, ["--collection", db, "card", "show", node["id"]]).output
    assert "Prediction cache" not in front and "with an online fallback" in front
    other = next(c for c in cards if c["kind"] == "diagram-node"
                 and c["back"].startswith("Model server"))
    assert other["breadcrumb"][-1] == "Prediction cache with an online fallback"
