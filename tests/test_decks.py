"""The shipped decks: they parse cleanly, cover the framework, and keep cards atomic."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

import diagrams
from app.core.checking import check_paths
from importers.diagram_cards import default_diagram_id
from importers.markdown import parse_note

DECKS = Path(__file__).resolve().parents[1] / "decks"
STEPS = ["Clarify requirements", "Frame as an ML task", "Data preparation", "Model development",
         "Evaluation", "Deployment and serving", "Monitoring"]
CASES = ["visual-search", "street-view-blurring", "youtube-video-search",
         "harmful-content-detection", "video-recommendation", "event-recommendation",
         "ad-click-prediction", "similar-listings", "news-feed", "people-you-may-know"]


def notes() -> list[tuple[str, str]]:
    return [(p.relative_to(DECKS).as_posix(), p.read_text(encoding="utf-8"))
            for p in sorted(DECKS.rglob("*.md")) if p.name != "README.md"]


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def test_decks_check_clean() -> None:
    result = check_paths([DECKS])
    assert [str(p) for p in result.problems] == []


def test_totals() -> None:
    cards = diagrams_found = 0
    for rel, text in notes():
        parsed = parse_note(text, rel)
        cards += len(parsed.cards)
        diagrams_found += len(parsed.diagrams)
    assert cards >= 600
    assert diagrams_found >= 14


@pytest.mark.parametrize("case", CASES)
def test_case_study_covers_every_step_with_one_diagram(case: str) -> None:
    text = (DECKS / "case-studies" / f"{case}.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == STEPS
    parsed = parse_note(text, f"case-studies/{case}.md")
    assert len(parsed.diagrams) == 1
    by_step = Counter(c.breadcrumb[1] for c in parsed.cards if len(c.breadcrumb) > 1)
    assert all(by_step[step] >= 3 for step in STEPS), by_step


def test_every_diagram_has_budget_critical_path_and_offline_loop() -> None:
    seen_ids = set()
    for rel, text in notes():
        for block in parse_note(text, rel).diagrams:
            d, problems = diagrams.parse_block(block.source, block.lang, first_line=block.line,
                                               default_id=default_diagram_id(block))
            assert d is not None and problems == [], (rel, problems)
            assert d.explicit_id and d.id not in seen_ids
            seen_ids.add(d.id)
            assert d.budget_ms is not None, rel
            analysis = diagrams.analyse(d)
            assert len(analysis.critical_path) >= 3 and analysis.bottleneck, rel
            assert any(attrs["offline"] for *_e, attrs in d.graph.edges(data=True)), rel
            assert d.aliases, rel


def test_answers_are_short_and_questions_unique() -> None:
    lengths = []
    fronts: Counter[str] = Counter()
    for rel, text in notes():
        for card in parse_note(text, rel).cards:
            if card.kind == "cloze":
                assert card.cloze_text is not None
                answer = " ".join(re.findall(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", card.cloze_text))
                fronts[card.cloze_text] += 1 if card.cloze_ordinal == 1 else 0
            else:
                answer = card.back
                fronts[card.front.strip().lower()] += 1
            lengths.append(words(answer))
            assert words(answer) <= 60, (rel, card.line, card.front[:60])
    assert statistics.median(lengths) <= 25
    assert [f for f, n in fronts.items() if n > 1] == []
