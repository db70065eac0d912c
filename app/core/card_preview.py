"""A card as the review shows it, as text: the question, the drawing, the choices, the answer.

`blueprint card show` prints this, so a user can preview a card and tests can assert on exactly
what a learner sees (the same front view the review screen draws).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from app.core import card_text
from app.core.diagram_quiz import check, draw, load_quiz
from app.core.errors import BlueprintError
from app.core.store import CardRow, Store


def find_card(store: Store, ident: str) -> CardRow:
    """The one card `ident` names: a uid, a unique uid prefix, or `diagram_id:key`."""
    found = store.find_cards(ident.strip())
    exact = [c for c in found if c.uid == ident.strip()]
    if exact:
        return exact[0]
    if not found:
        raise BlueprintError(f"no card '{ident}'", "run 'blueprint list' to see card ids")
    if len(found) > 1:
        raise BlueprintError(f"'{ident}' names {len(found)} cards",
                             "give more of the id: " + ", ".join(c.uid for c in found[:5]))
    return found[0]


def preview(store: Store, card: CardRow, *, back: bool, width: int, height: int | None = None,
            answer: str | None = None) -> RenderableType:
    """The front (and with `back` the answer side) of `card`, the diagram drawn at `width` (and,
    where it can, `height` rows); a diagram card's back graded against a typed `answer` too."""
    parts: list[RenderableType] = [Text(card_text.breadcrumb(card), style="dim")]
    if card_text.is_diagram(card):
        loaded = load_quiz(store, card)
        parts.append(Text(card.front, style="bold"))
        parts.append(draw(loaded, revealed=False, width=width, height=height))
        for number, choice in enumerate(loaded.choices, 1):
            parts.append(Text(f"  {number}. {choice}"))
        if back:
            parts.append(Text("── answer ──", style="dim"))
            parts.append(Text(card.back, style="bold green"))
            if answer is not None:
                verdict = check(loaded, answer)
                parts.append(Text(f"you: {answer}  ·  {verdict.status or 'checked'} "
                                  f"(match {verdict.score:.0%})", style="italic"))
                if verdict.detail:
                    parts.append(Text(verdict.detail, style="dim"))
            parts.append(draw(loaded, revealed=True, width=width, height=height, given=answer))
        return Group(*parts)
    parts.append(Text(card_text.front_markdown(card)))
    if back:
        parts.append(Text("── answer ──", style="dim"))
        parts.append(Text(card_text.back_markdown(card)))
    return Group(*parts)
