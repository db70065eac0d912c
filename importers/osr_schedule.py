"""Obsidian Spaced Repetition schedules: `<!--SR:!2025-06-26,36,230-->` comments, one
`!due,interval,ease` per card (several for cloze and reversed siblings, in order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

SR_COMMENT = re.compile(r"<!--SR:((?:![^>!]*)+)-->")
_ONE = re.compile(r"^!(\d{4}-\d{2}-\d{2}),(\d+),(\d+)$")


@dataclass(frozen=True)
class OsrSchedule:
    due: date
    interval_days: int
    ease: int  # percent: 250 is the plugin's default, 130 its floor


@dataclass(frozen=True)
class OsrComment:
    line: int  # 1-based line of the comment
    schedules: tuple[OsrSchedule, ...]
    problem: str | None = None  # why the comment cannot be read


def strip_sr_comments(text: str) -> str:
    """The text without its SR comments (line numbers unchanged), so they never reach cards."""
    if "<!--SR:" not in text:
        return text
    return SR_COMMENT.sub("", text)


def find_sr_comments(text: str) -> list[OsrComment]:
    """Every SR comment of a note, in order, with its schedules read."""
    out: list[OsrComment] = []
    if "<!--SR:" not in text:
        return out
    for number, line in enumerate(text.split("\n"), start=1):
        for match in SR_COMMENT.finditer(line):
            schedules: list[OsrSchedule] = []
            problem = None
            for part in re.findall(r"![^!]*", match.group(1)):
                parsed = _ONE.match(part.strip())
                try:
                    if parsed is None:
                        raise ValueError(part)
                    schedules.append(OsrSchedule(date.fromisoformat(parsed.group(1)),
                                                 int(parsed.group(2)), int(parsed.group(3))))
                except ValueError:
                    problem = (f"Obsidian schedule {part!r} is not !YYYY-MM-DD,interval,ease; "
                               "the card starts as new")
                    break
            out.append(OsrComment(number, tuple(schedules), problem))
    return out
