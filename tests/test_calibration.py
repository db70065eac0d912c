"""The calibration `optimize` stores with fitted parameters: a logit shift of predicted recall,
applied by the scheduler as a retention target and by `eval` to its predictions."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.calibration import MAX_SHIFT, Calibration, fit_platt, fit_shift
from app.core.evaluation import collection_scheduler, current_calibration
from app.core.fsrs_eval import DEFAULT_PARAMETERS, fsrs_predictor
from app.core.optimizing import pop_parameters
from app.core.scheduler import make_scheduler
from app.core.store import Store
from app.core.store_scheduling import parameter_history, push_parameters

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _draws(shift: float, n: int = 6000, seed: int = 3) -> tuple[list[int], list[float]]:
    rng = random.Random(seed)
    p = [rng.uniform(0.55, 0.99) for _ in range(n)]
    truth = Calibration(intercept=shift)
    return [int(rng.random() < truth.apply(q)) for q in p], p


def test_apply_and_model_target_are_inverse() -> None:
    cal = Calibration(intercept=-0.3)
    assert cal.apply(0.9) < 0.9
    for target in (0.7, 0.85, 0.9, 0.97):
        assert cal.apply(cal.model_target(target)) == pytest.approx(target)
    # shifting the logit by -0.3 and aiming at 0.9 asks the model for sigmoid(logit(0.9) + 0.3)
    assert cal.model_target(0.9) == pytest.approx(1 / (1 + math.exp(-(math.log(9) + 0.3))))
    assert Calibration().apply(0.8) == pytest.approx(0.8)


def test_fit_shift_recovers_a_known_shift() -> None:
    y, p = _draws(-0.4)
    assert fit_shift(y, p) == pytest.approx(-0.4, abs=0.1)
    slope, intercept = fit_platt(*_draws(0.0))
    assert slope == pytest.approx(1.0, abs=0.15) and intercept == pytest.approx(0.0, abs=0.2)


def test_fit_shift_refuses_thin_or_one_sided_evidence() -> None:
    y, p = _draws(-0.4, n=60)
    assert fit_shift(y, p) == 0.0
    assert fit_shift([1] * 500, [0.9] * 500) == 0.0
    y, p = _draws(-4.0)
    assert fit_shift(y, p) == -MAX_SHIFT


def test_scheduler_aims_the_model_at_the_calibrated_target() -> None:
    plain = make_scheduler(0.9, fuzz=False)
    shifted = make_scheduler(0.9, fuzz=False, calibration=-0.3)
    assert plain.desired_retention == 0.9
    assert shifted.desired_retention == pytest.approx(Calibration(intercept=-0.3).model_target(0.9))
    # a learner recalling less than the model says gets shorter intervals for the same target
    assert shifted._next_interval(stability=30.0) < plain._next_interval(stability=30.0)
    with pytest.raises(ValueError, match="between 0.70 and 0.99"):
        make_scheduler(0.995, calibration=-0.3)


def test_stored_calibration_reaches_the_scheduler_and_undo_removes_it(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "c.db"))
    assert current_calibration(store) is None
    push_parameters(store, DEFAULT_PARAMETERS, now=NOW, reviews=600, log_loss=0.4,
                    calibration=-0.25)
    assert parameter_history(store)[-1].calibration == -0.25
    aimed = collection_scheduler(store, 0.85)
    assert aimed.desired_retention == pytest.approx(Calibration(intercept=-0.25).model_target(0.85))
    assert pop_parameters(store)
    assert collection_scheduler(store, 0.85).desired_retention == 0.85
    store.close()


def test_predictor_applies_the_shift() -> None:
    from app.core.fsrs_eval import LoggedReview, histories
    log = [LoggedReview(1, 3, NOW), LoggedReview(1, 3, NOW.replace(day=5))]
    plain = fsrs_predictor(DEFAULT_PARAMETERS)(histories(log))
    shifted = fsrs_predictor(DEFAULT_PARAMETERS, -0.5)(histories(log))
    (key, value), = plain.items()
    assert shifted[key] == pytest.approx(Calibration(intercept=-0.5).apply(value))


def test_card_info_shows_the_chance_under_the_parameters_and_calibration_in_force(
        tmp_path: Path) -> None:
    from datetime import timedelta

    from app.core.browse import card_info
    from app.core.importing import import_paths
    from app.core.scheduler import Rating, retrievability
    from app.core.session import StudySession

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("Q: What is recall@k?\nA: Hits in the top k.\n", encoding="utf-8")
    store = Store(str(tmp_path / "c.db"))
    import_paths(store, [notes], now=NOW)
    session = StudySession(store, clock=lambda: NOW)
    card = session.current()
    assert card is not None
    session.grade(Rating.GOOD)
    later = NOW + timedelta(days=9)
    plain = card_info(store, card.id, now=later).retrievability
    assert plain is not None and 0.3 < plain < 0.99
    fitted_parameters = list(DEFAULT_PARAMETERS)
    fitted_parameters[20] = 0.5  # another forgetting curve's decay: R differs nine days on
    push_parameters(store, tuple(fitted_parameters), now=NOW, reviews=600, log_loss=0.4,
                    calibration=-0.4)
    fitted = retrievability(make_scheduler(fuzz=False, parameters=tuple(fitted_parameters)),
                            store.card(card.id), later)
    assert fitted is not None and abs(fitted - plain) > 0.01
    shown = card_info(store, card.id, now=later).retrievability
    assert shown == pytest.approx(Calibration(intercept=-0.4).apply(fitted))
    assert pop_parameters(store)
    assert card_info(store, card.id, now=later).retrievability == pytest.approx(plain)
    store.close()
