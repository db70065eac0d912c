"""`blueprint optimize`: FSRS parameters fitted to the collection's own review log (the `fsrs`
package's optimizer, which needs PyTorch), compared with the parameters in force, applied on
request, and undone by removing the newest parameter set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import fsrs

from app.core import fsrs_eval
from app.core.errors import BlueprintError
from app.core.evaluation import (
    collection_scheduler,
    current_parameters,
    logged_reviews,
    reschedule,
)
from app.core.store import Store
from app.core.store_scheduling import pop_parameters, push_parameters

# The fsrs optimizer takes gradient steps over mini-batches of 512 scored reviews and returns
# the defaults unchanged below that; Blueprint says so instead of pretending to fit.
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

    @property
    def better(self) -> bool:
        return self.new_loss < self.old_loss


# The fit is pulled 30% of the way back to FSRS-6's defaults: on the real log's held-out folds
# (bench/bench_scheduler.py) that scores log loss 0.4329 and AUC 0.657 against the stock fit's
# 0.4360 and 0.650 (RMSE(bins) 0.0385 against 0.0380): a few thousand reviews overfit a little.
SHRINK_TO_DEFAULTS = 0.3


Progress = Callable[[int, int], None]  # (done, total); may raise to stop the work


def fit(reviews: Sequence[fsrs_eval.LoggedReview],
        progress: Progress | None = None) -> tuple[float, ...]:
    """FSRS parameters fitted to `reviews` by the fsrs optimizer, shrunk toward the defaults."""
    try:
        import torch  # noqa: F401  (the fsrs optimizer needs it; say so plainly when missing)
        from fsrs.optimizer import Optimizer
    except ImportError as exc:
        raise OptimizerMissing("fitting FSRS parameters needs PyTorch, which is not installed",
                               INSTALL_HINT) from exc
    logs = [fsrs.ReviewLog(card_id=r.card_id, rating=fsrs.Rating(r.rating),
                           review_datetime=r.at, review_duration=None) for r in reviews]
    optimizer = Optimizer(logs)
    if progress is not None:
        _report_progress(optimizer, progress)
    fitted = optimizer.compute_optimal_parameters()
    return tuple((1 - SHRINK_TO_DEFAULTS) * float(f) + SHRINK_TO_DEFAULTS * d
                 for f, d in zip(fitted, fsrs_eval.DEFAULT_PARAMETERS, strict=True))


class _CountedHistories(dict):
    """The optimizer's per-card histories; every read of one reports a step of progress."""

    def __init__(self, histories: dict, total: int, progress: Progress) -> None:
        super().__init__(histories)
        self.total, self.progress, self.reads = total, progress, 0
        self.every = max(1, total // 200)  # about 200 reports, however big the log

    def __getitem__(self, key: object) -> object:
        self.reads += 1
        if self.reads % self.every == 0 or self.reads == self.total:
            self.progress(min(self.reads, self.total), self.total)
        return super().__getitem__(key)


def _report_progress(optimizer: object, progress: Progress) -> None:
    """The fsrs optimizer has no progress hook (only a tqdm bar on stderr, per epoch). It reads
    each card's history from `_revlogs_train` once per pass over the log: one pass to count the
    reviews, then per epoch one to train and one to score; those reads are its progress. If a
    later fsrs reads them otherwise the bar is less exact (it is capped), never wrong."""
    from fsrs import optimizer as module

    histories = getattr(optimizer, "_revlogs_train", None)
    if not isinstance(histories, dict) or not histories:
        return
    passes = 1 + 2 * int(getattr(module, "num_epochs", 5))
    optimizer._revlogs_train = _CountedHistories(  # type: ignore[attr-defined]
        histories, len(histories) * passes, progress)


def fitted_trainer(before: list[fsrs_eval.LoggedReview],
                   _scored: list[fsrs_eval.Scored]) -> fsrs_eval.Predictor:
    """For `fsrs_eval.evaluate`: parameters fitted on what precedes each test fold."""
    return fsrs_eval.fsrs_predictor(fit(before))


def in_sample_loss(reviews: Sequence[fsrs_eval.LoggedReview],
                   parameters: Sequence[float]) -> float:
    """Log loss over every scored review of the log (what the optimizer minimises)."""
    cards = fsrs_eval.histories(reviews)
    scored = fsrs_eval.scored_reviews(cards)
    predicted = fsrs_eval.fsrs_predictor(parameters)(cards)
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
    new = fit(reviews, progress)
    return Proposal(old, new, in_sample_loss(reviews, old), in_sample_loss(reviews, new),
                    len(reviews), scored)


def apply(store: Store, proposal: Proposal, *, now: datetime) -> int:
    """Put the new parameters in force and reschedule every reviewed card from its log."""
    push_parameters(store, proposal.new, now=now, reviews=proposal.reviews,
                    log_loss=proposal.new_loss)
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
    lines.append(f"{'log loss':22} {proposal.old_loss:10.4f} {proposal.new_loss:10.4f}   "
                 f"(on all {proposal.scored} scored reviews of {proposal.reviews})")
    return lines
