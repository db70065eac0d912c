"""A logistic calibration of predicted recall, p' = sigmoid(a * logit(p) + b), and the desired
retention that makes a scheduler using the uncalibrated model aim at a calibrated target.

Any increasing map g of the model's retrievability R can be deployed without touching the
model: a card is due when g(R) falls to the desired retention r, that is when R falls to
g⁻¹(r), so the scheduler runs with desired retention g⁻¹(r) and shows g(R) as the recall chance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Calibration:
    slope: float = 1.0
    intercept: float = 0.0

    def apply(self, p: float) -> float:
        """The calibrated chance of recall for the model's retrievability `p`."""
        return 1 / (1 + math.exp(-(self.slope * _logit(p) + self.intercept)))

    def model_target(self, desired: float) -> float:
        """The model retrievability whose calibrated value is `desired` (g⁻¹)."""
        x = (_logit(desired) - self.intercept) / self.slope
        return 1 / (1 + math.exp(-x))


def fit_platt(y: Sequence[int], p: Sequence[float], *, slope: bool = True) -> tuple[float, float]:
    """Maximum-likelihood (a, b) by Newton's method; `slope=False` fits b alone (a = 1)."""
    xs = [_logit(q) for q in p]
    a, b = 1.0, 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for x, t in zip(xs, y, strict=True):
            s = 1 / (1 + math.exp(-(a * x + b)))
            w = s * (1 - s)
            ga, gb = ga + (s - t) * x, gb + s - t
            haa, hab, hbb = haa + w * x * x, hab + w * x, hbb + w
        if not slope:
            ga = haa = hab = 0.0
            haa = 1.0
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


MIN_OUTCOMES = 100  # fewer outcomes than this say too little to shift anything
MAX_SHIFT = 1.0  # a shift of 1 already moves 0.90 to 0.96 or 0.77: beyond that, trust the fit


def fit_shift(y: Sequence[int], p: Sequence[float]) -> float:
    """The logit shift b that makes sigmoid(logit(p) + b) fit outcomes `y` best (0 when there
    are too few outcomes or they are all alike; at most MAX_SHIFT either way)."""
    if len(y) < MIN_OUTCOMES or len(set(y)) < 2:
        return 0.0
    return max(-MAX_SHIFT, min(MAX_SHIFT, fit_platt(y, p, slope=False)[1]))
