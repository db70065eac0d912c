"""The review's card view: Markdown drawn from pre-rendered lines, the next card prepared ahead."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from rich.markdown import Markdown
from tui_support import app_for, collection

from app.core import card_text
from app.tui.screens.review import ReviewScreen
from app.tui.widgets.card_markdown import SharedParserMarkdown
from app.tui.widgets.card_view import CardView

SAMPLES = [
    "What does **the feature store** serve *online*?",
    "It does thing 1.\n\n- point one\n- point two\n\n`code 1`",
    "# Heading\n\n1. first\n2. second\n\n> quoted ~~struck~~\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "```python\nprint('x')\n```\n\n[a link](https://example.org)",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_shared_parser_renders_as_richs_markdown(text: str) -> None:
    def render(renderable: object) -> str:
        console = Console(file=StringIO(), width=60, color_system="truecolor", record=True)
        console.print(renderable)
        return re.sub(r"id=\d+", "id=N", console.export_text(styles=True))  # link ids vary

    assert render(SharedParserMarkdown(text)) == render(Markdown(text))


def _view(app: object) -> CardView:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReviewScreen)
    return screen.query_one(CardView)


async def test_front_then_rule_and_back(tmp_path: Path) -> None:
    app = app_for(collection(tmp_path), start_review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        card = screen.card
        view = _view(app)
        shown = view.plain
        assert card.front.split()[0] in shown and "─" * 20 not in shown
        assert card.back.split()[0] not in shown or card.back.split()[0] in card.front
        await pilot.press("space")
        await pilot.pause()
        revealed = view.plain
        assert "─" * 20 in revealed  # the rule between front and back
        front_part, back_part = revealed.split("─" * 20, 1)
        assert card.front.split()[0] in front_part
        assert card.back.split()[-1].strip("`*.") in back_part


async def test_next_card_is_prepared_while_the_answer_is_shown(tmp_path: Path) -> None:
    app = app_for(collection(tmp_path), start_review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        assert screen.session is not None
        view = _view(app)
        following = screen.session.upcoming(screen.card.id)
        assert following is not None and following.id != screen.card.id
        key = (card_text.front_markdown(following), view.size.width)
        assert key not in view._cache
        await pilot.press("space")
        await pilot.pause()
        assert key in view._cache  # rendered while the answer is read
        await pilot.press("3")
        await pilot.pause()
        assert screen.card is not None and screen.card.id == following.id
        assert following.front.split()[0] in view.plain


async def test_a_long_card_scrolls_and_a_short_one_comes_back_to_the_top(tmp_path: Path) -> None:
    app = app_for(collection(tmp_path), start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = _view(app)
        long_text = "\n\n".join(f"Paragraph {n} of a long answer." for n in range(40))
        view.show("Front", long_text)
        await pilot.pause()
        assert view.show_vertical_scrollbar and view.virtual_size.height > view.size.height
        view.scroll_page_down(animate=False)
        await pilot.pause()
        assert view.scroll_offset.y > 0
        view.show("Short front", None)
        await pilot.pause()
        assert view.scroll_offset.y == 0 and not view.show_vertical_scrollbar
        assert view.plain.strip() == "Short front"
