"""How well a scheduler predicts recall on a review log, scored as the public SRS benchmark does.

Each card's history is replayed in time order; before every review that comes at least a day
after the card's previous one (a "scored" review) the model's probability of recall is taken.
Scored reviews, ordered by time, are split like scikit-learn's `TimeSeriesSplit(5)`: the last
5/6 form five consecutive test folds, each trained on everything before it. Metrics are log
loss, RMSE over (interval, review number, lapses) bins, and AUC, over all test folds together.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import fsrs

from app.core.calibration import Calibration

FOLDS = 5
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(p) for p in fsrs.scheduler.DEFAULT_PARAMETERS)


@dataclass(frozen=True)
class LoggedReview:
    """One review as the evaluation needs it; `kind` lets variants treat card kinds apart."""

    card_id: int
    rating: int
    at: datetime
    kind: str = ""


@dataclass(frozen=True)
class Scored:
    """A review the model is scored on: its outcome and the features the RMSE bins use."""

    card_id: int
    at: datetime
    recalled: int
    elapsed_days: int
    review_number: int  # this review's number, counting the first and those a day apart
    lapses: int  # Again ratings before, same-day ones not counted
    kind: str = ""


@dataclass(frozen=True)
class Metrics:
    log_loss: float
    rmse_bins: float
    auc: float
    n: int

    def as_dict(self) -> dict:
        return {"log_loss": round(self.log_loss, 4), "rmse_bins": round(self.rmse_bins, 4),
                "auc": round(self.auc, 4), "n": self.n}


def histories(reviews: Iterable[LoggedReview]) -> dict[int, list[LoggedReview]]:
    """Each card's reviews in time order."""
    out: dict[int, list[LoggedReview]] = defaultdict(list)
    for review in reviews:
        out[review.card_id].append(review)
    for items in out.values():
        items.sort(key=lambda r: r.at)
    return dict(out)


def scored_reviews(cards: dict[int, list[LoggedReview]]) -> list[Scored]:
    """Every review a day or more after the card's previous one, in time order."""
    out: list[Scored] = []
    for card_id, items in cards.items():
        lapses = 0
        spaced = 1  # reviews so far that count for the bins: the first, then those a day apart
        for index in range(1, len(items)):
            prev, review = items[index - 1], items[index]
            if index > 1 and (prev.at - items[index - 2].at).days > 0:
                spaced += 1
                lapses += prev.rating == 1
            elapsed = (review.at - prev.at).days
            if elapsed > 0:
                out.append(Scored(card_id, review.at, int(review.rating > 1), elapsed,
                                  spaced + 1, lapses, review.kind))
    out.sort(key=lambda s: (s.at, s.card_id))
    return out


def fold_bounds(n: int, folds: int = FOLDS) -> list[tuple[int, int]]:
    """(test start, test end) for each fold, as `TimeSeriesSplit(folds)` cuts `n` samples."""
    size = n // (folds + 1)
    first = n - folds * size
    return [(first + k * size, first + (k + 1) * size) for k in range(folds)]


Predictor = Callable[[dict[int, list[LoggedReview]]], dict[tuple[int, datetime], float]]


def fsrs_predictor(parameters: Sequence[float] | None = None,
                   calibration: float | None = None) -> Predictor:
    """Probability of recall before each scored review, replaying the log with FSRS; with a
    `calibration` (logit shift, calibration.py) the retrievability is shifted by it."""
    shift = Calibration(intercept=calibration).apply if calibration else float
    scheduler = fsrs.Scheduler(parameters=tuple(parameters or DEFAULT_PARAMETERS),
                               enable_fuzzing=False)

    def predict(cards: dict[int, list[LoggedReview]]) -> dict[tuple[int, datetime], float]:
        out: dict[tuple[int, datetime], float] = {}
        for card_id, items in cards.items():
            card = fsrs.Card(card_id=card_id, due=items[0].at)
            for review in items:
                if card.last_review is not None and (review.at - card.last_review).days > 0:
                    out[(card_id, review.at)] = shift(
                        scheduler.get_card_retrievability(card, review.at))
                card, _ = scheduler.review_card(card, fsrs.Rating(review.rating), review.at)
        return out

    return predict


def log_loss(y: Sequence[int], p: Sequence[float]) -> float:
    eps = 1e-7
    total = 0.0
    for yi, pi in zip(y, p, strict=True):
        pi = min(max(pi, eps), 1 - eps)
        total -= math.log(pi) if yi else math.log(1 - pi)
    return total / len(y)


def _bin(value: float, base: float, scale: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(value) / math.log(base)), digits)


def rmse_bins(scored: Sequence[Scored], p: Sequence[float]) -> float:
    """RMSE between mean prediction and mean outcome per bin, weighted by the bin's size; bins
    group reviews by interval, review number and lapse count on log scales (the benchmark's)."""
    bins: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for s, pi in zip(scored, p, strict=True):
        lapses = _bin(s.lapses, 1.73, 1.65, 0) if s.lapses else 0
        key = (_bin(s.elapsed_days, 3.62, 2.48, 2), _bin(s.review_number, 1.89, 1.99, 0), lapses)
        acc = bins[key]
        acc[0] += s.recalled
        acc[1] += pi
        acc[2] += 1
    total = sum(acc[2] for acc in bins.values())
    err = sum(acc[2] * (acc[0] / acc[2] - acc[1] / acc[2]) ** 2 for acc in bins.values())
    return math.sqrt(err / total)


def auc(y: Sequence[int], p: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half)."""
    order = sorted(range(len(p)), key=lambda i: p[i])
    ranks = [0.0] * len(p)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and p[order[j + 1]] == p[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(y)
    negatives = len(y) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, yi in zip(ranks, y, strict=True) if yi)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def metrics(scored: Sequence[Scored], p: Sequence[float]) -> Metrics:
    y = [s.recalled for s in scored]
    return Metrics(log_loss(y, p), rmse_bins(scored, p), auc(y, p), len(y))


Trainer = Callable[[list[LoggedReview], list[Scored]], Predictor]


def evaluate(reviews: Sequence[LoggedReview], train: Trainer, folds: int = FOLDS) -> Metrics:
    """Fit on everything before each test fold, score the fold; metrics over all test folds."""
    cards = histories(reviews)
    scored = scored_reviews(cards)
    if len(scored) < folds + 1:
        raise ValueError(f"{len(scored)} scored reviews are too few for {folds} folds")
    ordered = sorted(reviews, key=lambda r: r.at)
    tested: list[Scored] = []
    probs: list[float] = []
    for start, end in fold_bounds(len(scored), folds):
        cut = scored[start].at
        before = [r for r in ordered if r.at < cut]
        predict = train(before, scored[:start])
        fold = scored[start:end]
        predicted = predict({s.card_id: cards[s.card_id] for s in fold})
        tested.extend(fold)
        probs.extend(predicted[(s.card_id, s.at)] for s in fold)
    return metrics(tested, probs)


def fixed(parameters: Sequence[float] | None = None,
          calibration: float | None = None) -> Trainer:
    """The same FSRS parameters (and calibration) for every fold (no fitting)."""
    predictor = fsrs_predictor(parameters, calibration)
    return lambda _before, _scored: predictor


def constant_mean(_before: list[LoggedReview], train_scored: list[Scored]) -> Predictor:
    """Predict the training folds' recall rate for every review: the floor to beat."""
    mean = sum(s.recalled for s in train_scored) / max(1, len(train_scored))

    def predict(cards: dict[int, list[LoggedReview]]) -> dict[tuple[int, datetime], float]:
        return {(s.card_id, s.at): mean for s in scored_reviews(cards)}

    return predict
