"""Pilot: plain notes imported, the Suggestions screen opened from the import summary; accept,
edit, reject; the collection then has exactly the accepted cards, and decisions stay."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static, TextArea
from tui_support import NOW, app_for, collection, text_of

from app.core.importing import import_paths
from app.core.suggestion_review import pending_suggestions
from app.tui.screens.decks import DecksScreen
from app.tui.screens.import_notes import ImportScreen
from app.tui.screens.suggestions import SuggestionsScreen

PLAIN = """# Serving

- **Shadow traffic**: live requests copied to a candidate model whose answers are discarded.
- **Canary**: a small share of users sent to the new model first.
- **Warm-up**: synthetic requests run at start so the first real ones are fast.
- **Drain**: letting in-flight requests finish before a replica stops.
- **Rollback**: putting the previous model version back after a bad release.
- **Blue-green**: two full fleets, with traffic switched from one to the other at once.
"""


def _active(store) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    rows = store.conn.execute("SELECT front, source_path, source_line FROM cards "
                              "WHERE retired = 0 ORDER BY source_line")
    return [tuple(r) for r in rows]


async def test_accept_two_edit_one_reject_one(tmp_path: Path) -> None:
    store = collection(tmp_path, notes=False)
    notes = tmp_path / "vault"
    notes.mkdir()
    (notes / "serving.md").write_text(PLAIN, encoding="utf-8")
    app = app_for(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        importing = app.screen
        assert isinstance(importing, ImportScreen)
        importing.query_one(Input).value = str(notes)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = text_of(importing.query_one("#import-report", Static), width=200)
        assert "1 file has notes but no cards: press s" in report
        await pilot.press("s")
        await app.workers.wait_for_complete()  # the queue is drafted in a worker
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert len(screen.items) == 6
        first = screen.items[0]
        source = text_of(screen.query_one("#suggestion-source", Static), width=120)
        assert f"serving.md:{first.suggestion.line}" in source
        assert PLAIN.splitlines()[first.suggestion.line - 1].strip() in source

        accepted = [screen.items[0].suggestion, screen.items[1].suggestion]
        await pilot.press("a")
        await pilot.press("a")
        await pilot.pause()
        edited = screen.current
        assert edited is not None
        await pilot.press("e")
        await pilot.pause()
        editor = screen.query_one("#suggestion-editor", TextArea)
        assert editor.has_focus and editor.text == edited.suggestion.markdown
        editor.load_text("Q: Which release goes to a few users first?\nA: A canary.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rejected = screen.current
        assert rejected is not None
        await pilot.press("x")
        await pilot.pause()
        assert len(screen.items) == 2
        status = text_of(screen.query_one("#suggestion-status", Static))
        assert "2 pending · 2 accepted · 1 edited · 1 rejected" in status
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)

    cards = _active(store)
    assert len(cards) == 3
    fronts = {c[0] for c in cards}
    assert fronts == {a.front for a in accepted} | {"Which release goes to a few users first?"}
    assert all(c[1] == "serving.md" for c in cards)
    lines = {a.line for a in accepted} | {edited.suggestion.line}
    assert {c[2] for c in cards} == lines
    assert rejected.suggestion.line not in {c[2] for c in cards}

    # re-import and re-suggest keep the decisions
    again = import_paths(store, [notes], now=NOW, force=True)
    assert (again.added, again.retired) == (0, 0)
    assert len(_active(store)) == 3
    left = pending_suggestions(store)
    assert len(left) == 2 and rejected.suggestion.id not in {p.suggestion.id for p in left}

    # a changed source line brings its suggestion back
    old_line = PLAIN.splitlines()[rejected.suggestion.line - 1]
    (notes / "serving.md").write_text(PLAIN.replace(old_line, old_line.rstrip(".") + ", mostly."),
                                      encoding="utf-8")
    import_paths(store, [notes], now=NOW)
    back = [p for p in pending_suggestions(store) if p.suggestion.line == rejected.suggestion.line]
    assert len(back) == 1 and back[0].suggestion.id != rejected.suggestion.id


async def test_deck_list_opens_suggestions_and_accept_rest_of_file(tmp_path: Path) -> None:
    store = collection(tmp_path, notes=False)
    notes = tmp_path / "vault"
    notes.mkdir()
    (notes / "serving.md").write_text(PLAIN, encoding="utf-8")
    (notes / "other.md").write_text("# Other\n\n- **Quota**: a cap on requests per client.\n",
                                    encoding="utf-8")
    import_paths(store, [notes], now=NOW)
    app = app_for(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("s")
        await app.workers.wait_for_complete()  # the queue is drafted in a worker
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert len(screen.items) == 7
        table = screen.query_one(DataTable)
        serving_row = next(i for i, p in enumerate(screen.items) if "serving" in p.where)
        table.move_cursor(row=serving_row)
        await pilot.press("A")
        await pilot.pause()
        assert [p.where.rsplit(":", 1)[0].endswith("other.md") for p in screen.items] == [True]
    assert len(_active(store)) == 6
