"""Schedules brought from Obsidian Spaced Repetition: each `<!--SR:!due,interval,ease-->`
comment gives the card above it (its siblings, in order) an FSRS state consistent with it.

Mapping: the due date is kept (the study day's start, local time); the card is in Review; its
stability is the one whose interval at the deck's desired retention equals the OSR interval
(at 0.90 they are equal); difficulty = 5 + (250 - ease) / 24, within 1-10 (the plugin's default
ease 250 is FSRS's middle, its floor 130 the hardest); the last review is due - interval.
A card reviewed in Blueprint keeps its own schedule: Blueprint never overrides its log.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from app.core.deck_options import resolve
from app.core.fsrs_eval import DEFAULT_PARAMETERS
from app.core.importing import ImportReport
from app.core.schedule_state import ScheduleState
from app.core.store import CardRow, Store
from app.core.store_scheduling import (
    deck_option_rows,
    file_cards,
    reviewed_ids,
    set_schedules,
)
from app.core.timeutil import local_tz, utc
from importers.model import Problem
from importers.osr_schedule import OsrSchedule, find_sr_comments

REVIEW = 2


def stability_for(interval_days: int, retention: float,
                  decay: float = DEFAULT_PARAMETERS[20]) -> float:
    """The FSRS stability whose next interval at `retention` is `interval_days`."""
    factor = 0.9 ** (1 / -decay) - 1
    return max(0.1, interval_days * factor / (retention ** (1 / -decay) - 1))


def difficulty_for(ease: int) -> float:
    return min(10.0, max(1.0, 5 + (250 - ease) / 24))


def osr_state(schedule: OsrSchedule, retention: float, hour: int,
              tz: tzinfo | None = None) -> ScheduleState:
    due = utc(datetime.combine(schedule.due, time(hour), tzinfo=tz or local_tz()))
    return ScheduleState(state=REVIEW, step=None,
                         stability=stability_for(max(1, schedule.interval_days), retention),
                         difficulty=difficulty_for(schedule.ease), due=due,
                         last_review=due - timedelta(days=max(1, schedule.interval_days)))


def _owner(cards: list[CardRow], line: int) -> list[CardRow]:
    """The cards of the nearest card line at or above the comment."""
    above = [c.source_line for c in cards if c.source_line <= line]
    if not above:
        return []
    start = max(above)
    return [c for c in cards if c.source_line == start]


def _current(card: CardRow) -> ScheduleState:
    return ScheduleState(card.state, card.step, card.stability, card.difficulty, card.due,
                         card.last_review)


def apply_osr_schedules(store: Store, report: ImportReport, *,
                        tz: tzinfo | None = None) -> None:
    """Give the cards of the notes this import read their Obsidian schedules; count the cards
    whose schedule this set in `report.osr_kept`, and each comment that fits no card in
    `report.osr_unplaced`."""
    options = deck_option_rows(store)
    states: dict[int, ScheduleState] = {}
    for root, rel, shown, text in report.osr_notes:
        cards = file_cards(store, root, rel)
        reviewed = reviewed_ids(store, [c.id for c in cards])
        taken: set[int] = set()
        for comment in find_sr_comments(text):
            where = f"{shown}:{comment.line}"
            owners = _owner(cards, comment.line)
            if comment.problem:
                report.osr_unplaced.append(Problem(shown, comment.line, comment.problem))
                continue
            if not owners or owners[0].id in taken:
                report.osr_unplaced.append(Problem(shown, comment.line, (
                    "Obsidian schedule with no card above it: the schedule was not kept")))
                continue
            if len(owners) != len(comment.schedules):
                report.osr_unplaced.append(Problem(shown, comment.line, (
                    f"{len(comment.schedules)} Obsidian schedules for {len(owners)} "
                    f"card{'s' if len(owners) != 1 else ''} at {where}: the schedules were "
                    "not kept")))
                continue
            taken.add(owners[0].id)
            for card, schedule in zip(owners, comment.schedules, strict=True):
                if card.id in reviewed:
                    continue  # reviewed in Blueprint: its own log decides
                found = resolve(card.deck, options)
                state = osr_state(schedule, found.retention, found.day_start_hour, tz)
                if state != _current(card):  # an unchanged comment changes nothing
                    states[card.id] = state
    if states:
        set_schedules(store, states)
    report.osr_kept = len(states)


def osr_summary(report: ImportReport) -> str:
    """The import's line about Obsidian schedules (the places not kept are listed apart)."""
    kept = report.osr_kept
    return (f"{kept} card{' kept its' if kept == 1 else 's kept their'} Obsidian schedule; "
            f"{len(report.osr_unplaced)} schedules could not be placed")
