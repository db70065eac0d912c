"""The interview drill: a timed walk through the 7 steps, checked against each step's checklist.

Pure logic, no storage and no Textual: the plan (a time box per step), pre-ticking the points an
outline already mentions, the running drill with an injected clock, and its result.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz
from rich.cells import cell_len

from importers.checklists import STEPS, ChecklistItem

# Default time boxes in minutes, one per step, for a 45- and a 60-minute interview. The
# framework deck's own plan (a Markdown table, see importers.checklists.parse_time_plan) wins.
DEFAULT_PLANS: dict[int, tuple[int, ...]] = {
    45: (5, 3, 7, 10, 5, 5, 3),  # 38 min; + 3 min introductions, 4 min questions at the end
    60: (7, 4, 9, 13, 6, 7, 4),  # 50 min; + 5 and 5
}
_STOP = {
    "the", "and", "for", "with", "from", "that", "this", "into", "per", "not", "are", "its",
    "how", "what", "when", "why", "which", "use", "using", "each", "all", "any", "one", "two",
    "than", "then", "both", "but", "via", "over", "under", "a", "an", "of", "to", "in", "on",
    "or", "by", "as", "is", "be", "at", "it", "vs",
}
_WORD = re.compile(r"[a-z0-9]+")
SERVING = 5  # index of "Deployment and serving" in STEPS
# A point counts as mentioned when this share of its key words is in the outline.
MENTION_SHARE = 0.5
WORD_SIMILARITY = 84.0


@dataclass(frozen=True)
class StepPlan:
    """One step of the drill: its name, its time box, its checklist."""

    index: int
    name: str
    minutes: int
    points: tuple[ChecklistItem, ...]


def plan_for(minutes: int, plans: dict[int, tuple[int, ...]] | None = None) -> tuple[int, ...]:
    """Time boxes for a drill of `minutes`: the deck's plan if it has one, else the default."""
    table = {**DEFAULT_PLANS, **(plans or {})}
    if minutes in table:
        return table[minutes]
    base = table[45]
    scale = minutes / 45
    return tuple(max(1, round(box * scale)) for box in base)


def key_words(text: str) -> list[str]:
    """Lower-case words of a point without accents, stop words and tags."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return [w for w in _WORD.findall(text) if w not in _STOP and (len(w) > 2 or w.isdigit())]


def mentioned(point: str, outline: str) -> bool:
    """Does the outline mention the point? Fuzzy per key word (typos, plurals), most words."""
    wanted = key_words(point)
    if not wanted:
        return False
    written = set(key_words(outline))
    if not written:
        return False
    hits = 0
    for word in wanted:
        if word in written or any(_same_word(word, other) for other in written):
            hits += 1
    return hits / len(wanted) >= MENTION_SHARE


def _same_word(a: str, b: str) -> bool:
    shared = len(os.path.commonprefix([a, b]))
    if shared >= 4 and shared >= 0.7 * min(len(a), len(b)):
        return True  # plural, -ing, -ation: one stem
    return len(a) > 4 and len(b) > 4 and fuzz.ratio(a, b) >= WORD_SIMILARITY


def pre_ticks(points: tuple[ChecklistItem, ...], outline: str,
              rebuilt: Rebuilt | None = None) -> tuple[bool, ...]:
    """The points the outline already mentions (a suggestion the learner confirms or changes);
    a rebuild's points are ticked by its score, never by the outline's words."""
    ticks = []
    for point in points:
        if point.rebuild:
            score = None if rebuilt is None else getattr(rebuilt, point.rebuild)
            ticks.append(score is not None and score >= REBUILD_PASS)
        else:
            ticks.append(mentioned(point.text, outline))
    return tuple(ticks)


# A rebuilt diagram's edges count as checklist points once precision / recall reach this.
REBUILD_PASS = 0.8


@dataclass(frozen=True)
class Rebuilt:
    """The edges typed for the serving diagram, scored against the diagram's own."""

    typed: str
    precision: float
    recall: float
    detail: str


def rebuild_points(card_id: int) -> tuple[ChecklistItem, ...]:
    """The two points a serving-diagram rebuild adds to the serving step's checklist."""
    return (
        ChecklistItem(f"Serving diagram from memory: the arrows drawn are right "
                      f"(precision ≥ {REBUILD_PASS:.0%})", (), 0, (card_id,), "precision"),
        ChecklistItem(f"Serving diagram from memory: no arrow missing "
                      f"(recall ≥ {REBUILD_PASS:.0%})", (), 0, (card_id,), "recall"),
    )


@dataclass
class StepResult:
    """What happened at one step: time spent, the outline, the confirmed ticks."""

    index: int
    seconds: float = 0.0
    outline: str = ""
    ticks: tuple[bool, ...] = ()
    skipped: bool = False
    rebuild: Rebuilt | None = None  # the serving diagram rebuilt from memory at this step

    @property
    def covered(self) -> int:
        return sum(self.ticks)


@dataclass
class Drill:
    """A drill in progress. The clock is injected; nothing here waits or sleeps."""

    case: str
    title: str
    prompt: str
    minutes: int
    steps: tuple[StepPlan, ...]
    clock: Callable[[], datetime]
    started: datetime = field(init=False)
    current: int = field(init=False, default=0)
    results: list[StepResult] = field(init=False)
    _step_started: datetime = field(init=False)
    finished: datetime | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.started = self._step_started = self.clock()
        self.results = [StepResult(step.index) for step in self.steps]

    @property
    def step(self) -> StepPlan:
        return self.steps[self.current]

    @property
    def done(self) -> bool:
        return self.finished is not None

    def elapsed(self) -> float:
        """Seconds since the drill started (frozen once finished)."""
        return ((self.finished or self.clock()) - self.started).total_seconds()

    def step_elapsed(self) -> float:
        """Seconds spent on the current step so far (earlier visits included)."""
        spent = self.results[self.current].seconds
        if self.done:
            return spent
        return spent + (self.clock() - self._step_started).total_seconds()

    def overrun(self) -> bool:
        """The current step's time box has run out (shown, never forced)."""
        return self.step_elapsed() > self.step.minutes * 60

    def total_overrun(self) -> bool:
        return self.elapsed() > self.minutes * 60

    def suggest(self, outline: str) -> tuple[bool, ...]:
        """Record the outline of the current step and return the suggested ticks."""
        result = self.results[self.current]
        result.outline = outline
        return pre_ticks(self.step.points, outline, result.rebuild)

    def record_rebuild(self, rebuilt: Rebuilt) -> None:
        """The current step's diagram rebuild (the serving step's)."""
        self.results[self.current].rebuild = rebuilt

    def finish_step(self, ticks: tuple[bool, ...], *, skipped: bool = False) -> None:
        """Confirm the current step's ticks and move on (the last step ends the drill)."""
        now = self.clock()
        result = self.results[self.current]
        result.seconds += (now - self._step_started).total_seconds()
        points = len(self.step.points)
        result.ticks = tuple(ticks[:points]) + (False,) * max(0, points - len(ticks))
        result.skipped = skipped
        self._step_started = now
        if self.current + 1 >= len(self.steps):
            self.finished = now
        else:
            self.current += 1

    def skip_step(self) -> None:
        """Move on without an outline: every point of the step counts as missed."""
        self.finish_step((), skipped=True)

    def missed(self) -> list[ChecklistItem]:
        """Points not ticked, across the steps done so far."""
        out: list[ChecklistItem] = []
        for plan, result in zip(self.steps, self.results, strict=True):
            if not result.ticks and not result.skipped:
                continue
            out.extend(p for p, t in zip(plan.points, result.ticks, strict=True) if not t)
        return out

    def overrun_steps(self) -> list[str]:
        """Names of the steps that took longer than their time box."""
        return [
            plan.name
            for plan, result in zip(self.steps, self.results, strict=True)
            if result.seconds > plan.minutes * 60
        ]


def new_drill(
    case: str,
    title: str,
    prompt: str,
    checklists: dict[int, tuple[ChecklistItem, ...]],
    *,
    minutes: int,
    clock: Callable[[], datetime],
    plans: dict[int, tuple[int, ...]] | None = None,
    rebuild_card: int | None = None,
) -> Drill:
    """A drill of the 7 steps with their time boxes and the case study's checklists; with a
    rebuild card, the serving step also scores the serving diagram rebuilt from memory."""
    boxes = plan_for(minutes, plans)
    if rebuild_card is not None:
        checklists = dict(checklists)
        checklists[SERVING] = checklists.get(SERVING, ()) + rebuild_points(rebuild_card)
    steps = tuple(
        StepPlan(index, STEPS[index], boxes[index], checklists.get(index, ()))
        for index in range(len(STEPS))
    )
    return Drill(case, title, prompt, minutes, steps, clock)


@dataclass(frozen=True)
class StepLine:
    """One step in a drill's summary."""

    name: str
    covered: int
    points: int
    seconds: float
    minutes: int
    skipped: bool


@dataclass(frozen=True)
class DrillSummary:
    """What a finished drill showed: coverage per step, time, and the cards brought forward."""

    steps: tuple[StepLine, ...]
    missed: tuple[str, ...]
    brought_forward: int
    seconds: float
    minutes: int

    @property
    def covered(self) -> int:
        return sum(step.covered for step in self.steps)

    @property
    def points(self) -> int:
        return sum(step.points for step in self.steps)

    def text(self) -> str:
        """The summary as the TUI and the CLI print it."""
        lines = [f"Drill done in {mmss(self.seconds)} of {self.minutes}:00 — "
                 f"{self.covered} of {self.points} points covered"]
        for number, step in enumerate(self.steps, start=1):
            over = "  (over its time box)" if step.seconds > step.minutes * 60 else ""
            state = "skipped" if step.skipped else f"{step.covered}/{step.points}"
            name = step.name + " " * max(0, 24 - cell_len(step.name))  # cells, not characters
            lines.append(f"  {number}. {name} {state:>7}  "
                         f"{mmss(step.seconds)} of {step.minutes}:00{over}")
        if self.missed:
            lines.append("Missed:")
            lines.extend(f"  - {point}" for point in self.missed)
        lines.append(f"{self.brought_forward} cards brought forward from "
                     f"{len(self.missed)} missed points")
        return "\n".join(lines)


def summarize(drill: Drill, brought_forward: int) -> DrillSummary:
    """The summary of a finished drill, given how many cards the missed points brought forward."""
    steps = tuple(
        StepLine(plan.name, result.covered, len(plan.points), result.seconds, plan.minutes,
                 result.skipped)
        for plan, result in zip(drill.steps, drill.results, strict=True)
    )
    missed = tuple(point.text for point in drill.missed())
    return DrillSummary(steps, missed, brought_forward, drill.elapsed(), drill.minutes)


def mmss(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
