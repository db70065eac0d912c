"""Python's garbage collector waits while a reveal or a grade is drawn (issue 15, item 2): from
the key's action to its frame no collection runs, and after the frame the collector is back."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from tui_support import collection, reviewing


async def _collector_back() -> None:
    for _ in range(100):
        await asyncio.sleep(0.01)
        if gc.isenabled():
            return


async def test_no_collection_between_a_key_and_its_frame(tmp_path: Path) -> None:
    store = collection(tmp_path)
    async with reviewing(store) as (_app, pilot, screen):
        seen: list[tuple[str, bool]] = []
        frame = screen._compositor_refresh
        show = screen.show_current

        def drawn() -> None:  # the frame, as Textual draws it
            seen.append(("frame", gc.isenabled()))
            frame()

        def shown() -> None:  # inside the grade's action
            seen.append(("grade", gc.isenabled()))
            show()

        screen._compositor_refresh = drawn  # type: ignore[method-assign]
        screen.show_current = shown  # type: ignore[method-assign]
        first = screen.card
        await pilot.press("space")
        await pilot.pause()
        assert ("frame", False) in seen  # the answer drawn, the collector held
        await _collector_back()
        assert gc.isenabled()
        seen.clear()
        await pilot.press("3")
        await pilot.pause()
        assert screen.card is not None and first is not None and screen.card.id != first.id
        assert seen[0] == ("grade", False)
        assert ("frame", False) in seen
        await _collector_back()
        assert gc.isenabled()
    store.close()


async def test_a_collector_disabled_by_someone_else_stays_disabled(tmp_path: Path) -> None:
    store = collection(tmp_path)
    try:
        async with reviewing(store) as (_app, pilot, screen):
            gc.disable()
            await pilot.press("space")
            await pilot.press("3")
            await pilot.pause()
            await asyncio.sleep(0.05)
            assert not gc.isenabled()
            assert screen.revealed is False  # the grade went through: the next card's front
    finally:
        gc.enable()
        store.close()


async def test_leaving_the_screen_gives_the_collector_back(tmp_path: Path) -> None:
    """A grade, then Escape before its frame: the deck list goes over the review screen,
    and the collector runs again."""
    store = collection(tmp_path)
    async with reviewing(store) as (app, pilot, screen):
        await pilot.press("space")
        await pilot.pause()
        await _collector_back()
        screen.action_grade(3)
        assert not gc.isenabled()
        screen.action_leave()
        await pilot.pause()
        assert app.screen is not screen
        assert gc.isenabled()
    store.close()
