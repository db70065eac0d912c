"""The evaluation protocol (split, log loss, RMSE over bins, AUC), `import-reviews` and `eval`."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_cli import run

from app.core import fsrs_eval as E

T0 = datetime(2024, 1, 1, 9, tzinfo=UTC)


def test_fold_bounds_cut_like_time_series_split() -> None:
    # TimeSeriesSplit(5) on 12 samples: test folds [2,4) [4,6) [6,8) [8,10) [10,12)
    assert E.fold_bounds(12) == [(2, 4), (4, 6), (6, 8), (8, 10), (10, 12)]
    # 5329 scored reviews as in the real log: 888 per fold, 4440 tested
    bounds = E.fold_bounds(5329)
    assert bounds[0] == (889, 1777) and bounds[-1][1] == 5329


def test_log_loss_and_auc_known_values() -> None:
    assert E.log_loss([1, 0], [0.8, 0.3]) == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2)
    assert E.auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert E.auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]) == 0.0
    assert E.auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    # one positive above one of two negatives
    assert E.auc([0, 1, 0], [0.2, 0.5, 0.7]) == 0.5


def _review(card: int, rating: int, days: float) -> E.LoggedReview:
    return E.LoggedReview(card, rating, T0 + timedelta(days=days))


def test_scored_reviews_skip_same_day_and_count_lapses() -> None:
    log = [_review(1, 3, 0), _review(1, 1, 0.01), _review(1, 1, 2), _review(1, 3, 2.1),
           _review(1, 3, 6)]
    scored = E.scored_reviews(E.histories(log))
    # the first review and the two same-day ones are not scored
    assert [(s.at - T0).days for s in scored] == [2, 6]
    first, second = scored
    assert (first.recalled, first.elapsed_days, first.review_number, first.lapses) == (0, 1, 2, 0)
    # the Again a day after the start is a lapse; the same-day Again is not
    assert (second.recalled, second.elapsed_days, second.review_number, second.lapses) == (
        1, 3, 3, 1)


def test_rmse_bins_is_zero_when_each_bin_is_predicted_by_its_mean() -> None:
    scored = [E.Scored(1, T0, y, 3, 2, 0) for y in (1, 1, 1, 0)]
    assert E.rmse_bins(scored, [0.75] * 4) == pytest.approx(0.0)
    assert E.rmse_bins(scored, [0.5] * 4) == pytest.approx(0.25)


def synthetic_log(path: Path, cards: int = 70, seed: int = 7) -> Path:
    """A review log written by the test: cards reviewed at growing intervals, recall drawn at
    random with a chance that falls with the interval."""
    rng = random.Random(seed)
    lines = ["card_id,review_rating,review_time,review_duration"]
    for card in range(cards):
        t = T0 + timedelta(hours=rng.randint(0, 200))
        interval = 1.0
        for _ in range(7):
            recalled = rng.random() < 0.95 ** interval
            rating = rng.choice((2, 3, 3, 4)) if recalled else 1
            lines.append(f"{1000 + card},{rating},{t.isoformat()},{rng.randint(2000, 9000)}")
            interval = interval * 2.5 if recalled else 1.0
            t += timedelta(days=interval, hours=rng.randint(0, 5))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_import_reviews_then_eval_matches_the_protocol(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    log = synthetic_log(tmp_path / "log.csv")
    first = run("--collection", coll, "import-reviews", str(log))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "490 reviews added, 0 already known, 70 cards created, 0 problems"
    again = run("--collection", coll, "import-reviews", str(log))
    assert again.stdout.strip() == "0 reviews added, 490 already known, 0 cards created, 0 problems"
    listed = json.loads(run("--collection", coll, "list", "--json").stdout)
    assert len(listed) == 70 and all(c["state"] != "new" for c in listed)

    out = run("--collection", coll, "eval", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [r["name"] for r in data["rows"]] == ["FSRS-6 default parameters",
                                                  "constant mean (baseline)"]
    # the same figures as the protocol computed straight from the file
    from app.core.review_logs import read_review_csv
    rows, _ = read_review_csv(log)
    reviews = [E.LoggedReview(int(r.card_id), r.rating, r.at) for r in rows]
    direct = E.evaluate(reviews, E.fixed())
    default = data["rows"][0]
    assert default["log_loss"] == round(direct.log_loss, 4)
    assert default["rmse_bins"] == round(direct.rmse_bins, 4)
    assert default["n"] == direct.n == 5 * (data["scored"] // 6)
    table = run("--collection", coll, "eval")
    assert "FSRS-6 default parameters" in table.stdout and "constant mean" in table.stdout


def test_import_reviews_reports_bad_rows_with_path_and_line(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    log = tmp_path / "bad.csv"
    log.write_text("card_id,review_rating,review_time,review_duration\n"
                   "1,3,2024-03-01T10:00:00+00:00,100\n"
                   "1,7,2024-03-02T10:00:00+00:00,100\n"
                   "2,3,yesterday,100\n"
                   "2,3,2024-03-02T10:00:00Z,\n")
    out = run("--collection", coll, "import-reviews", str(log))
    assert out.returncode == 1
    assert f"{log}:3: review_rating '7' is not 1-4" in out.stderr
    assert f"{log}:4: review_time 'yesterday' is not an ISO 8601 time" in out.stderr
    assert out.stdout.strip() == "2 reviews added, 0 already known, 2 cards created, 2 problems"

    header = tmp_path / "header.csv"
    header.write_text("id,rating\n1,3\n")
    bad = run("--collection", coll, "import-reviews", str(header))
    assert bad.returncode == 2 and f"{header}:1: the header lacks" in bad.stderr
    missing = run("--collection", coll, "import-reviews", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_eval_with_too_few_reviews_says_how_many_more(tmp_path: Path) -> None:
    coll = str(tmp_path / "c.db")
    log = synthetic_log(tmp_path / "log.csv", cards=5)
    run("--collection", coll, "import-reviews", str(log))
    out = run("--collection", coll, "eval")
    assert out.returncode == 2
    assert "the evaluation needs 120" in out.stderr and "more" in out.stderr


@pytest.mark.corpus
def test_eval_reproduces_the_default_row_on_the_real_log(tmp_path: Path, shared_dir: Path) -> None:
    coll = str(tmp_path / "c.db")
    log = shared_dir / "data" / "review-logs-real-2024.csv"
    imported = run("--collection", coll, "import-reviews", str(log))
    assert imported.stdout.strip() == (
        "12580 reviews added, 0 already known, 1205 cards created, 0 problems")
    data = json.loads(run("--collection", coll, "eval", "--json").stdout)
    assert data["tested"] == 4440
    default = next(r for r in data["rows"] if r["name"] == "FSRS-6 default parameters")
    assert abs(default["log_loss"] - 0.4400) <= 0.002
    assert abs(default["rmse_bins"] - 0.0736) <= 0.002
    assert abs(default["auc"] - 0.658) <= 0.005
