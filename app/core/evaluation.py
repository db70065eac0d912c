"""The collection's FSRS parameters and how well they predict its own review log (`eval`)."""

from __future__ import annotations

from dataclasses import dataclass

import fsrs

from app.core import fsrs_eval
from app.core.errors import BlueprintError
from app.core.scheduler import (  # (a session's start-up imports it from there, not this module)
    collection_scheduler as collection_scheduler,
)
from app.core.scheduler import replay
from app.core.store import Store
from app.core.store_scheduling import card_logs, parameter_history, review_log, set_schedules


def current_parameters(store: Store) -> tuple[float, ...] | None:
    """The parameters `blueprint optimize` applied last; None means FSRS-6's defaults."""
    history = parameter_history(store)
    return history[-1].parameters if history else None


def current_calibration(store: Store) -> float | None:
    """The logit shift stored with the parameters in force (None: no calibration)."""
    history = parameter_history(store)
    return history[-1].calibration if history else None


def logged_reviews(store: Store) -> list[fsrs_eval.LoggedReview]:
    return [fsrs_eval.LoggedReview(cid, rating, at, kind)
            for cid, rating, at, kind in review_log(store)]


def reschedule(store: Store, scheduler: fsrs.Scheduler) -> int:
    """Replay every reviewed card's log with `scheduler`; returns how many cards moved."""
    logs = card_logs(store)
    set_schedules(store, {cid: replay(scheduler, cid, log) for cid, log in logs.items()})
    return len(logs)


@dataclass(frozen=True)
class EvalRow:
    name: str
    metrics: fsrs_eval.Metrics


@dataclass(frozen=True)
class EvalReport:
    rows: list[EvalRow]
    reviews: int
    scored: int
    tested: int

    def as_json(self) -> dict:
        return {"reviews": self.reviews, "scored": self.scored, "tested": self.tested,
                "folds": fsrs_eval.FOLDS,
                "rows": [{"name": r.name, **r.metrics.as_dict()} for r in self.rows]}

    def table(self) -> list[str]:
        lines = [f"{'scheduler':34} {'log loss':>9} {'RMSE(bins)':>11} {'AUC':>7}"]
        for row in self.rows:
            m = row.metrics
            lines.append(f"{row.name:34} {m.log_loss:9.4f} {m.rmse_bins:11.4f} {m.auc:7.3f}")
        lines.append(f"{self.tested} reviews scored: the newest 5/6 of the {self.scored} reviews "
                     f"that came a day or more after the card's previous one, in "
                     f"{fsrs_eval.FOLDS} time-ordered folds ({self.reviews} reviews in all)")
        return lines


MIN_SCORED = 6 * 20  # five test folds of at least 20 reviews each


def evaluate_collection(store: Store,
                        extra: list[tuple[str, fsrs_eval.Trainer]] | None = None) -> EvalReport:
    """Score the parameters in force, FSRS-6's defaults, a constant mean and any `extra`
    trainers (e.g. fitting on each fold's past) on the log."""
    reviews = logged_reviews(store)
    scored = fsrs_eval.scored_reviews(fsrs_eval.histories(reviews))
    if len(scored) < MIN_SCORED:
        raise BlueprintError(
            f"{len(scored)} reviews came a day or more after their card's previous review; "
            f"the evaluation needs {MIN_SCORED} ({MIN_SCORED - len(scored)} more)",
            "keep reviewing, or bring a log in with 'blueprint import-reviews FILE.csv'")
    rows = []
    mine = current_parameters(store)
    if mine is not None:
        rows.append(EvalRow("your parameters (blueprint optimize)", fsrs_eval.evaluate(
            reviews, fsrs_eval.fixed(mine, current_calibration(store)))))
    rows.append(EvalRow("FSRS-6 default parameters", fsrs_eval.evaluate(reviews,
                                                                       fsrs_eval.fixed())))
    rows.append(EvalRow("constant mean (baseline)",
                        fsrs_eval.evaluate(reviews, fsrs_eval.constant_mean)))
    for name, trainer in extra or []:
        rows.append(EvalRow(name, fsrs_eval.evaluate(reviews, trainer)))
    tested = rows[0].metrics.n
    return EvalReport(rows, len(reviews), len(scored), tested)
