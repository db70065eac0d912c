"""Drills over a collection: the case studies to drill, starting one, storing it, bringing the
cards of missed points forward, and the history (what `drill --history` and the stats show)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from app.core.drill import SERVING, Drill, DrillSummary, Rebuilt, new_drill, summarize
from app.core.errors import BlueprintError
from app.core.store import Store
from importers.checklists import STEPS, ChecklistItem

if TYPE_CHECKING:
    from app.core.diagram_quiz import LoadedQuiz

# At most this many cards are brought forward by one drill (the rest wait for the next one).
BRING_FORWARD_CAP = 20


@dataclass(frozen=True)
class Case:
    """A case study that can be drilled: a note with checklists."""

    case_id: str
    title: str
    prompt: str
    root: str
    source_path: str
    checklists: dict[int, tuple[ChecklistItem, ...]]

    @property
    def points(self) -> int:
        return sum(len(items) for items in self.checklists.values())


def cases(store: Store) -> list[Case]:
    """Every note with checklists, by title."""
    out = []
    for row in store.drill_cases():
        by_step: dict[int, list[ChecklistItem]] = {}
        for checklist in row["checklists"]:
            by_step.setdefault(checklist["step"], []).extend(
                ChecklistItem(item["text"], tuple(item["tags"]), item["line"])
                for item in checklist["items"])
        out.append(Case(row["case_id"], row["title"], row["prompt"], row["root"],
                        row["source_path"], {k: tuple(v) for k, v in by_step.items()}))
    return out


def find_case(store: Store, name: str | None) -> Case:
    """The case study `name` names (its file stem or title, fuzzy); None: the one drilled least
    recently (never drilled first)."""
    known = cases(store)
    if not known:
        raise BlueprintError("no case study with checklists in this collection",
                             "import notes whose step sections have a `Checklist` task list "
                             "(the shipped decks have them)")
    if name is None:
        last = {row["case_id"]: row["started_at"] for row in store.drills()}
        return min(known, key=lambda c: (last.get(c.case_id, ""), c.title))
    wanted = name.strip().lower()
    for case in known:
        if wanted in (case.case_id.lower(), case.title.lower()):
            return case
    choices = {i: f"{c.case_id} {c.title}".lower() for i, c in enumerate(known)}
    best = process.extractOne(wanted, choices, scorer=fuzz.partial_ratio)
    if best is not None and best[1] >= 80:
        return known[best[2]]
    listing = ", ".join(c.case_id for c in known)
    raise BlueprintError(f"no case study named '{name}'", f"pick one of: {listing}")


def plans(store: Store) -> dict[int, tuple[int, ...]]:
    """The framework deck's time plans (by drill length), stored at import."""
    raw = store.meta("drill_plans")
    if not raw:
        return {}
    return {int(k): tuple(v) for k, v in json.loads(raw).items()}


def start(store: Store, case: Case, *, minutes: int, clock: Callable[[], datetime]) -> Drill:
    prompt = f"Design {case.title[:1].lower()}{case.title[1:]}. {case.prompt}".strip()
    rebuild = store.rebuild_card_ids(case.root, case.source_path)
    return new_drill(case.case_id, case.title, prompt, case.checklists, minutes=minutes,
                     clock=clock, plans=plans(store), rebuild_card=rebuild[0] if rebuild else None)


def rebuild_quiz(store: Store, drill: Drill) -> LoadedQuiz | None:
    """The serving step's "rebuild from memory" card of the case's diagram, if it has one."""
    ids = [cid for point in drill.steps[SERVING].points if point.rebuild for cid in point.cards]
    if not ids:
        return None
    from app.core.diagram_quiz import load_quiz

    return load_quiz(store, store.card(ids[0]))


def score_rebuild(loaded: LoadedQuiz, typed: str) -> Rebuilt:
    """Edge precision and recall of the typed arrows (`A > B, B > C`, names or numbers)."""
    from app.core.diagram_quiz import check
    from diagrams.answers_structured import parse_edges

    quiz = loaded.quiz
    truth = {(int(a) - 1, int(b) - 1) for a, b in (e.split(">") for e in quiz.answers)}
    edges, _unknown = parse_edges(quiz.items, typed)
    hit = edges & truth
    precision = len(hit) / len(edges) if edges else 0.0
    recall = len(hit) / len(truth) if truth else 0.0
    return Rebuilt(typed, precision, recall, check(loaded, typed).detail)


def finish(store: Store, drill: Drill, *, now: datetime,
           cap: int = BRING_FORWARD_CAP) -> DrillSummary:
    """Store the drill and bring forward the cards its missed points link to (at most `cap`)."""
    case = next((c for c in cases(store) if c.case_id == drill.case), None)
    ids: list[int] = []
    for point in drill.missed():
        ids.extend(cid for cid in point.cards if cid not in ids)
        if not point.tags:
            continue
        linked = []
        if case is not None:  # the case study's own cards first
            linked = store.cards_tagged(list(point.tags), root=case.root,
                                        source_path=case.source_path)
        linked = linked or store.cards_tagged(list(point.tags))
        ids.extend(card.id for card in linked if card.id not in ids)
    moved = store.bring_forward(ids[:cap], now) if ids else 0
    summary = summarize(drill, moved)
    store.save_drill({
        "case_id": drill.case, "title": drill.title, "started_at": drill.started,
        "minutes": drill.minutes, "seconds": summary.seconds, "brought_forward": moved,
        "steps": [
            {"step": plan.index + 1, "name": plan.name, "minutes": plan.minutes,
             "seconds": round(result.seconds, 1), "points": len(plan.points),
             "covered": result.covered, "skipped": result.skipped,
             "ticks": list(result.ticks), "outline": result.outline}
            for plan, result in zip(drill.steps, drill.results, strict=True)
        ],
    })
    return summary


def history(store: Store) -> list[dict]:
    """Every drill as plain values (`drill --history --json`), oldest first."""
    return [
        {"case": row["case_id"], "title": row["title"], "started_at": row["started_at"],
         "minutes": row["minutes"], "seconds": row["seconds"],
         "brought_forward": row["brought_forward"], "steps": row["steps"]}
        for row in store.drills()
    ]


@dataclass(frozen=True)
class DrillStats:
    """The Drills view of the stats screen."""

    drills: list[dict]  # history, oldest first
    coverage: dict[str, list[float]]  # step name -> share of points covered, one per drill
    overruns: dict[str, int]  # step name -> drills where it overran its time box
    not_drilled: list[str]  # case titles never drilled


def drill_stats(store: Store) -> DrillStats:
    done = history(store)
    coverage: dict[str, list[float]] = {name: [] for name in STEPS}
    overruns = dict.fromkeys(STEPS, 0)
    for drill in done:
        for step in drill["steps"]:
            name = step["name"]
            if step["points"]:
                coverage.setdefault(name, []).append(step["covered"] / step["points"])
            if step["seconds"] > step["minutes"] * 60:
                overruns[name] = overruns.get(name, 0) + 1
    drilled = {d["case"] for d in done}
    not_drilled = [c.title for c in cases(store) if c.case_id not in drilled]
    return DrillStats(done, coverage, overruns, not_drilled)
