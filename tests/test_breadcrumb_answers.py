"""A diagram card's heading breadcrumb never names its answer (it is shown on the front)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import cli_on_note

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
    blueprint = cli_on_note(tmp_path, NOTE)
    cards = json.loads(blueprint("list", "--json").output)
    node = next(c for c in cards if c["kind"] == "diagram-node"
                and c["back"].startswith("Prediction cache"))
    front = blueprint("card", "show", node["id"]).output
    assert "Prediction cache" not in front and "with an online fallback" in front
    other = next(c for c in cards if c["kind"] == "diagram-node"
                 and c["back"].startswith("Model server"))
    assert other["breadcrumb"][-1] == "Prediction cache with an online fallback"
