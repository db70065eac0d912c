"""FSRS-6 parameters fitted to a review log by full-batch gradient descent (needs PyTorch).

The model is py-fsrs's `Scheduler` written over tensors: every card's history is one column,
replayed position by position for all cards at once, so a fit takes seconds instead of the stock
optimizer's minutes. Predictions match `fsrs.Scheduler.get_card_retrievability` exactly (the
tests check it), so parameters fitted here mean the same to the scheduler that uses them.

The loss is the mean log loss over the reviews a day or more after the card's previous one (as
`fsrs_eval` scores), optionally weighted toward recent reviews, plus a penalty that pulls each
parameter toward FSRS-6's defaults: a few thousand reviews do not pin 21 parameters down, and
the defaults (fitted on many learners) are the natural prior.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import fsrs.scheduler as fs
import torch

from app.core import fsrs_eval

Progress = Callable[[float], None]

DEFAULTS = torch.tensor(fs.DEFAULT_PARAMETERS, dtype=torch.float64)
LOWER = torch.tensor(fs.LOWER_BOUNDS_PARAMETERS, dtype=torch.float64)
UPPER = torch.tensor(fs.UPPER_BOUNDS_PARAMETERS, dtype=torch.float64)
# How far each parameter may roam before the prior penalty counts one unit: the initial
# stabilities are penalised on a log scale (their plausible range spans orders of magnitude),
# the rest by these spreads (about a third of each parameter's bounded range, at least 0.05).
SPREAD = torch.tensor([max(0.05, (hi - lo) / 3) for lo, hi in
                       zip(fs.LOWER_BOUNDS_PARAMETERS, fs.UPPER_BOUNDS_PARAMETERS, strict=True)],
                      dtype=torch.float64)
SAME_DAY = (17, 18, 19)


@dataclass(frozen=True)
class FitSettings:
    """What a fit does; the defaults are what `blueprint optimize` uses."""

    prior: float = 1.0  # strength of the pull toward the defaults, per 1,000 scored reviews
    recency: float = 0.0  # the oldest scored review weighs 1 - recency of the newest
    steps: int = 300
    learning_rate: float = 0.03
    fit_same_day: bool = True  # False keeps w17-w19 at their defaults
    start: tuple[float, ...] | None = None  # None: FSRS-6's defaults
    method: str = "adam"  # or "lbfgs"


@dataclass(frozen=True)
class Batch:
    """Histories as [position, card] tensors; `scored` marks the positions the loss counts."""

    ratings: torch.Tensor
    elapsed: torch.Tensor
    valid: torch.Tensor
    scored: torch.Tensor
    weight: torch.Tensor
    index: torch.Tensor  # rating - 1, as a long
    recalled: torch.Tensor  # rating > 1
    spaced: torch.Tensor  # a day or more after the previous review
    keys: list[list[tuple[int, object]]]  # (card_id, at) per scored position, by card column


def encode(reviews: Sequence[fsrs_eval.LoggedReview], recency: float = 0.0) -> Batch:
    cards = fsrs_eval.histories(reviews)
    columns = list(cards.values())
    length = max((len(items) for items in columns), default=1)
    shape = (length, len(columns))
    ratings = torch.ones(shape, dtype=torch.float64)
    elapsed = torch.zeros(shape, dtype=torch.float64)
    valid = torch.zeros(shape, dtype=torch.bool)
    scored = torch.zeros(shape, dtype=torch.bool)
    when = torch.zeros(shape, dtype=torch.float64)
    keys: list[list[tuple[int, object]]] = []
    for col, items in enumerate(columns):
        keys.append([])
        for pos, review in enumerate(items):
            ratings[pos, col] = review.rating
            valid[pos, col] = True
            when[pos, col] = review.at.timestamp()
            if pos:
                days = (review.at - items[pos - 1].at).days
                elapsed[pos, col] = max(0, days)
                if days > 0:
                    scored[pos, col] = True
                    keys[col].append((review.card_id, review.at))
    weight = scored.to(torch.float64)
    if recency and scored.any():
        times = when[scored]
        span = max(float(times.max() - times.min()), 1.0)
        weight[scored] = 1 - recency * (float(times.max()) - times) / span
    return Batch(ratings, elapsed, valid, scored, weight, (ratings - 1).long(), ratings > 1,
                 elapsed >= 1, keys)


def forward(w: torch.Tensor, batch: Batch) -> torch.Tensor:
    """Retrievability before every position (0 where nothing is predicted), [position, card]."""
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    r0 = batch.ratings[0]
    s = torch.clamp(w[(r0 - 1).long()], min=fs.STABILITY_MIN)
    d = torch.clamp(w[4] - torch.exp(w[5] * (r0 - 1)) + 1, 1.0, 10.0)
    # per-step constants, hoisted out of the loop (the fit spends its time in op overhead)
    easy_d = w[7] * (w[4] - torch.exp(w[5] * 3) + 1)
    keep_d = 1 - w[7]
    growth = torch.exp(w[8])
    floor = 1 / torch.exp(w[17] * w[18])
    bonus = torch.stack([torch.ones((), dtype=w.dtype), w[15], torch.ones((), dtype=w.dtype),
                         w[16]])
    bumps = torch.exp(w[17] * (torch.arange(4, dtype=w.dtype) - 2 + w[18]))
    steps = -w[6] * (torch.arange(4, dtype=w.dtype) - 2) / 9
    zero = torch.zeros_like(s)
    out = [zero]
    for pos in range(1, batch.ratings.shape[0]):
        index, t, valid = batch.index[pos], batch.elapsed[pos], batch.valid[pos]
        r = (1 + factor * t / s) ** decay
        out.append(torch.where(batch.scored[pos], r, zero))
        recall = s * (1 + growth * (11 - d) * s ** -w[9] * (torch.exp((1 - r) * w[10]) - 1)
                      * bonus[index])
        forget = torch.minimum(
            w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * torch.exp((1 - r) * w[14]),
            s * floor)
        bump = bumps[index] * s ** -w[19]
        bump = torch.where(batch.recalled[pos], torch.clamp(bump, min=1.0), bump)
        lasting = torch.where(batch.recalled[pos], recall, forget)
        new_s = torch.clamp(torch.where(batch.spaced[pos], lasting, s * bump),
                            min=fs.STABILITY_MIN)
        new_d = torch.clamp(easy_d + keep_d * (d + (10 - d) * steps[index]), 1.0, 10.0)
        s = torch.where(valid, new_s, s)
        d = torch.where(valid, new_d, d)
    return torch.stack(out)


def penalty(w: torch.Tensor) -> torch.Tensor:
    logs = torch.log(w[:4] / DEFAULTS[:4])
    rest = (w[4:] - DEFAULTS[4:]) / SPREAD[4:]
    return (logs ** 2).sum() + (rest ** 2).sum()


def loss(w: torch.Tensor, batch: Batch, prior: float) -> torch.Tensor:
    p = forward(w, batch)[batch.scored].clamp(1e-7, 1 - 1e-7)
    y = (batch.ratings[batch.scored] > 1).to(torch.float64)
    weight = batch.weight[batch.scored]
    n = float(batch.scored.sum())
    data = -(weight * (y * torch.log(p) + (1 - y) * torch.log(1 - p))).sum() / weight.sum()
    return data + prior * 1000 / max(n, 1.0) * penalty(w)


def fit_parameters(reviews: Sequence[fsrs_eval.LoggedReview], settings: FitSettings = FitSettings(),
                   progress: Progress | None = None) -> tuple[float, ...]:
    """Parameters minimising the penalised log loss on `reviews`, kept inside py-fsrs's bounds."""
    batch = encode(reviews, settings.recency)
    start = torch.tensor(settings.start or fs.DEFAULT_PARAMETERS, dtype=torch.float64)
    free = torch.ones(21, dtype=torch.bool)
    if not settings.fit_same_day:
        free[list(SAME_DAY)] = False
    if settings.method == "lbfgs":
        w = _lbfgs(batch, start, free, settings, progress)
    else:
        w = _adam(batch, start, free, settings, progress)
    return tuple(float(x) for x in w)


def _bounded(w: torch.Tensor, start: torch.Tensor, free: torch.Tensor) -> torch.Tensor:
    return torch.where(free, torch.maximum(torch.minimum(w, UPPER), LOWER), start)


def _adam(batch: Batch, start: torch.Tensor, free: torch.Tensor, settings: FitSettings,
          progress: Progress | None) -> torch.Tensor:
    """Adam, full batch, cosine learning rate, clamped into the bounds after every step."""
    w = start.clone().requires_grad_(True)
    adam = torch.optim.Adam([w], lr=settings.learning_rate)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(adam, T_max=settings.steps)
    for step in range(settings.steps):
        adam.zero_grad()
        loss(w, batch, settings.prior).backward()
        adam.step()
        schedule.step()
        with torch.no_grad():
            w.copy_(_bounded(w, start, free))
        if progress is not None:
            progress((step + 1) / settings.steps)
    return w.detach()


def _lbfgs(batch: Batch, start: torch.Tensor, free: torch.Tensor, settings: FitSettings,
           progress: Progress | None) -> torch.Tensor:
    """L-BFGS with a strong-Wolfe line search on the clamped parameters (few evaluations)."""
    w = start.clone().requires_grad_(True)
    search = torch.optim.LBFGS([w], lr=1, max_iter=settings.steps, history_size=20,
                               tolerance_grad=1e-7, tolerance_change=1e-10,
                               line_search_fn="strong_wolfe")
    calls = [0]

    def closure() -> torch.Tensor:
        search.zero_grad()
        value = loss(_bounded(w, start, free), batch, settings.prior)
        value.backward()
        calls[0] += 1
        if progress is not None:
            progress(min(1.0, calls[0] / (settings.steps * 1.25)))
        return value

    search.step(closure)
    return _bounded(w.detach(), start, free)


def predictions(reviews: Sequence[fsrs_eval.LoggedReview],
                parameters: Sequence[float]) -> dict[tuple[int, object], float]:
    """Retrievability before each scored review (for checking `forward` against py-fsrs)."""
    batch = encode(reviews)
    with torch.no_grad():
        p = forward(torch.tensor(parameters, dtype=torch.float64), batch)
    out: dict[tuple[int, object], float] = {}
    for col, keys in enumerate(batch.keys):
        rows = torch.nonzero(batch.scored[:, col]).flatten().tolist()
        for row, key in zip(rows, keys, strict=True):
            out[key] = float(p[row, col])
    return out


def check_finite(parameters: Sequence[float]) -> bool:
    return all(math.isfinite(p) for p in parameters)
