"""Nothing in app/tui computes intervals, parses notes or decides card identity."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[1] / "app" / "tui"
FORBIDDEN = [
    r"^\s*(import|from)\s+fsrs\b",  # intervals come from the session
    r"^\s*(import|from)\s+markdown_it\b",  # notes are parsed by importers
    r"^\s*(import|from)\s+importers\b",
    r"^\s*(import|from)\s+app\.core\.identity\b",
    r"^\s*(import|from)\s+diagrams\b",  # the diagram glue lives in app.core.diagram_quiz
    r"\bsqlite3\b",  # the store owns SQL
    r"\.conn\.execute\(",
    r"\b(review_card|preview|retrievability)\(",
]


def test_tui_only_displays() -> None:
    files = sorted(TUI.rglob("*.py"))
    assert files
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in FORBIDDEN:
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(TUI)}:{number}: {line.strip()}")
    assert found == []
