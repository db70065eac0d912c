"""`blueprint optimize`: FSRS parameters fitted to the collection's own review log (by
`fsrs_fit`, which needs PyTorch), compared with the parameters in force, applied on
request, and undone by removing the newest parameter set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.core import fsrs_eval
from app.core.calibration import fit_shift
from app.core.errors import BlueprintError
from app.core.evaluation import (
    collection_scheduler,
    current_calibration,
    current_parameters,
    logged_reviews,
    reschedule,
)
from app.core.fit_settings import FitSettings
from app.core.store import Store
from app.core.store_scheduling import pop_parameters, push_parameters

# Below 512 scored reviews a fit says little beyond FSRS-6's defaults (the stock fsrs optimizer
# returns them unchanged); Blueprint says so instead of pretending to fit.
MIN_SCORED = 512
INSTALL_HINT = ("install the optional optimizer: pip install 'blueprint[optimizer]' "
                "(PyTorch, about 200 MB; CPU wheels are enough)")


class OptimizerMissing(BlueprintError):
    """PyTorch (the fsrs optimizer's dependency) is not installed."""


class TooFewReviews(BlueprintError):
    exit_code = 1


@dataclass(frozen=True)
class Proposal:
    """Fitted parameters beside those in force, each with its log loss on the whole log."""

    old: tuple[float, ...]
    new: tuple[float, ...]
    old_loss: float
    new_loss: float
    reviews: int
    scored: int
    old_calibration: float | None = None  # logit shifts (calibration.py); None: none
    new_calibration: float | None = None

    @property
    def better(self) -> bool:
        return self.new_loss < self.old_loss


# How `optimize` fits (app/core/fsrs_fit.py): every parameter free, no pull toward the defaults,
# then a calibration: a fit on the older 4/5 of the log predicts its newest 1/5 of scored
# reviews, and the logit shift that makes those out-of-sample predictions right is kept (fits
# are a little optimistic about reviews they have not seen). On the real log's held-out folds
# (bench/bench_scheduler.py --quick) this scores log loss 0.4285, RMSE(bins) 0.0266 (README).
SETTINGS = FitSettings(method="lbfgs", steps=40)
CALIBRATION_SHARE = 5  # the newest 1/5 of scored reviews calibrate

Progress = Callable[[int, int], None]  # (done, total); it may raise to stop the fit


@dataclass(frozen=True)
class Fitted:
    parameters: tuple[float, ...]
    calibration: float  # logit shift of the parameters' predictions


def _need_torch() -> None:
    try:
        import torch  # noqa: F401  (the fit runs on it; say so plainly when missing)
    except ImportError as exc:
        raise OptimizerMissing("fitting FSRS parameters needs PyTorch, which is not installed",
                               INSTALL_HINT) from exc


def fit(reviews: Sequence[fsrs_eval.LoggedReview],
        progress: Progress | None = None) -> tuple[float, ...]:
    """FSRS parameters fitted to `reviews` (needs PyTorch); `fit_model` adds the calibration."""
    _need_torch()
    from app.core.fsrs_fit import fit_parameters

    return fit_parameters(reviews, SETTINGS, progress)


def fit_model(reviews: Sequence[fsrs_eval.LoggedReview],
              progress: Progress | None = None) -> Fitted:
    """Parameters fitted to all of `reviews`, and the calibration their predictions need on
    reviews a fit has not seen (measured on the newest 1/CALIBRATION_SHARE)."""
    _need_torch()
    from app.core.fsrs_fit import fit_parameters

    def stage(first: bool) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(done if first else total + done, 2 * total)

    cards = fsrs_eval.histories(reviews)
    scored = fsrs_eval.scored_reviews(cards)
    cut = scored[len(scored) - len(scored) // CALIBRATION_SHARE].at
    held = [s for s in scored if s.at >= cut]
    inner = fit_parameters([r for r in reviews if r.at < cut], SETTINGS, stage(True))
    seen = fsrs_eval.fsrs_predictor(inner)({s.card_id: cards[s.card_id] for s in held})
    shift = fit_shift([s.recalled for s in held], [seen[(s.card_id, s.at)] for s in held])
    return Fitted(fit_parameters(reviews, SETTINGS, stage(False)), shift)


def fitted_trainer(before: list[fsrs_eval.LoggedReview],
                   _scored: list[fsrs_eval.Scored]) -> fsrs_eval.Predictor:
    """For `fsrs_eval.evaluate`: the model `optimize` fits, fitted on what precedes each fold."""
    model = fit_model(before)
    return fsrs_eval.fsrs_predictor(model.parameters, model.calibration)


def in_sample_loss(reviews: Sequence[fsrs_eval.LoggedReview], parameters: Sequence[float],
                   calibration: float | None = None) -> float:
    """Log loss over every scored review of the log."""
    cards = fsrs_eval.histories(reviews)
    scored = fsrs_eval.scored_reviews(cards)
    predicted = fsrs_eval.fsrs_predictor(parameters, calibration)(cards)
    return fsrs_eval.log_loss([s.recalled for s in scored],
                              [predicted[(s.card_id, s.at)] for s in scored])


def propose(store: Store, progress: Progress | None = None) -> Proposal:
    """Fit new parameters; nothing is written. Too few reviews raise `TooFewReviews`;
    `progress` hears how far the fit is (it may raise to stop it)."""
    reviews = logged_reviews(store)
    scored = len(fsrs_eval.scored_reviews(fsrs_eval.histories(reviews)))
    if scored < MIN_SCORED:
        raise TooFewReviews(
            f"optimize needs {MIN_SCORED} reviews that came a day or more after the card's "
            f"previous review; the collection has {scored}, so {MIN_SCORED - scored} more",
            "nothing was changed; keep reviewing and run it again later")
    old = current_parameters(store) or fsrs_eval.DEFAULT_PARAMETERS
    old_shift = current_calibration(store)
    new = fit_model(reviews, progress)
    return Proposal(old, new.parameters, in_sample_loss(reviews, old, old_shift),
                    in_sample_loss(reviews, new.parameters, new.calibration),
                    len(reviews), scored, old_shift, new.calibration)


def apply(store: Store, proposal: Proposal, *, now: datetime) -> int:
    """Put the new parameters in force and reschedule every reviewed card from its log."""
    push_parameters(store, proposal.new, now=now, reviews=proposal.reviews,
                    log_loss=proposal.new_loss, calibration=proposal.new_calibration)
    return reschedule(store, collection_scheduler(store, fuzz=False))


def undo(store: Store) -> int:
    """Restore the parameters in force before the last `apply`; reschedule from the log."""
    if not pop_parameters(store):
        raise BlueprintError("there are no fitted parameters to undo",
                             "FSRS-6's default parameters are already in force")
    return reschedule(store, collection_scheduler(store, fuzz=False))


PARAMETER_NAMES = (
    "initial S Again", "initial S Hard", "initial S Good", "initial S Easy",
    "initial D", "initial D slope", "D step", "D mean reversion", "recall S base",
    "recall S decay", "recall S by R", "forget S base", "forget S by D", "forget S by S",
    "forget S by R", "Hard penalty", "Easy bonus", "same-day S", "same-day S offset",
    "same-day S by S", "decay")


def comparison_lines(proposal: Proposal) -> list[str]:
    lines = [f"{'parameter':22} {'in force':>10} {'fitted':>10}"]
    for i, (a, b) in enumerate(zip(proposal.old, proposal.new, strict=True)):
        name = PARAMETER_NAMES[i] if i < len(PARAMETER_NAMES) else f"w{i}"
        lines.append(f"{f'w{i} ' + name:22} {a:10.4f} {b:10.4f}")
    lines.append(f"{'calibration (logit)':22} {proposal.old_calibration or 0:10.4f} "
                 f"{proposal.new_calibration or 0:10.4f}")
    lines.append(f"{'log loss':22} {proposal.old_loss:10.4f} {proposal.new_loss:10.4f}   "
                 f"(on all {proposal.scored} scored reviews of {proposal.reviews})")
    return lines
