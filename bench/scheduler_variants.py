"""Ways of fitting FSRS-6 to the real log beyond the stock optimizer (issue 11 item 3).

Every variant here fits with `app.core.fsrs_fit` on each fold's past only (the trainer receives
nothing else) and is scored by `fsrs_eval.evaluate` like every other row of bench_scheduler.py.
A variant is a `FitSettings`, or a rule that picks one from the fold's own past (`nested`).
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from app.core import fsrs_eval as E

Fitter = Callable[[list[E.LoggedReview]], tuple[float, ...]]


class FitCache:
    """Fitted parameters by (variant, training size), optionally kept in a JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.cache: dict[str, list[float]] = {}
        if path is not None and path.exists():
            self.cache = json.loads(path.read_text())

    def get(self, name: str, before: list[E.LoggedReview], fit: Fitter) -> tuple[float, ...]:
        key = f"{name}:{len(before)}"
        if key not in self.cache:
            started = time.perf_counter()
            self.cache[key] = list(fit(before))
            if self.path is not None:
                self.path.write_text(json.dumps(self.cache))
            print(f"  fitted {name} on {len(before)} reviews in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        return tuple(self.cache[key])


def _key(settings: Any, tag: str = "") -> str:
    return tag + json.dumps(asdict(settings), sort_keys=True)


def fitted(cache: FitCache, settings: Any, *, warm: bool = False) -> E.Trainer:
    """Fit `settings` on each fold's past; `warm` starts each fold from the previous fold's fit
    (folds come oldest first, and each one's past contains the previous one's)."""
    from app.core import fsrs_fit as F

    previous: list[tuple[float, ...]] = []

    def train(before: list[E.LoggedReview], _scored: list[E.Scored]) -> E.Predictor:
        use = replace(settings, start=previous[-1]) if warm and previous else settings
        params = cache.get(_key(settings, "warm " if warm else ""), before,
                           lambda reviews: F.fit_parameters(reviews, use))
        previous.append(params)
        return E.fsrs_predictor(params)

    return train


def train_only_collapsed(cache: FitCache, settings: Any) -> E.Trainer:
    """Same-day reviews dropped from the training histories only; predictions replay the full
    history (the scheduler sees every review, as it would in use)."""
    from app.core import fsrs_fit as F

    def train(before: list[E.LoggedReview], _scored: list[E.Scored]) -> E.Predictor:
        params = cache.get(_key(settings, "collapsed "), before,
                           lambda reviews: F.fit_parameters(collapse(reviews), settings))
        return E.fsrs_predictor(params)

    return train


def collapse(reviews: list[E.LoggedReview]) -> list[E.LoggedReview]:
    """A card's first review and then only those a day or more after the last one kept."""
    kept: list[E.LoggedReview] = []
    last: dict[int, E.LoggedReview] = {}
    for review in sorted(reviews, key=lambda r: r.at):
        prev = last.get(review.card_id)
        if prev is None or (review.at - prev.at).days >= 1:
            kept.append(review)
            last[review.card_id] = review
    return kept


def nested(cache: FitCache, base: Any, priors: tuple[float, ...]) -> E.Trainer:
    """Choose the prior strength on the fold's past alone: fit on its older 4/5, score its newest
    1/5 of scored reviews, keep the strength that scores best and refit on the whole past."""
    from app.core import fsrs_eval
    from app.core import fsrs_fit as F

    def train(before: list[E.LoggedReview], scored: list[E.Scored]) -> E.Predictor:
        cut = scored[len(scored) * 4 // 5].at
        older = [r for r in before if r.at < cut]
        held = [s for s in scored if s.at >= cut]
        cards = fsrs_eval.histories(before)
        losses = {}
        for prior in priors:
            settings = replace(base, prior=prior)
            params = cache.get(_key(settings), older,
                               lambda reviews, s=settings: F.fit_parameters(reviews, s))
            predicted = E.fsrs_predictor(params)({s.card_id: cards[s.card_id] for s in held})
            losses[prior] = E.log_loss([s.recalled for s in held],
                                       [predicted[(s.card_id, s.at)] for s in held])
        best = replace(base, prior=min(losses, key=lambda p: losses[p]))
        print(f"  nested: inner losses {losses} -> prior {best.prior}", file=sys.stderr)
        params = cache.get(_key(best), before, lambda reviews: F.fit_parameters(reviews, best))
        return E.fsrs_predictor(params)

    return train


def variants(cache: FitCache, quick: bool = False) -> list[tuple[str, E.Trainer]]:
    """Every variant tried, named as the table prints it (`quick`: the deployed one only)."""
    from app.core.fit_settings import FitSettings
    from app.core.optimizing import SETTINGS, fitted_trainer

    rows = [("`optimize` as deployed: fit + calibration shift (optimizing.fit_model)",
             fitted_trainer)]
    if quick:
        return rows
    adam = FitSettings(steps=150, learning_rate=0.05)
    lbfgs = FitSettings(method="lbfgs", steps=40)
    return rows + [
        ("fsrs_fit: Adam 150 steps, no prior", fitted(cache, adam)),
        ("fsrs_fit: Adam, prior 0.003 toward defaults", fitted(cache, replace(adam, prior=0.003))),
        ("fsrs_fit: Adam, prior 0.01 toward defaults", fitted(cache, replace(adam, prior=0.01))),
        ("fsrs_fit: Adam, prior 0.1 toward defaults", fitted(cache, replace(adam, prior=0.1))),
        ("fsrs_fit: Adam, recency weights 0.4..1", fitted(cache, replace(adam, recency=0.6))),
        ("fsrs_fit: Adam, same-day w17-w19 frozen",
         fitted(cache, replace(adam, fit_same_day=False))),
        ("fsrs_fit: L-BFGS 40 iterations, no prior", fitted(cache, lbfgs)),
        ("fsrs_fit: Adam + calibration slope and shift", calibrated(cache, adam)),
        ("fsrs_fit: Adam + calibration shift", calibrated(cache, adam, slope=False)),
        ("fsrs_fit: L-BFGS + calibration shift (as deployed, cached fits)",
         calibrated(cache, SETTINGS, slope=False)),
        ("fsrs_fit: L-BFGS, recency 0.4..1 + calibration shift",
         calibrated(cache, replace(lbfgs, recency=0.6), slope=False)),
        ("fsrs_fit: L-BFGS, prior 0.003 + calibration shift",
         calibrated(cache, replace(lbfgs, prior=0.003), slope=False)),
    ]


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def calibrated(cache: FitCache, settings: Any, *, slope: bool = True) -> E.Trainer:
    """Parameters fitted on the fold's past, then a logistic calibration of their predictions
    fitted on out-of-sample predictions inside that past: fit on its older 4/5, predict its
    newest 1/5, fit p' = sigmoid(a * logit(p) + b) there (b alone if not `slope`)."""
    from app.core import fsrs_fit as F
    from app.core.calibration import fit_platt

    def train(before: list[E.LoggedReview], scored: list[E.Scored]) -> E.Predictor:
        cut = scored[len(scored) - len(scored) // 5].at  # as optimizing.fit_model cuts
        older = [r for r in before if r.at < cut]
        held = [s for s in scored if s.at >= cut]
        inner = cache.get(_key(settings), older, lambda rs: F.fit_parameters(rs, settings))
        cards = E.histories(before)
        seen = E.fsrs_predictor(inner)({s.card_id: cards[s.card_id] for s in held})
        a, b = fit_platt([s.recalled for s in held], [seen[(s.card_id, s.at)] for s in held],
                         slope=slope)
        params = cache.get(_key(settings), before, lambda rs: F.fit_parameters(rs, settings))
        base = E.fsrs_predictor(params)
        print(f"  calibration a={a:.3f} b={b:.3f}", file=sys.stderr)

        def predict(cards: dict[int, list[E.LoggedReview]]) -> dict[tuple[int, Any], float]:
            return {k: 1 / (1 + math.exp(-(a * logit(p) + b))) for k, p in base(cards).items()}

        return predict

    return train
