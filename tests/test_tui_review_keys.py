"""Pilot tests of the review keys on typed cards: Escape leaves the answer box so u/e/s/b work,
ctrl+z undoes from anywhere, choices take 1-9, a choice card has no answer box, PageDown scrolls
the diagram whatever has focus, and the footer shows only the keys that work."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList
from tui_support import NOW, app_for

from app.core.importing import import_paths
from app.core.store import Store
from app.tui.screens.review import ReviewScreen

WIDE = """\
---
deck: Keys
---

# Wide serving

```mermaid
flowchart LR
  %% id: keys-wide
  %% budget: 200 ms
  REQ[Request] --> A[Query parsing<br/>5 ms]
  A --> B[Retrieval<br/>20 ms]
  B --> C[Filtering<br/>4 ms]
  C --> D[Light ranker<br/>12 ms]
  D --> E[Heavy ranker<br/>50 ms]
  E --> F[Re-ranking<br/>6 ms]
  F --> RESP[Response]
  RESP -.-> LOG[Logs]
```

Q: About how long may the heavy ranker take?
A: ~50 ms
"""


def wide_collection(tmp_path: Path, keep: tuple[str, ...]) -> Store:
    """The note above, every diagram card suspended but the keys in `keep`."""
    store = Store(tmp_path / "collection.db")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "wide.md").write_text(WIDE, encoding="utf-8")
    assert not import_paths(store, [folder], now=NOW).problems
    drop = [c.id for c in store.cards() if c.diagram_key and c.diagram_key not in keep]
    store.set_suspended(drop, True)
    return store


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for char in text:
        await pilot.press("space" if char == " " else char)


def _footer_keys(screen: ReviewScreen) -> set[str]:
    return {binding.action for _key, (_node, binding, enabled, _tip)
            in screen.active_bindings.items() if binding.show and enabled}


async def test_escape_leaves_the_box_then_u_undoes_a_typed_grade(tmp_path: Path) -> None:
    store = wide_collection(tmp_path, ("node:E",))
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and isinstance(screen.focused, Input)
        first = screen.card
        await _type(pilot, "heavy ranker" if screen.loaded else "50 ms")
        await pilot.press("enter", "enter")  # check, then accept the suggested grade
        await pilot.pause()
        assert len(store.reviews()) == 1
        assert isinstance(screen.focused, Input)  # the second typed card has the box
        assert "undo" not in _footer_keys(screen)  # `u` would be typed: not offered
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is None and "undo" in _footer_keys(screen)
        await pilot.press("u")
        await pilot.pause()
        assert store.reviews() == [] and screen.card is not None
        assert first is not None and screen.card.id == first.id


async def test_ctrl_z_undoes_while_typing(tmp_path: Path) -> None:
    store = wide_collection(tmp_path, ("node:E",))
    app = app_for(store, start_review=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await _type(pilot, "heavy ranker" if screen.loaded else "50 ms")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert len(store.reviews()) == 1 and isinstance(screen.focused, Input)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.reviews() == []


async def test_choices_take_keys_up_to_9_and_show_no_answer_box(tmp_path: Path) -> None:
    store = wide_collection(tmp_path, ("bottleneck",))
    store.set_suspended([c.id for c in store.cards() if c.diagram_key is None], True)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.loaded is not None
        choices = screen.loaded.choices
        assert len(choices) == 6 and choices[4] == "Heavy ranker"
        assert not screen.query_one("#quiz-answer", Input).display
        assert screen.query_one(OptionList).display
        await pilot.press("5")
        await pilot.pause()
        assert screen.checked is not None and screen.checked.correct


async def test_page_down_scrolls_the_drawing_while_typing(tmp_path: Path) -> None:
    store = wide_collection(tmp_path, ("node:E",))
    store.set_suspended([c.id for c in store.cards() if c.diagram_key is None], True)
    app = app_for(store, start_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and isinstance(screen.focused, Input)
        box = screen.query_one("#quiz-drawing-box")
        assert box.max_scroll_y > 0  # the diagram is taller than its area at 80x24
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0 and isinstance(screen.focused, Input)
        await pilot.press("pageup")
        await pilot.pause()
        assert box.scroll_y == 0
