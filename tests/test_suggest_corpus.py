"""Suggestions on the public plain-note fixtures (ML system design notes written by others)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.markdown import parse_note
from importers.suggest import suggest_note

FOLDERS = ("alirezadir__Machine-Learning-Interviews", "neurarch-ai__awesome-ml-system-design",
           "AngelCantugr__fantastic-engine")


@pytest.mark.corpus
def test_plain_notes_with_structure_get_at_least_five_suggestions(shared_dir: Path) -> None:
    with_structure = 0
    short: list[str] = []
    for folder in FOLDERS:
        for path in sorted((shared_dir / "fixtures" / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            found = suggest_note(text, path.name)
            for s in found:  # every draft is valid card syntax
                if s.kind != "diagram":
                    parsed = parse_note(s.markdown, path.name)
                    assert parsed.cards and not parsed.problems, (path, s.markdown)
            if any(s.rule in ("definition", "list", "table") for s in found):
                with_structure += 1
                if len(found) < 5:
                    short.append(f"{path.name}: {len(found)}")
    assert with_structure >= 100
    # a few short files (one-page summaries, 19-line stubs) have fewer than five
    assert len(short) <= with_structure // 10, short
