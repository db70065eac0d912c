"""How well each scheduler variant predicts recall on the real review log (issue 11's table).

    python bench/bench_scheduler.py [--log ../shared/data/review-logs-real-2024.csv]
                                    [--skip-fit | --quick] [--cache FILE]

Every row is scored the same way (app/core/fsrs_eval.py: the reviews a day or more after the
card's previous one, in time order, TimeSeriesSplit(5); log loss, RMSE over bins, AUC over the
five test folds). Fitted rows fit on each fold's past only. The issue's rows are printed as
quoted, beside Blueprint's measured rows; the goal is log loss <= 0.430 and RMSE(bins) <= 0.035.
Needs PyTorch for the fitted rows (pip install 'blueprint[optimizer]'). The rows after the
stock optimizer's are the variants of bench/scheduler_variants.py (issue 11 item 3); `--quick`
scores only the defaults, the baseline and the variant `optimize` deploys (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import fsrs_eval as E  # noqa: E402
from app.core.calibration import Calibration, fit_platt  # noqa: E402
from app.core.review_logs import read_review_csv  # noqa: E402
from bench.scheduler_variants import FitCache, collapse  # noqa: E402
from bench.scheduler_variants import variants as variants_of  # noqa: E402

GOAL_LOG_LOSS = 0.430
GOAL_RMSE = 0.035
ISSUE_ROWS = [
    ("FSRS-6 default parameters (issue)", 0.4400, 0.0736, 0.658),
    ("FSRS-6 optimized per fold, py-fsrs (issue)", 0.4360, 0.0380, 0.650),
    ("Anki SM-2 default settings (issue)", 0.4761, 0.0677, 0.543),
]


def load(path: Path) -> list[E.LoggedReview]:
    rows, problems = read_review_csv(path)
    if problems:
        raise SystemExit("\n".join(problems))
    return [E.LoggedReview(int(r.card_id), r.rating, r.at) for r in rows]


class Fits:
    """Stock optimizer fits, one per fold, shared by the variants built on them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.cache: dict[tuple[str, int], tuple[float, ...]] = {}
        if path is not None and path.exists():
            for key, value in json.loads(path.read_text()).items():
                name, n = key.rsplit(":", 1)
                self.cache[(name, int(n))] = tuple(value)

    def get(self, name: str, before: list[E.LoggedReview],
            fit: Callable[[list[E.LoggedReview]], tuple[float, ...]]) -> tuple[float, ...]:
        key = (name, len(before))
        if key not in self.cache:
            started = time.perf_counter()
            self.cache[key] = fit(before)
            if self.path is not None:
                self.path.write_text(json.dumps({f"{k[0]}:{k[1]}": v
                                                 for k, v in self.cache.items()}))
            print(f"  fitted {name} on {len(before)} reviews in "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        return self.cache[key]


def stock_fit(before: list[E.LoggedReview]) -> tuple[float, ...]:
    """The fsrs optimizer as it comes (Blueprint's `optimize` then shrinks it: `shrunk`)."""
    import fsrs
    from fsrs.optimizer import Optimizer

    logs = [fsrs.ReviewLog(card_id=r.card_id, rating=fsrs.Rating(r.rating),
                           review_datetime=r.at, review_duration=None) for r in before]
    return tuple(float(p) for p in Optimizer(logs).compute_optimal_parameters())


def calibrated(fits: Fits) -> E.Trainer:
    def train(before: list[E.LoggedReview], scored: list[E.Scored]) -> E.Predictor:
        base = E.fsrs_predictor(fits.get("stock", before, stock_fit))
        seen = base(E.histories(before))
        a, b = fit_platt([s.recalled for s in scored], [seen[(s.card_id, s.at)] for s in scored])
        shift = Calibration(slope=a, intercept=b)

        def predict(cards: dict[int, list[E.LoggedReview]]) -> dict[tuple[int, datetime], float]:
            out = base(cards)
            return {k: shift.apply(p) for k, p in out.items()}

        return predict

    return train


def same_day_collapsed(fits: Fits) -> E.Trainer:
    def train(before: list[E.LoggedReview], _scored: list[E.Scored]) -> E.Predictor:
        base = E.fsrs_predictor(fits.get("collapsed", collapse(before), stock_fit))

        def predict(cards: dict[int, list[E.LoggedReview]]) -> dict[tuple[int, datetime], float]:
            return base(E.histories(collapse([r for items in cards.values() for r in items])))

        return predict

    return train


def blend(fits: Fits, weight: float) -> E.Trainer:
    """Fitted and default parameters' predictions averaged (shrinks the fit toward the prior)."""
    def train(before: list[E.LoggedReview], _scored: list[E.Scored]) -> E.Predictor:
        fitted = E.fsrs_predictor(fits.get("stock", before, stock_fit))
        default = E.fsrs_predictor()

        def predict(cards: dict[int, list[E.LoggedReview]]) -> dict[tuple[int, datetime], float]:
            a, b = fitted(cards), default(cards)
            return {k: weight * a[k] + (1 - weight) * b[k] for k in a}

        return predict

    return train


def shrunk(fits: Fits, weight: float) -> E.Trainer:
    """One parameter set between the fit and the defaults: weight * fitted + (1 - weight) *
    default, component by component (a scheduler can use it as it is)."""
    def train(before: list[E.LoggedReview], _scored: list[E.Scored]) -> E.Predictor:
        fitted = fits.get("stock", before, stock_fit)
        mixed = [weight * f + (1 - weight) * d for f, d in zip(fitted, E.DEFAULT_PARAMETERS,
                                                                strict=True)]
        return E.fsrs_predictor(mixed)

    return train


def stock(fits: Fits) -> E.Trainer:
    return lambda before, _scored: E.fsrs_predictor(fits.get("stock", before, stock_fit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path,
                        default=ROOT.parent / "shared" / "data" / "review-logs-real-2024.csv")
    parser.add_argument("--skip-fit", action="store_true", help="only the rows without fitting")
    parser.add_argument("--quick", action="store_true",
                        help="only the variant `optimize` deploys beside the unfitted rows")
    parser.add_argument("--cache", type=Path, help="keep fitted parameters in this JSON file "
                        "between runs (for trying variants; a clean run fits everything)")
    args = parser.parse_args()
    reviews = load(args.log)
    fits = Fits(args.cache)
    cache = FitCache(args.cache.with_suffix(".variants.json") if args.cache else None)
    variants: list[tuple[str, E.Trainer]] = [
        ("Blueprint: FSRS-6 defaults", E.fixed()),
        ("Blueprint: constant mean", E.constant_mean),
    ]
    if args.quick:
        variants += variants_of(cache, quick=True)
    elif not args.skip_fit:
        variants += [
            ("Blueprint: stock optimizer per fold", stock(fits)),
            ("Blueprint: stock + Platt calibration", calibrated(fits)),
            ("Blueprint: stock/default blend 0.7/0.3", blend(fits, 0.7)),
            ("Blueprint: stock/default blend 0.5/0.5", blend(fits, 0.5)),
            ("Blueprint: stock/default blend 0.85/0.15", blend(fits, 0.85)),
            ("Blueprint: parameters 0.7 fitted + 0.3 default (optimize)", shrunk(fits, 0.7)),
            ("Blueprint: parameters 0.5 fitted + 0.5 default", shrunk(fits, 0.5)),
            ("Blueprint: same-day reviews collapsed", same_day_collapsed(fits)),
        ] + variants_of(cache)
    measured = []
    for name, trainer in variants:
        started = time.perf_counter()
        m = E.evaluate(reviews, trainer)
        measured.append((name, m))
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(measured))


def goal(loss: float, rmse: float) -> str:
    met = loss <= GOAL_LOG_LOSS and rmse <= GOAL_RMSE
    return "MET" if met else "MISSED"


def table(measured: list[tuple[str, E.Metrics]]) -> str:
    lines = ["| scheduler | log loss | RMSE (bins) | AUC | goal |", "|---|---|---|---|---|"]
    for name, loss, rmse, auc in ISSUE_ROWS:
        lines.append(f"| {name} | {loss:.4f} | {rmse:.4f} | {auc:.3f} | {goal(loss, rmse)} |")
    for name, m in measured:
        lines.append(f"| {name} | {m.log_loss:.4f} | {m.rmse_bins:.4f} | {m.auc:.3f} | "
                     f"{goal(m.log_loss, m.rmse_bins)} |")
    fitted = measured[2:] or measured
    best_loss = min(fitted, key=lambda x: x[1].log_loss)
    best_rmse = min(fitted, key=lambda x: x[1].rmse_bins)
    both = [row for row in fitted if goal(row[1].log_loss, row[1].rmse_bins) == "MET"]
    lines += [
        f"scored reviews per run: {measured[0][1].n} (5 folds)",
        f"goal log loss <= {GOAL_LOG_LOSS}: "
        f"{'MET' if best_loss[1].log_loss <= GOAL_LOG_LOSS else 'MISSED'} "
        f"(best {best_loss[1].log_loss:.4f}, {best_loss[0]})",
        f"goal RMSE(bins) <= {GOAL_RMSE}: "
        f"{'MET' if best_rmse[1].rmse_bins <= GOAL_RMSE else 'MISSED'} "
        f"(best {best_rmse[1].rmse_bins:.4f}, {best_rmse[0]})",
        f"both goals in one row: {'MET by ' + both[0][0] if both else 'MISSED'}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
