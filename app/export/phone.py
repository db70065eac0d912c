"""Bring reviews made in Anki on the phone back into the collection's review log.

Anki's own importer drops the review logs of cards it already has, so the package is read
directly (`anki_read`). Each Anki review is appended once (its revlog id is remembered in the
review's `origin`), then every affected card's FSRS state is rebuilt by replaying its whole log,
Blueprint's and the phone's, in time order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import fsrs

from app.core.scheduler import make_scheduler, replay
from app.core.store import Store
from app.core.timeutil import format_utc, parse_utc
from app.export.anki_read import guid_index, read_reviews
from app.export.from_store import export_values


@dataclass
class PhoneMerge:
    added: int = 0
    already_known: int = 0
    cards: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} reviews added, {self.already_known} already known, "
                f"{self.cards} cards rescheduled, {len(self.problems)} problems")


def merge_phone_reviews(store: Store, package: Path,
                        scheduler: fsrs.Scheduler | None = None) -> PhoneMerge:
    scheduler = scheduler or make_scheduler()
    cards, diagrams, problems = export_values(store)
    result = PhoneMerge(problems=list(problems))
    reviews, read_problems = read_reviews(package, guid_index(cards, diagrams))
    result.problems.extend(read_problems)
    ids = {r[0]: r[1] for r in store.conn.execute("SELECT uid, id FROM cards")}
    known = {r[0] for r in store.conn.execute(
        "SELECT origin FROM reviews WHERE origin LIKE 'anki:%'")}
    fresh: dict[int, list] = defaultdict(list)
    for review in reviews:
        origin = f"anki:{review.review_id}"
        if origin in known:
            result.already_known += 1
            continue
        known.add(origin)
        fresh[ids[review.uid]].append((review, origin))
    with store.transaction():
        for card_id, items in fresh.items():
            for review, origin in items:
                store.conn.execute(
                    "INSERT INTO reviews(card_id, rating, reviewed_at, duration_ms, state_before, "
                    "origin) VALUES (?, ?, ?, ?, ?, ?)",
                    (card_id, review.rating, format_utc(review.reviewed_at), review.duration_ms,
                     json.dumps({"state": None}), origin))
                result.added += 1
            log = [(int(r["rating"]), parse_utc(r["reviewed_at"])) for r in store.conn.execute(
                "SELECT rating, reviewed_at FROM reviews WHERE card_id = ? ORDER BY reviewed_at",
                (card_id,))]
            state = replay(scheduler, card_id, log)  # type: ignore[arg-type]
            store.conn.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ? WHERE id = ?",
                (state["state"], state["step"], state["stability"], state["difficulty"],
                 state["due"], state["last_review"], card_id))
            result.cards += 1
    return result
