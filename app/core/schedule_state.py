"""`ScheduleState`: a card's FSRS state, one frozen value for the scheduler (what a grade
gives), the store (what a card holds, what a review row remembers) and replay (what a log
rebuilds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.record import Record
from app.core.timeutil import format_utc, parse_utc

NEW = 0  # never reviewed; then fsrs.State: 1 learning, 2 review, 3 relearning
LEARNING_STATES = (1, 3)


@dataclass(frozen=True, init=False, repr=False, eq=False)  # Record: equality, hash, repr
class ScheduleState(Record):
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None

    def __init__(self, state: int = NEW, step: int | None = None,
                 stability: float | None = None, difficulty: float | None = None,
                 due: datetime | None = None, last_review: datetime | None = None) -> None:
        self.__dict__.update(state=state, step=step, stability=stability,  # in field order
                             difficulty=difficulty, due=due, last_review=last_review)

    @property
    def learning(self) -> bool:
        return self.state in LEARNING_STATES

    def columns(self) -> tuple[int, int | None, float | None, float | None, str | None,
                               str | None]:
        """(state, step, stability, difficulty, due, last_review) as the cards table keeps them."""
        return (self.state, self.step, self.stability, self.difficulty,
                format_utc(self.due) if self.due else None,
                format_utc(self.last_review) if self.last_review else None)

    def to_json(self) -> dict:
        state, step, stability, difficulty, due, last_review = self.columns()
        return {"state": state, "step": step, "stability": stability,
                "difficulty": difficulty, "due": due, "last_review": last_review}

    @classmethod
    def from_json(cls, data: dict) -> ScheduleState:
        """A stored snapshot; a review made elsewhere stores `{"state": None}` (unknown)."""
        return cls(state=data.get("state") or NEW, step=data.get("step"),
                   stability=data.get("stability"), difficulty=data.get("difficulty"),
                   due=parse_utc(data.get("due")), last_review=parse_utc(data.get("last_review")))
