"""Architecture diagrams: parse Mermaid and DOT, analyse latency, make and grade quiz cards.

The names below load on first use (PEP 562): a command that only needs `diagrams.quantity` or
`diagrams.view` does not pay for networkx and the parsers (about 0.2 s of CPU).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagrams.analysis import Analysis, analyse
    from diagrams.answers import Verdict, check_answer
    from diagrams.blocks import parse_block, to_json
    from diagrams.model import Diagnostic, Diagram
    from diagrams.quiz import QuizCard, quiz_cards

_HOME = {
    "Analysis": "analysis", "analyse": "analysis", "Verdict": "answers",
    "check_answer": "answers", "Diagnostic": "model", "Diagram": "model", "QuizCard": "quiz",
    "quiz_cards": "quiz", "parse_block": "blocks", "to_json": "blocks",
}

__all__ = [
    "Analysis",
    "Diagnostic",
    "Diagram",
    "QuizCard",
    "Verdict",
    "analyse",
    "check_answer",
    "parse_block",
    "quiz_cards",
    "to_json",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'diagrams' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"diagrams.{home}"), name)
    globals()[name] = value
    return value
