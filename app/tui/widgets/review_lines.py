"""Lines of the review screen: the quiz prompt, and the verdict under a checked answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:  # a review of plain cards does not load the quiz code
    from app.core.diagram_quiz import Checked, LoadedQuiz


def verdict_line(verdict: Checked, given: str) -> Text:
    """What was right or wrong, the match score, the detail, and the suggested grade."""
    if verdict.correct:
        line = Text.assemble(("✓ Correct", "bold green"), f"  {verdict.expected}")
    elif verdict.near and given.strip():
        line = Text.assemble(("≈ Near miss", "bold yellow"), f"  you: {given.strip()}",
                             "  ·  answer: ", (verdict.expected, "bold"))
    elif given.strip():
        line = Text.assemble(("✗ Not quite", "bold red"), f"  you: {given.strip()}",
                             "  ·  answer: ", (verdict.expected, "bold"))
    else:
        line = Text.assemble(("Answer: ", "bold"), (verdict.expected, "bold"))
    line.append(f"   match {verdict.score:.0%}", style="dim")
    if verdict.detail:
        line.append(f"\n{verdict.detail}", style="dim")
    line.append(f"\nSuggested: {verdict.suggested.name.title()} — Enter accepts, 1–4 change",
                style="italic")
    return line


def quiz_prompt(loaded: LoadedQuiz | None) -> str:
    if loaded is not None and loaded.choices:
        return "1–9: pick · Enter: check the highlighted choice · PgUp/PgDn: scroll"
    return ("Type the answer, Enter checks · Esc: leave the box (then u undo, e edit, "
            "s suspend, b bury) · PgUp/PgDn: scroll")
