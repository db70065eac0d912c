"""Math in a card's text, as the terminal shows it (app/core/card_text.py)."""

from __future__ import annotations

from app.core.card_text import readable_math, terminal_markdown


def test_inline_math_becomes_code_with_symbols() -> None:
    assert terminal_markdown(r"Loss is $\sum_i \lambda \cdot w_i$ here.") == (
        "Loss is `Σ_i λ · w_i` here.")


def test_display_math_becomes_a_code_block() -> None:
    assert terminal_markdown("Before\n$$\\frac{a}{b} \\leq \\infty$$\nafter") == (
        "Before\n\n```\n(a)/(b) ≤ ∞\n```\n\nafter")


def test_prices_and_text_without_math_stay_as_they_are() -> None:
    for text in ("It costs $5 and $6.", "No math at all: **bold** and `code`.", "a $ b", ""):
        assert terminal_markdown(text) == text


def test_a_longer_command_wins_and_a_word_after_a_command_is_kept() -> None:
    assert readable_math(r"\leq \le \lambdax \in \infty") == r"≤ ≤ \lambdax ∈ ∞"
