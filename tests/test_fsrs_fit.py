"""The tensor FSRS-6 model behind `blueprint optimize`: it predicts exactly what py-fsrs's
scheduler predicts, and its fits lower the loss they minimise without leaving the bounds."""

from __future__ import annotations

import importlib.util
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_fsrs_eval import synthetic_log

from app.core import fsrs_eval as E
from app.core.review_logs import read_review_csv

# PyTorch is the optional optimizer extra: the default suite has none, so these run in CI's
# corpus step, which installs it (.ci/run). There a missing torch fails, never skips.
pytestmark = pytest.mark.corpus
HAS_TORCH = importlib.util.find_spec("torch") is not None
if HAS_TORCH:  # without torch the fixture below fails each test that runs
    import torch

    from app.core import fsrs_fit as F


@pytest.fixture(autouse=True)
def _needs_torch() -> None:
    if not HAS_TORCH:
        pytest.fail("these tests need PyTorch: .ci/run installs torch==2.13.0 for the corpus step")

T0 = datetime(2024, 1, 1, 9, tzinfo=UTC)


def _log(tmp_path: Path, cards: int = 70) -> list[E.LoggedReview]:
    rows, problems = read_review_csv(synthetic_log(tmp_path / "log.csv", cards=cards))
    assert not problems
    return [E.LoggedReview(int(r.card_id), r.rating, r.at) for r in rows]


def _with_same_day_steps(reviews: list[E.LoggedReview]) -> list[E.LoggedReview]:
    """Add a same-day relearning step after every Again (the short-term path of FSRS-6)."""
    extra = [E.LoggedReview(r.card_id, 3, r.at + timedelta(minutes=10))
             for r in reviews if r.rating == 1]
    return reviews + extra


def _jittered(seed: int) -> tuple[float, ...]:
    rng = random.Random(seed)
    return tuple(min(max(p * rng.uniform(0.6, 1.4), lo), hi) for p, lo, hi in
                 zip(E.DEFAULT_PARAMETERS, F.fs.LOWER_BOUNDS_PARAMETERS,
                     F.fs.UPPER_BOUNDS_PARAMETERS, strict=True))


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_predictions_equal_py_fsrs(tmp_path: Path, seed: int | None) -> None:
    reviews = _with_same_day_steps(_log(tmp_path))
    params = E.DEFAULT_PARAMETERS if seed is None else _jittered(seed)
    expected = E.fsrs_predictor(params)(E.histories(reviews))
    got = F.predictions(reviews, params)
    assert got.keys() == expected.keys() and len(got) > 300
    assert max(abs(got[k] - expected[k]) for k in got) < 1e-9


@pytest.mark.parametrize("method", ["adam", "lbfgs"])
def test_a_fit_lowers_its_loss_and_stays_in_bounds(tmp_path: Path, method: str) -> None:
    reviews = _with_same_day_steps(_log(tmp_path, cards=120))
    settings = F.FitSettings(prior=0.0, steps=25, method=method, learning_rate=0.05)
    seen: list[tuple[int, int]] = []
    fitted = F.fit_parameters(reviews, settings, progress=lambda *done: seen.append(done))
    batch = F.encode(reviews)

    def loss(p: tuple[float, ...]) -> float:
        return float(F.loss(torch.tensor(p, dtype=torch.float64), batch, 0.0))

    assert loss(fitted) < loss(E.DEFAULT_PARAMETERS) - 1e-4
    assert all(lo <= p <= hi for p, lo, hi in zip(fitted, F.fs.LOWER_BOUNDS_PARAMETERS,
                                                  F.fs.UPPER_BOUNDS_PARAMETERS, strict=True))
    assert seen and seen == sorted(seen) and 0 < seen[-1][0] <= seen[-1][1]


def test_frozen_same_day_parameters_and_the_prior(tmp_path: Path) -> None:
    reviews = _with_same_day_steps(_log(tmp_path))
    frozen = F.fit_parameters(reviews, F.FitSettings(prior=0.0, steps=20, fit_same_day=False))
    assert [frozen[i] for i in F.SAME_DAY] == [E.DEFAULT_PARAMETERS[i] for i in F.SAME_DAY]
    loose = F.fit_parameters(reviews, F.FitSettings(prior=0.0, steps=20))
    tight = F.fit_parameters(reviews, F.FitSettings(prior=100.0, steps=20))

    def distance(p: tuple[float, ...]) -> float:
        return float(F.penalty(torch.tensor(p, dtype=torch.float64)))

    assert distance(tight) < distance(loose) / 4


def test_recency_weights_grow_linearly_with_time(tmp_path: Path) -> None:
    reviews = _log(tmp_path)
    batch = F.encode(reviews, recency=0.5)
    times, weights = [], []
    for col, keys in enumerate(batch.keys):
        times += [at.timestamp() for _card, at in keys]
        weights += batch.weight[:, col][batch.scored[:, col]].tolist()
    first, last = min(times), max(times)
    for t, w in zip(times, weights, strict=True):
        assert w == pytest.approx(1 - 0.5 * (last - t) / (last - first))
    assert min(weights) == pytest.approx(0.5) and max(weights) == 1.0


def test_fit_model_reports_progress_and_a_bounded_shift(tmp_path: Path) -> None:
    from app.core.calibration import MAX_SHIFT
    from app.core.optimizing import fit_model

    reviews = _log(tmp_path, cards=150)
    seen: list[tuple[int, int]] = []
    model = fit_model(reviews, lambda *done: seen.append(done))
    assert len(model.parameters) == 21 and -MAX_SHIFT <= model.calibration <= MAX_SHIFT
    totals = {total for _done, total in seen}
    assert len(totals) == 1 and seen == sorted(seen) and seen[-1][0] <= seen[-1][1]
    assert seen[-1][0] > seen[-1][1] // 2  # both fits reported: the inner one, then the full one
