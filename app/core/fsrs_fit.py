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
from app.core.fit_settings import FitSettings

Progress = Callable[[int, int], None]  # (done, total); it may raise to stop the fit

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
    # Columns run longest history first, so the cards still going at a position are a prefix:
    # `live[pos]` of them. The replay works on those alone (most cards are short).
    live: list[int]
    flat_scored: torch.Tensor  # `scored`, position by position, over the live prefixes


def _ordered_columns(
        reviews: Sequence[fsrs_eval.LoggedReview]) -> list[list[fsrs_eval.LoggedReview]]:
    columns = list(fsrs_eval.histories(reviews).values())
    columns.sort(key=len, reverse=True)
    return columns


def encode(reviews: Sequence[fsrs_eval.LoggedReview], recency: float = 0.0) -> Batch:
    columns = _ordered_columns(reviews)
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
    live = [int(valid[pos].sum()) for pos in range(length)]
    flat = torch.cat([scored[pos, :live[pos]] for pos in range(1, length)] or
                     [torch.zeros(0, dtype=torch.bool)])
    return Batch(ratings, elapsed, valid, scored, weight, (ratings - 1).long(), ratings > 1,
                 elapsed >= 1, keys, live, flat)


def forward(w: torch.Tensor, batch: Batch) -> torch.Tensor:
    """Retrievability before every scored review, in the order of `batch.scored`'s entries
    taken position by position (`dense[batch.scored]`)."""
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
    out = []
    for pos in range(1, batch.ratings.shape[0]):
        live = batch.live[pos]
        s, d = s[:live], d[:live]
        index, t = batch.index[pos, :live], batch.elapsed[pos, :live]
        recalled, spaced = batch.recalled[pos, :live], batch.spaced[pos, :live]
        r = (1 + factor * t / s) ** decay
        out.append(r)
        recall = s * (1 + growth * (11 - d) * s ** -w[9] * (torch.exp((1 - r) * w[10]) - 1)
                      * bonus[index])
        forget = torch.minimum(
            w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * torch.exp((1 - r) * w[14]),
            s * floor)
        bump = bumps[index] * s ** -w[19]
        bump = torch.where(recalled, torch.clamp(bump, min=1.0), bump)
        lasting = torch.where(recalled, recall, forget)
        s = torch.clamp(torch.where(spaced, lasting, s * bump), min=fs.STABILITY_MIN)
        d = torch.clamp(easy_d + keep_d * (d + (10 - d) * steps[index]), 1.0, 10.0)
    if not out:
        return torch.zeros(0, dtype=w.dtype)
    return torch.cat(out)[batch.flat_scored]


def penalty(w: torch.Tensor) -> torch.Tensor:
    logs = torch.log(w[:4] / DEFAULTS[:4])
    rest = (w[4:] - DEFAULTS[4:]) / SPREAD[4:]
    return (logs ** 2).sum() + (rest ** 2).sum()


def loss(w: torch.Tensor, batch: Batch, prior: float) -> torch.Tensor:
    p = forward(w, batch).clamp(1e-7, 1 - 1e-7)
    y = (batch.ratings[batch.scored] > 1).to(torch.float64)
    weight = batch.weight[batch.scored]
    n = float(batch.scored.sum())
    data = -(weight * (y * torch.log(p) + (1 - y) * torch.log(1 - p))).sum() / weight.sum()
    return data + prior * 1000 / max(n, 1.0) * penalty(w)


def fit_parameters(reviews: Sequence[fsrs_eval.LoggedReview], settings: FitSettings,
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
            progress(step + 1, settings.steps)
    return w.detach()


def _lbfgs(batch: Batch, start: torch.Tensor, free: torch.Tensor, settings: FitSettings,
           progress: Progress | None) -> torch.Tensor:
    """L-BFGS with a strong-Wolfe line search on the clamped parameters (few evaluations)."""
    w = start.clone().requires_grad_(True)
    search = torch.optim.LBFGS([w], lr=1, max_iter=settings.steps, history_size=20,
                               tolerance_grad=1e-7, tolerance_change=1e-10,
                               line_search_fn="strong_wolfe")
    calls = [0]
    budget = settings.steps * 5 // 4  # L-BFGS takes about that many evaluations at most

    def closure() -> torch.Tensor:
        search.zero_grad()
        value = loss(_bounded(w, start, free), batch, settings.prior)
        value.backward()
        calls[0] += 1
        if progress is not None:
            progress(min(calls[0], budget), budget)
        return value

    search.step(closure)
    return _bounded(w.detach(), start, free)


def predictions(reviews: Sequence[fsrs_eval.LoggedReview],
                parameters: Sequence[float]) -> dict[tuple[int, object], float]:
    """Retrievability before each scored review (for checking `forward` against py-fsrs)."""
    batch = encode(reviews)
    with torch.no_grad():
        p = forward(torch.tensor(parameters, dtype=torch.float64), batch)
    where = {}
    for col, keys in enumerate(batch.keys):
        rows = torch.nonzero(batch.scored[:, col]).flatten().tolist()
        where.update({(row, col): key for row, key in zip(rows, keys, strict=True)})
    order = [where[(int(row), int(col))] for row, col in torch.nonzero(batch.scored).tolist()]
    return dict(zip(order, p.tolist(), strict=True))


def check_finite(parameters: Sequence[float]) -> bool:
    return all(math.isfinite(p) for p in parameters)
