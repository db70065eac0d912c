"""Shared test setup: the --corpus switch for tests that read ../shared (fixtures, tools, data)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import SHIPPED_AT

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--corpus",
        action="store_true",
        default=False,
        help="run the corpus tests against ../shared (fixtures, mermaid oracle, review log)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """No test touches the user's own collection: the default data folder (platformdirs reads
    XDG_DATA_HOME) is a fresh one for the run, subprocesses included. A collection left in
    ~/.local/share by a newer branch made `test_usage_errors_exit_2` fail."""
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="blueprint-test-data-")
    os.environ.pop("BLUEPRINT_COLLECTION", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--corpus"):
        return
    skip = pytest.mark.skip(reason="corpus test: run with --corpus (needs ../shared)")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: corpus tests need the shared folder beside the repo")
    return SHARED


@pytest.fixture(autouse=True)
def _steady_text_cursors(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots show text cursors steadily. A focused Input or TextArea blinks its cursor every
    0.5 s, so a screenshot taken more than 0.5 s after focus (a busy machine) caught it hidden
    and one taken sooner caught it shown: the same screen gave two pictures."""
    if "snap_compare" not in request.fixturenames:
        return
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture(scope="session")
def _shipped_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.core.collection import Collection

    path = tmp_path_factory.mktemp("shipped") / "c.db"
    collection = Collection.open(path, clock=lambda: SHIPPED_AT)
    collection.import_paths([REPO / "decks"])
    collection.close()
    return path


@pytest.fixture
def shipped(_shipped_once: Path, tmp_path: Path) -> Path:
    """A collection of the shipped decks imported at SHIPPED_AT (imported once a run): the
    test's own copy, so what one test changes no other sees."""
    copy = tmp_path / "shipped.db"
    for side in ("", "-wal"):  # closed: the log is checkpointed, but copy it if it is there
        if Path(f"{_shipped_once}{side}").exists():
            shutil.copyfile(f"{_shipped_once}{side}", f"{copy}{side}")
    return copy
