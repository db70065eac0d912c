"""The stats screen opens at once and computes in workers; optimize runs from it in a worker with
a progress bar, shows old vs new parameters and asks Apply / Keep (Pilot, real collections)."""

from __future__ import annotations

import importlib.util
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_fsrs_eval import synthetic_log
from textual.widgets import Button, ProgressBar, Static
from tui_support import settle, text_of

from app.core.collection import Collection
from app.core.fsrs_eval import DEFAULT_PARAMETERS
from app.core.store_scheduling import parameter_history
from app.tui.app import make_app
from app.tui.modals.optimize import OptimizeModal
from app.tui.screens.stats import COMPUTING, StatsScreen

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
HAS_TORCH = importlib.util.find_spec("torch") is not None


def _log_collection(tmp_path: Path, cards: int, clock=lambda: NOW) -> Collection:  # type: ignore[no-untyped-def]
    collection = Collection.open(tmp_path / "c.db", clock=clock, tz=UTC)
    collection.import_review_log(synthetic_log(tmp_path / "log.csv", cards=cards))
    return collection


def _schedules(collection: Collection) -> list[tuple]:
    return [(c.id, c.state, c.due) for c in collection.list_cards()]


async def test_stats_opens_with_placeholders_then_shows_the_numbers(tmp_path: Path) -> None:
    gate = threading.Event()

    def clock() -> datetime:  # the workers' clock waits until the test has seen the placeholders
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(30)
        return NOW

    collection = _log_collection(tmp_path, cards=20)
    collection.clock = clock
    app = make_app(collection)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)  # open while nothing is computed yet
        assert screen.data is None and screen.load is None
        assert COMPUTING in text_of(screen.query_one("#stats-summary", Static))
        gate.set()
        await settle(pilot)
        assert screen.data is not None and screen.data.reviews_total == 140
        assert "in total 140" in text_of(screen.query_one("#stats-summary", Static))
        expected = collection.forecast()["simulation"]["reviews"]
        assert screen.load == [d["reviews"] for d in expected]
    collection.close()


async def _open_optimize(pilot) -> OptimizeModal:  # type: ignore[no-untyped-def]
    await pilot.press("t")
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, OptimizeModal)
    return modal


async def test_optimize_with_too_few_reviews_changes_nothing(tmp_path: Path) -> None:
    collection = _log_collection(tmp_path, cards=20)
    before = _schedules(collection)
    app = make_app(collection)
    async with app.run_test(size=(100, 40)) as pilot:
        modal = await _open_optimize(pilot)
        status = text_of(modal.query_one("#optimize-status", Static))
        assert "optimize needs 512 reviews" in status and "more" in status
        assert "nothing was changed" in status
        assert modal.query_one("#optimize-apply", Button).disabled
        await pilot.press("a")  # nothing to apply
        await settle(pilot)
        assert app.screen is modal
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
    assert parameter_history(collection.store) == []
    assert _schedules(collection) == before
    collection.close()


async def test_optimize_without_torch_says_how_to_install_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` fails as if not installed
    collection = _log_collection(tmp_path, cards=110)  # 660 scored reviews: enough to fit
    before = _schedules(collection)
    app = make_app(collection)
    async with app.run_test(size=(100, 40)) as pilot:
        modal = await _open_optimize(pilot)
        status = text_of(modal.query_one("#optimize-status", Static))
        assert "needs PyTorch" in status and "blueprint[optimizer]" in status
        assert modal.query_one("#optimize-apply", Button).disabled
        assert str(modal.query_one("#optimize-keep", Button).label) == "Close"
        await pilot.click("#optimize-keep")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
    assert parameter_history(collection.store) == []
    assert _schedules(collection) == before
    collection.close()


async def _wait_for_proposal(pilot, modal: OptimizeModal, minutes: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(minutes * 60 * 2):
        if modal.proposal is not None or modal.failed is not None:
            break
        await pilot.pause(0.5)
    await pilot.pause()
    assert modal.failed is None, modal.failed
    assert modal.proposal is not None, "the fit did not finish in time"


@pytest.mark.corpus  # fitting needs PyTorch, which CI installs for the corpus step
async def test_optimize_keep_changes_nothing(tmp_path: Path) -> None:
    if not HAS_TORCH:
        pytest.fail("the corpus run needs PyTorch: .ci/run installs torch==2.13.0")
    collection = _log_collection(tmp_path, cards=110)
    before = _schedules(collection)
    app = make_app(collection)
    async with app.run_test(size=(100, 40)) as pilot:
        modal = await _open_optimize(pilot)
        await _wait_for_proposal(pilot, modal, minutes=5)
        bar = modal.query_one(ProgressBar)
        assert bar.total and bar.progress == bar.total  # the fit's steps, reported to the end
        lines = text_of(modal.query_one("#optimize-lines", Static))
        assert "w0 initial S Again" in lines and "log loss" in lines
        await pilot.press("escape")  # Keep
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
    assert parameter_history(collection.store) == []
    assert _schedules(collection) == before
    collection.close()


@pytest.mark.corpus
async def test_optimize_from_stats_on_the_real_log_applies(tmp_path: Path,
                                                          shared_dir: Path) -> None:
    if not HAS_TORCH:
        pytest.fail("the corpus run needs PyTorch: .ci/run installs torch==2.13.0")
    collection = Collection.open(tmp_path / "c.db", clock=lambda: NOW, tz=UTC)
    collection.import_review_log(shared_dir / "data" / "review-logs-real-2024.csv")
    app = make_app(collection)
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await _open_optimize(pilot)
        await _wait_for_proposal(pilot, modal, minutes=30)
        proposal = modal.proposal
        assert proposal is not None and proposal.better
        bar = modal.query_one(ProgressBar)
        assert bar.total and bar.progress == bar.total
        assert proposal.old == tuple(DEFAULT_PARAMETERS)
        await pilot.press("a")
        for _ in range(600):  # rescheduling 1,205 cards from their log
            if isinstance(app.screen, StatsScreen):
                break
            await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen) and app.screen.data is not None
    history = parameter_history(collection.store)
    assert len(history) == 1 and history[0].parameters == proposal.new
    assert history[0].reviews == proposal.reviews == 12580
    collection.close()
