"""`blueprint import-reviews FILE.csv`: a review log (card_id, review_rating, review_time,
review_duration) read into the collection, each review once, on cards made from the log's ids.
An Anki package's revlog comes in through the same rows (`import_log_rows`; the package is read
in `app.export`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import fsrs

from app.core.errors import BlueprintError
from app.core.review_merge import ExternalReview, append_and_replay
from app.core.store import Store
from app.core.store_scheduling import LogCard, add_log_cards, log_card_ids, log_origin, log_origins

COLUMNS = ("card_id", "review_rating", "review_time")
DEFAULT_DECK = "Review log"


@dataclass(frozen=True)
class LogRow:
    line: int
    card_id: str
    rating: int
    at: datetime
    duration_ms: int | None


@dataclass
class ReviewLogReport:
    cards_added: int = 0
    reviews_added: int = 0
    already_known: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.reviews_added} reviews added, {self.already_known} already known, "
                f"{self.cards_added} cards created, {len(self.problems)} problems")


def read_review_csv(path: Path) -> tuple[list[LogRow], list[str]]:
    """The rows of a review-log CSV, and a `path:line: message` for each row it cannot use."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise BlueprintError(f"cannot read {path}: {exc.strerror}", "check the path") from exc
    rows: list[LogRow] = []
    problems: list[str] = []
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise BlueprintError(f"{path}:1: not a CSV file ({exc})",
                                 "give a CSV with a header line") from exc
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise BlueprintError(
                f"{path}:1: the header lacks {', '.join(missing)}",
                "the first line must name card_id, review_rating, review_time "
                "(and optionally review_duration)")
        try:
            for record in reader:
                line = reader.line_num
                row, problem = _parse_row(record, line)
                if problem:
                    problems.append(f"{path}:{line}: {problem}")
                elif row is not None:
                    rows.append(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(f"{path}:{reader.line_num}: unreadable ({exc}); the rest was skipped")
    return rows, problems


def _parse_row(record: dict, line: int) -> tuple[LogRow | None, str | None]:
    card_id = (record.get("card_id") or "").strip()
    if not card_id:
        return None, "no card_id; give each review the id of its card"
    raw_rating = (record.get("review_rating") or "").strip()
    if raw_rating not in ("1", "2", "3", "4"):
        return None, f"review_rating {raw_rating!r} is not 1-4 (Again, Hard, Good, Easy)"
    raw_time = (record.get("review_time") or "").strip()
    try:
        at = datetime.fromisoformat(raw_time.replace("Z", "+00:00"))
    except ValueError:
        return None, f"review_time {raw_time!r} is not an ISO 8601 time"
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    raw_duration = (record.get("review_duration") or "").strip()
    duration = None
    if raw_duration:
        try:
            duration = max(0, int(float(raw_duration)))
        except ValueError:
            return None, f"review_duration {raw_duration!r} is not a number of milliseconds"
    return LogRow(line, card_id, int(raw_rating), at, duration), None


def import_log_rows(store: Store, rows: list[LogRow], *, source: str, problems: list[str],
                    now: datetime, scheduler: fsrs.Scheduler,
                    deck: str | None = None) -> ReviewLogReport:
    """Rows of a review log from any source (a CSV, an Anki package's revlog): each review
    joins once, a card is made for each log id not seen before, touched cards are replayed;
    one transaction."""
    report = ReviewLogReport(problems=list(problems))
    known_cards = log_card_ids(store)
    seen = log_origins(store)
    new_cards: dict[str, LogCard] = {}
    fresh: list[tuple[str, ExternalReview]] = []  # (the log's card id, its review)
    for row in rows:
        origin = log_origin(row.card_id, row.at)
        if origin in seen:
            report.already_known += 1
            continue
        seen.add(origin)
        if row.card_id not in known_cards and row.card_id not in new_cards:
            new_cards[row.card_id] = LogCard(row.card_id, deck or DEFAULT_DECK, source,
                                             row.line)
        fresh.append((row.card_id, ExternalReview(row.card_id, row.rating, row.at,
                                                  row.duration_ms, origin)))
    if not fresh:
        return report
    with store.transaction():
        ids = add_log_cards(store, list(new_cards.values()), now)
        report.reviews_added = append_and_replay(
            store, [(ids[log_id], review) for log_id, review in fresh], scheduler)
    report.cards_added = len(new_cards)
    return report
