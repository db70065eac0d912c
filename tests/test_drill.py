"""The drill end to end: checklists stored at import, the Drill screen driven by Pilot with an
injected clock, cards of missed points brought forward, the history through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import SelectionList, TextArea

from app.cli import main
from app.core.collection import Collection
from app.core.importing import import_paths
from app.core.scheduler import make_scheduler
from app.core.store import Store
from app.tui.app import make_app
from app.tui.screens.drill import DrillScreen

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEP_NAMES = ("Clarify requirements", "Frame as an ML task", "Data preparation",
              "Model development", "Evaluation", "Deployment and serving", "Monitoring")

PLAN = """\
# Framework

| Step | 45 min | 60 min |
|---|---|---|
| Introductions | 3 | 5 |
| Clarify requirements | 2 | 7 |
| Frame as an ML task | 3 | 4 |
| Data preparation | 7 | 9 |
| Model development | 10 | 13 |
| Evaluation | 5 | 6 |
| Deployment and serving | 5 | 7 |
| Monitoring | 3 | 4 |
"""


DIAGRAM = """
```mermaid
%% id: drill-ads
flowchart LR
  RQ[Ad request] --> TG[Targeting]
  TG --> RK[Ranker]
  RK --> AU[Auction]
```
"""


def case_note(diagram: bool = False) -> str:
    parts = ["---\ndeck: Cases::Ads\n---\n\n# Ad click prediction\n\n"
             "Predict clicks on ads shown in a social feed. More prose.\n"]
    for index, name in enumerate(STEP_NAMES):
        parts.append(f"\n## {name}\n\nQ: Question {index} about objective?\nA: Answer {index}. "
                     f"#t{index}a\n\nQ: Other {index}?\nA: Reply {index}. #t{index}b\n\n"
                     f"### Checklist\n\n- [ ] Business objective revenue #t{index}a\n"
                     f"- [ ] Latency budget milliseconds #t{index}b\n")
        if diagram and name == "Deployment and serving":
            parts.append(DIAGRAM)
    return "".join(parts)


def make_collection(tmp_path: Path, now: list[datetime], *, diagram: bool = False) -> Collection:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ads.md").write_text(case_note(diagram), encoding="utf-8")
    (notes / "framework.md").write_text(PLAN, encoding="utf-8")
    store = Store(tmp_path / "collection.db")
    report = import_paths(store, [notes], now=START)
    assert not report.problems, report.problems
    return Collection(store, clock=lambda: now[0], tz=UTC, scheduler=make_scheduler(fuzz=False))


def test_import_stores_cases_and_the_plan(tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now)
    [case] = collection.drill_cases()
    assert (case.case_id, case.title, case.points) == ("ads", "Ad click prediction", 14)
    drill = collection.start_drill("ad click", minutes=45)
    assert [s.minutes for s in drill.steps] == [2, 3, 7, 10, 5, 5, 3]  # the note's own plan
    assert drill.prompt.startswith("Design ad click prediction. Predict clicks")
    # The checklists are not cards.
    assert not [c for c in collection.store.cards() if "objective revenue" in c.front]


async def _type(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_a_whole_drill_in_the_tui(tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now)
    store = collection.store
    app = make_app(collection, drill=("ads", 45))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        for index in range(7):
            assert screen.drill.current == index
            await _type(pilot, "business objective is revenue" if index % 2 == 0 else "nothing")
            now[0] += timedelta(minutes=2)
            await pilot.press("ctrl+n")
            await pilot.pause()
            checklist = screen.query_one(SelectionList)
            suggested = set(checklist.selected)
            assert suggested == ({0} if index % 2 == 0 else set())
            if index == 1:  # the learner ticks a point the matcher missed
                checklist.select(1)
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert screen.phase == "summary"
        text = str(screen.query_one("#drill-summary").render())
        assert "cards brought forward from" in text
    summary = screen.summary
    assert summary is not None
    assert summary.covered == 5  # steps 0, 2, 4, 6 first point, and step 1's ticked second
    missed = len(summary.missed)
    assert missed == 9
    # Each missed point links to one card of the note: those cards are now due.
    due_now = [c for c in store.cards() if c.due is not None and c.due <= now[0]]
    assert len(due_now) == summary.brought_forward == 9
    [done] = collection.drill_history()
    assert done["case"] == "ads" and len(done["steps"]) == 7
    assert done["steps"][0]["outline"] == "business objective is revenue"
    assert done["steps"][0]["ticks"] == [True, False]
    assert done["steps"][0]["seconds"] == 120 and done["steps"][0]["minutes"] == 2
    # Brought-forward new cards come first in today's new queue.
    first = collection.study().current()
    assert first is not None and first.id in {c.id for c in due_now}


async def test_skipping_a_step_and_an_overrun(tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now)
    app = make_app(collection, drill=("ads", 45))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        now[0] += timedelta(minutes=3)  # over the 2-minute box of step 1
        screen._show_clock()
        clock_text = str(screen.query_one("#drill-clock").render())
        assert "time box over" in clock_text
        assert screen.query_one(TextArea).display  # never forced on
        await pilot.press("ctrl+s")  # skip step 1
        await pilot.pause()
        assert screen.drill.current == 1 and screen.phase == "outline"
        for _ in range(6):
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert screen.phase == "summary"
    [done] = collection.drill_history()
    assert done["steps"][0]["skipped"] and done["steps"][0]["covered"] == 0
    stats = collection.drill_stats()
    assert stats.overruns["Clarify requirements"] == 1
    assert stats.not_drilled == []


def test_history_json_after_two_drills(tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now)
    for minutes in (45, 60):
        drill = collection.start_drill("ads", minutes=minutes)
        for _ in range(7):
            drill.suggest("objective revenue")
            now[0] += timedelta(minutes=1)
            drill.finish_step((True, False))
        collection.finish_drill(drill)
    collection.close()
    result = CliRunner().invoke(main, ["--collection", str(tmp_path / "collection.db"),
                                       "drill", "--history", "--json"])
    assert result.exit_code == 0, result.output
    drills = json.loads(result.output)
    assert [d["minutes"] for d in drills] == [45, 60]
    assert all(s["covered"] == 1 and s["points"] == 2 for d in drills for s in d["steps"])
    text = CliRunner().invoke(main, ["--collection", str(tmp_path / "collection.db"),
                                     "drill", "--history"])
    assert text.exit_code == 0 and "7/14" in text.output


def test_unknown_case_is_a_clear_error(tmp_path: Path) -> None:
    make_collection(tmp_path, [START]).close()
    result = CliRunner().invoke(main, ["--collection", str(tmp_path / "collection.db"),
                                       "drill", "video", "--json"])
    assert result.exit_code == 2
    assert "no case study named 'video'" in result.output and "ads" in result.output


def test_drills_view_snapshot(snap_compare, tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now)
    drill = collection.start_drill("ads", minutes=45)
    for index in range(7):
        now[0] += timedelta(minutes=4 if index == 0 else 1)
        if index == 3:
            drill.skip_step()
        else:
            drill.finish_step((True, index % 2 == 0))
    collection.finish_drill(drill)
    app = make_app(collection)
    assert snap_compare(app, terminal_size=(100, 24), press=["t", "d"])


async def test_rebuilding_the_serving_diagram_counts_as_points(tmp_path: Path) -> None:
    now = [START]
    collection = make_collection(tmp_path, now, diagram=True)
    app = make_app(collection, drill=("ads", 45))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.rebuild is not None
        for _ in range(5):  # to the serving step
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert screen.drill.current == 5
        serving = screen.drill.step.points
        assert [p.rebuild for p in serving] == ["", "", "precision", "recall"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.phase == "rebuild"
        front = str(screen.query_one("#drill-rebuild-front").render())
        assert "Targeting" in front and ">" not in front.split("\n", 1)[1]
        # Right arrows but one missing: precision 100%, recall 2/3.
        await _type(pilot, "ad request > targeting, targeting > ranker")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.phase == "outline"
        rebuilt = screen.drill.results[5].rebuild
        assert rebuilt is not None and rebuilt.precision == 1.0 and rebuilt.recall < 0.8
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert set(screen.query_one(SelectionList).selected) == {2}
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.phase == "summary"
    rebuild_card = serving[3].cards[0]
    assert collection.card(rebuild_card).kind == "diagram-rebuild"
    assert collection.card(rebuild_card).due is not None  # the missed recall point brought it


def test_every_shipped_case_study_can_be_drilled(tmp_path: Path) -> None:
    """Through the real import and the drill's own link resolution: every case study in decks/
    has 4-8 points at each of the 7 steps, and every point brings at least one of its cards."""
    decks = Path(__file__).resolve().parents[1] / "decks"
    store = Store(tmp_path / "c.db")
    import_paths(store, [decks], now=START)
    collection = Collection(store, clock=lambda: START, tz=UTC)
    found = {case.source_path: case for case in collection.drill_cases()}
    studies = sorted(p.relative_to(decks).as_posix() for p in (decks / "case-studies").glob("*.md"))
    assert studies and sorted(found) == studies
    for rel, case in found.items():
        sizes = {STEP_NAMES[s]: len(case.checklists.get(s, ())) for s in range(7)}
        assert all(4 <= n <= 8 for n in sizes.values()), (rel, sizes)
        for points in case.checklists.values():
            for point in points:
                linked = store.cards_tagged(list(point.tags), root=case.root,
                                            source_path=case.source_path)
                assert linked, f"{rel}:{point.line}: '{point.text}' links to no card"
    drill = collection.start_drill("ad click prediction", minutes=60)
    assert drill.steps[5].points[-1].rebuild == "recall"  # its serving diagram can be rebuilt
    assert [s.minutes for s in drill.steps] == [7, 4, 9, 13, 6, 7, 4]
