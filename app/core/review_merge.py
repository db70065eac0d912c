"""Reviews made elsewhere (Anki on the phone) join the review log once each; the cards they
touch get their FSRS state rebuilt by replaying their whole log, Blueprint's and the phone's,
in time order. This changes the schedule, so it is core work; `app.export` only reads the
package and maps its notes to card uids."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import fsrs

from app.core.scheduler import make_scheduler, replay
from app.core.store import Store
from app.core.timeutil import parse_utc_required


@dataclass(frozen=True)
class ExternalReview:
    """One answer given outside Blueprint: `rating` 1-4, time in UTC, a unique `origin`
    (e.g. "anki:<revlog id>") that keeps the same review from being added twice."""

    uid: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    origin: str


@dataclass
class ReviewMerge:
    added: int = 0
    already_known: int = 0
    cards: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} reviews added, {self.already_known} already known, "
                f"{self.cards} cards rescheduled, {len(self.problems)} problems")


def merge_reviews(store: Store, reviews: list[ExternalReview], *, origin_prefix: str,
                  scheduler: fsrs.Scheduler | None = None) -> ReviewMerge:
    """Append the reviews not seen before (one transaction) and replay the cards they touch."""
    scheduler = scheduler or make_scheduler()
    result = ReviewMerge()
    ids = store.card_ids_by_uid()
    known = store.origins(origin_prefix)
    fresh: dict[int, list[ExternalReview]] = defaultdict(list)
    for review in reviews:
        if review.origin in known:
            result.already_known += 1
            continue
        if review.uid not in ids:
            result.problems.append(f"{review.origin}: no card {review.uid!r} in the collection")
            continue
        known.add(review.origin)
        fresh[ids[review.uid]].append(review)
    with store.transaction():
        result.added = append_and_replay(
            store, [(card_id, r) for card_id, items in fresh.items() for r in items], scheduler)
        result.cards = len(fresh)
    return result


def append_and_replay(store: Store, fresh: list[tuple[int, ExternalReview]],
                      scheduler: fsrs.Scheduler) -> int:
    """Append reviews made elsewhere, (card id, review) in the order given (their state before
    is unknown), and rebuild each touched card's FSRS state by replaying its whole log in time
    order; the reviews added. The one way reviews from outside join the log (Anki packages,
    review-log files); call it inside `store.transaction()`."""
    store.append_external_reviews([(card_id, r.rating, r.reviewed_at, r.duration_ms, r.origin)
                                   for card_id, r in fresh])
    for card_id in dict.fromkeys(card_id for card_id, _ in fresh):
        log = [(rating, parse_utc_required(at)) for rating, at in store.rating_log(card_id)]
        store.set_schedule(card_id, replay(scheduler, card_id, log))
    return len(fresh)
