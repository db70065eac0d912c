"""The review screen at 120x40 shows the tallest shipped diagram without scrolling, before and
after the answer (grade bar shown); at 80x24 it scrolls only vertically."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SHIPPED_AT
from textual.containers import VerticalScroll

from app.core.collection import Collection
from app.core.scheduler import make_scheduler
from app.tui.app import make_app

NOW = SHIPPED_AT  # the shipped collection's import time (conftest)
TALLEST = "youtube-video-search-serving"  # 17 nodes, the most layers and rows of the decks


def _only(path: Path, key: str) -> Collection:
    collection = Collection.open(path, clock=lambda: NOW, scheduler=make_scheduler(fuzz=False))
    cards = collection.store.cards("retired = 0")
    collection.store.set_suspended([c.id for c in cards], True)
    collection.store.set_suspended([c.id for c in cards if c.diagram_id == TALLEST
                                    and c.diagram_key == key], False)
    return collection


def _overflow(box: VerticalScroll) -> tuple[int, int]:
    return (max(0, box.virtual_size.width - box.size.width),
            max(0, box.virtual_size.height - box.size.height))


@pytest.mark.parametrize("key", ["bottleneck", "whatif:RK"])
async def test_tallest_diagram_fits_120x40_front_and_back(shipped: Path, key: str) -> None:
    collection = _only(shipped, key)
    app = make_app(collection, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#quiz-drawing-box", VerticalScroll)
        drawing = str(app.screen.query_one("#quiz-drawing").content)
        assert "▶" in drawing and _overflow(box) == (0, 0)
        await pilot.press("1" if key == "bottleneck" else "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.grades_shown
        assert box.size.height >= 20 and _overflow(box) == (0, 0), (box.size, box.virtual_size)
    collection.close()


async def test_tallest_diagram_at_80x24_scrolls_down_not_across(shipped: Path) -> None:
    collection = _only(shipped, "bottleneck")
    app = make_app(collection, start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        box = app.screen.query_one("#quiz-drawing-box", VerticalScroll)
        assert box.virtual_size.width <= box.size.width
    collection.close()
