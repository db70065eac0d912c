"""No card front gives its answer away: every diagram card of the shipped decks (and, under the
corpus marker, of the public fixtures), as `blueprint card show` prints it and as its SVG."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.core.importing import import_paths
from app.core.store import Store
from tests.front_leaks import leaks

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def test_shipped_deck_fronts_give_nothing_away(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    import_paths(store, [REPO / "decks"], now=NOW)
    problems, checked = leaks(store, tmp_path / "svg")
    assert checked > 300
    assert problems == []


@pytest.mark.corpus
def test_fixture_fronts_give_nothing_away(shared_dir: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    import_paths(store, [shared_dir / "fixtures"], now=NOW)
    problems, checked = leaks(store, tmp_path / "svg")
    assert checked > 50
    assert problems == []


def test_card_show_prints_front_and_back(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    runner = CliRunner()
    sample = REPO / "tests" / "data" / "branching-sample.md"
    assert runner.invoke(main, ["--collection", str(db), "import", str(sample)]).exit_code == 0
    front = runner.invoke(main, ["--collection", str(db), "card", "show",
                                 "sample-feed-branches:after:UF", "--width", "100"])
    assert front.exit_code == 0, front.output
    assert "right after “User feature fetch”" in front.output and "Ranker" not in front.output
    both = runner.invoke(main, ["--collection", str(db), "card", "show",
                                "sample-feed-branches:after:UF", "--back", "--width", "100"])
    assert "Ranker" in both.output and "── answer ──" in both.output
    missing = runner.invoke(main, ["--collection", str(db), "card", "show", "nope"])
    assert missing.exit_code != 0 and "no card 'nope'" in missing.output
    assert "Traceback" not in missing.output
