"""The drill's pure parts: checklists in notes, the time plan, pre-ticks, the running drill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core.drill import mentioned, new_drill, plan_for, pre_ticks
from importers.checklists import (
    ChecklistItem,
    parse_checklists,
    parse_item,
    parse_time_plan,
    step_of,
)

NOTE = """\
# Ad click prediction

## Clarify requirements

Q: Something?
A: Something.

### Checklist

- [ ] Business objective: revenue, not clicks #ads-objective
- [ ] Latency budget of the ad request #ads-latency #serving
- [x] Scale: requests per second

```
- [ ] not a point, inside a fence
```

## Data preparation

### Checklist
- [ ] Label from an attribution window #ads-label
* [ ] Negative downsampling, then recalibration #downsampling

## Notes

- [ ] a task outside any checklist
"""


def test_checklists_are_found_per_step_with_tags_and_lines() -> None:
    found = parse_checklists(NOTE)
    assert [(c.step, c.heading) for c in found] == [
        (0, "Clarify requirements"),
        (2, "Data preparation"),
    ]
    first = found[0].items
    assert [i.text for i in first] == [
        "Business objective: revenue, not clicks",
        "Latency budget of the ad request",
        "Scale: requests per second",
    ]
    assert first[1].tags == ("ads-latency", "serving")
    assert first[2].tags == ()
    assert first[0].line == 10
    assert [i.tags for i in found[1].items] == [("ads-label",), ("downsampling",)]


def test_step_names_map_to_the_framework() -> None:
    assert step_of("Step 2: Frame the problem as an ML task") == 1
    assert step_of("Deployment and serving") == 5
    assert step_of("Model development") == 3
    assert step_of("Monitoring") == 6
    assert step_of("Related reading") is None


def test_a_hash_inside_a_point_is_not_a_tag() -> None:
    assert parse_item("- [ ] Use C# clients #lang") == ("Use C# clients", ("lang",))
    assert parse_item("- not a task") is None


def test_time_plan_table() -> None:
    text = """\
| Step | 45 min | 60 min |
|---|---|---|
| Introductions | 3 | 3 |
| Clarify requirements | 4 | 5 |
| Frame as an ML task | 4 | 5 |
| Data preparation | 7 | 9 |
| Model development | 9 | 12 |
| Evaluation | 5 | 7 |
| Deployment and serving | 6 | 9 |
| Monitoring | 4 | 5 |
"""
    plans = parse_time_plan(text)
    assert plans == {45: (4, 4, 7, 9, 5, 6, 4), 60: (5, 5, 9, 12, 7, 9, 5)}
    # An incomplete table gives no plan for that length.
    assert parse_time_plan("\n".join(text.splitlines()[:-1])) == {}
    assert plan_for(45, {45: (1, 1, 1, 1, 1, 1, 1)}) == (1, 1, 1, 1, 1, 1, 1)
    assert sum(plan_for(90)) > sum(plan_for(60))


def test_mentioned_tolerates_typos_and_plurals_but_not_other_topics() -> None:
    outline = "labels from clicks inside an atribution window; downsample negatives, recalibrate"
    assert mentioned("Label from an attribution window", outline)
    assert mentioned("Negative downsampling, then recalibration", outline)
    assert not mentioned("Latency budget of the ad request", outline)
    assert not mentioned("Anything", "")


def test_a_drill_runs_with_an_injected_clock() -> None:
    now = [datetime(2026, 12, 6, 10, 0, tzinfo=UTC)]
    points = {
        0: (ChecklistItem("Business objective revenue", ("obj",), 1),
            ChecklistItem("Latency budget", ("lat",), 2)),
        2: (ChecklistItem("Attribution window label", ("lab",), 3),),
    }
    drill = new_drill("ads", "Ad click prediction", "Design ads", points, minutes=45,
                      clock=lambda: now[0])
    assert [s.minutes for s in drill.steps] == [5, 3, 7, 10, 5, 5, 3]
    now[0] += timedelta(minutes=6)
    assert drill.overrun()
    ticks = drill.suggest("objective: revenue per impression")
    assert ticks == (True, False)
    drill.finish_step((True, True))  # the learner ticks the second point too
    assert drill.current == 1 and not drill.overrun()
    drill.skip_step()
    now[0] += timedelta(minutes=2)
    drill.finish_step(pre_ticks(drill.step.points, "nothing relevant"))
    for _ in range(4):
        drill.finish_step(())
    assert drill.done
    assert [p.text for p in drill.missed()] == ["Attribution window label"]
    assert drill.overrun_steps() == ["Clarify requirements"]
    assert drill.elapsed() == 8 * 60


def test_the_framework_deck_carries_the_plans() -> None:
    from pathlib import Path

    from app.core.drill import DEFAULT_PLANS

    text = (Path(__file__).resolve().parents[1] / "decks" / "framework.md").read_text()
    plans = parse_time_plan(text)
    assert plans == DEFAULT_PLANS  # the built-in fallback says what the deck says
    assert sum(plans[45]) <= 45 - 5 and sum(plans[60]) <= 60 - 8  # room for intro, questions
