"""The review's Markdown fast path draws exactly what Rich's Markdown draws, or steps aside."""

from __future__ import annotations

import random

import pytest
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment

from app.tui.widgets.plain_markdown import plain_text

WIDTHS = (12, 40, 116)
WORDS = ["word", "Ab", "9", " ", " ", "**bold**", "`co de`", "é✓", "(x)", ".", "?", "!", ",",
         "\n", "-", "#", "3.5"]
SPECIAL = list("*_[]<&~|\\`") + ["**", "  ", "1.", "\n\n", "\t"]


def _cells(console: Console, renderable: object, width: int) -> list[list[tuple[str, object]]]:
    """Each line as (character, style) cells: the look, whatever the segment boundaries."""
    lines = Segment.split_and_crop_lines(
        console.render(renderable, console.options.update_width(width)), width, pad=True)
    return [[(ch, seg.style) for seg in line for ch in seg.text] for line in lines]


def _same(text: str) -> bool | None:
    console = Console(width=120, color_system="truecolor")
    drawn = plain_text(console, text)
    if drawn is None:
        return None
    return all(_cells(console, drawn, w) == _cells(console, Markdown(text), w) for w in WIDTHS)


@pytest.mark.parametrize("text", [
    "Card 0: what does **component 0** do in design 0?",
    "What does the feature store serve online?",
    "Which `ranker` runs after **candidate generation** (and why)?",
    "Two lines\nof one paragraph with **bold** at the end",
    "(**bold**) then `a*b_c` code, 2026 numbers, 3 GB and 100% sure!",
])
def test_simple_fronts_take_the_fast_path_and_match(text: str) -> None:
    assert _same(text) is True


@pytest.mark.parametrize("text", [
    "- a list", "1. ordered", "# heading", "> quote", "a *em* word", "snake_case",
    "[link](x)", "a <b>tag</b>", "a &amp; b", "~~gone~~", "a | b", "trailing  ", "**x**y",
    "x**bold**", "para\n\npara", "line\n---", "`` code ``", "** not bold**", "",
])
def test_anything_else_goes_to_rich(text: str) -> None:
    assert _same(text) is None


def test_generated_near_misses_match_whenever_taken() -> None:
    rng = random.Random(15)
    taken = 0
    for _ in range(3000):
        text = "".join(rng.choice(SPECIAL if rng.random() < 0.04 else WORDS)
                       for _ in range(rng.randint(1, 16)))
        verdict = _same(text)
        assert verdict is not False, repr(text)
        taken += verdict is True
    assert taken > 300  # the fast path is exercised, not just refused
