"""A quiz card as a plain JSON value and back, so the importer can store a diagram's family once
and the review and the export read it without parsing the diagram again. Generic over the
card's fields: a new quiz kind or field flows through without this module knowing it."""

from __future__ import annotations

import dataclasses
from typing import Any

from diagrams.quiz_common import QuizCard
from diagrams.view import View


def quiz_to_json(card: QuizCard) -> dict[str, Any]:
    return dataclasses.asdict(card)


def quiz_from_json(data: dict[str, Any]) -> QuizCard:
    """The card `quiz_to_json` gave; fields it does not know (an older or newer Blueprint) are
    dropped, fields it lacks take their defaults."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(QuizCard):
        if f.name not in data:
            continue
        values[f.name] = _value(data[f.name])
    return QuizCard(**values)


def _value(raw: Any) -> Any:
    if isinstance(raw, dict) and set(raw) <= {f.name for f in dataclasses.fields(View)}:
        return View(**{k: _value(v) for k, v in raw.items()})
    if isinstance(raw, list):
        return tuple(_value(v) for v in raw)
    return raw
