"""How `fsrs_fit` fits FSRS parameters (kept apart so callers need no PyTorch to name them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FitSettings:
    """What a fit does (`optimizing.SETTINGS` is what `blueprint optimize` uses)."""

    prior: float = 0.0  # strength of the pull toward the defaults, per 1,000 scored reviews
    recency: float = 0.0  # the oldest scored review weighs 1 - recency of the newest
    steps: int = 150
    learning_rate: float = 0.05
    fit_same_day: bool = True  # False keeps w17-w19 at their defaults
    start: tuple[float, ...] | None = None  # None: FSRS-6's defaults
    method: str = "adam"  # or "lbfgs"
