"""What a card shows: its front and back as Markdown, with math made readable in a terminal."""

from __future__ import annotations

import re
from functools import cache

from app.core.store import CardRow

_DISPLAY_MATH = r"\$\$(.+?)\$\$"
_INLINE_MATH = r"(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])"
_SYMBOLS = {
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε",
    r"\theta": "θ", r"\lambda": "λ", r"\mu": "μ", r"\sigma": "σ", r"\pi": "π", r"\eta": "η",
    r"\sum": "Σ", r"\prod": "Π", r"\cdot": "·", r"\times": "×", r"\leq": "≤", r"\geq": "≥",
    r"\le": "≤", r"\ge": "≥", r"\neq": "≠", r"\approx": "≈", r"\infty": "∞", r"\to": "→",
    r"\in": "∈", r"\log": "log", r"\exp": "exp", r"\sqrt": "√", r"\partial": "∂",
    r"\nabla": "∇", r"\hat": "", r"\mathbb": "", r"\mathrm": "", r"\text": "",
}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Display math, inline math and the symbols: compiled for the first text with a `$`
    (a review's start shows most fronts without one)."""
    symbols = "|".join(re.escape(k) + r"(?![a-zA-Z])"
                       for k in sorted(_SYMBOLS, key=len, reverse=True))
    return re.compile(_DISPLAY_MATH, re.DOTALL), re.compile(_INLINE_MATH), re.compile(symbols)


def readable_math(tex: str) -> str:
    """LaTeX as plain text a terminal shows: Greek letters and operators as symbols."""
    out = _patterns()[2].sub(lambda m: _SYMBOLS[m.group(0)], tex)
    out = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", out)
    return out.replace("{", "").replace("}", "").strip()


def terminal_markdown(text: str) -> str:
    """Markdown with `$…$` as inline code and `$$…$$` as a code block of readable math."""
    if "$" not in text:  # (both patterns need one)
        return text
    display, inline, _symbols = _patterns()
    text = display.sub(lambda m: f"\n```\n{readable_math(m.group(1))}\n```\n", text)
    return inline.sub(lambda m: f"`{readable_math(m.group(1))}`", text)


def front_markdown(card: CardRow) -> str:
    return terminal_markdown(card.front)


def back_markdown(card: CardRow) -> str:
    return terminal_markdown(card.back)


def breadcrumb(card: CardRow) -> str:
    """`Deck › Heading › Subheading`: where the card lives."""
    return " › ".join([card.deck.replace("::", " › "), *card.breadcrumb])


def is_diagram(card: CardRow) -> bool:
    return card.kind.startswith("diagram")
