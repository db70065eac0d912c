"""The shipped decks: they parse cleanly, cover the framework, and keep cards atomic."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

import diagrams
from app.core.checking import check_paths
from importers.diagram_cards import default_diagram_id
from importers.markdown import parse_note
from importers.model import CardDraft

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


def test_every_diagram_has_a_budgeted_critical_path_or_is_a_batch_pipeline() -> None:
    seen_ids = set()
    for rel, text in notes():
        for block in parse_note(text, rel).diagrams:
            d, problems = diagrams.parse_block(block.source, block.lang, first_line=block.line,
                                               default_id=default_diagram_id(block))
            assert d is not None and problems == [], (rel, problems)
            assert d.explicit_id and d.id not in seen_ids
            seen_ids.add(d.id)
            latencies = [n for n, a in d.graph.nodes(data=True) if a.get("latency_ms") is not None]
            if d.budget_ms is None:  # a batch pipeline: throughput annotations, no request timing
                assert latencies == [], (rel, "latencies without a budget")
            else:
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


# -- issue 10: depth, atomicity, one card per fact, real fan-outs, checklists ---------------------

# Pairs of cards (file:line of each) allowed to look alike, each with the reason.
SIMILAR_OK: dict[frozenset[str], str] = {}
_STOP = set("""a an the and or of to in on for by with from at as is are be been being it its this
that these those than then so such not no into over under per via what which who whom whose when
where why how do does did done can could should would will may might must shall has have had
their there they them we you your our one two more most less least each every any all some both
other others also only just very much many same used use using uses e.g i.e between within out
up down off about after before while because if whether but while versus vs new""".split())
_UNITS = set("""ms us sec secs second seconds min mins minute minutes hour hours day days week weeks
month months year years bytes byte kb mb gb tb pb kib mib gib tib qps rps gbps mbps percent""".split())
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}")


def cards_of(rel: str, text: str) -> list[CardDraft]:
    return parse_note(text, rel).cards


def key_words(text: str) -> set[str]:
    """Content words, crudely singular; units are not key words ("5 minutes", "16 bytes")."""
    out = set()
    for w in re.findall(r"[a-z][a-z0-9-]+", text.lower()):
        w = w.strip("-")
        if len(w) < 3 or w in _STOP or w in _UNITS:
            continue
        out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return out


def list_items(answer: str) -> int:
    """How many items an answer enumerates: list lines, else comma/semicolon parts."""
    lines = [ln for ln in answer.splitlines() if re.match(r"\s*(?:[-*+]|\d+[.)])\s+", ln)]
    if lines:
        return len(lines)
    flat = re.sub(r"\([^)]*\)", "", answer)
    first = re.split(r"(?<=[.!?])\s+[A-Z]", flat)[0]
    return len([p for p in re.split(r"[,;]", first) if p.strip()])


def all_cards() -> list[tuple[str, CardDraft]]:
    out = []
    for rel, text in notes():
        for card in cards_of(rel, text):
            out.append((rel, card))
    return out


def test_every_case_study_has_estimates_and_scenarios() -> None:
    missing = {}
    for case in CASES:
        rel = f"case-studies/{case}.md"
        cards = cards_of(rel, (DECKS / rel).read_text(encoding="utf-8"))
        estimates = [c for c in cards if "estimate" in c.tags and c.kind == "numeric"]
        scenarios = [c for c in cards if "scenario" in c.tags]
        if len(estimates) < 8 or len(scenarios) < 5:
            missing[case] = (len(estimates), len(scenarios))
    assert missing == {}


def test_no_answer_lists_more_than_four_items() -> None:
    long = [(rel, c.line, list_items(c.back)) for rel, c in all_cards()
            if c.kind == "basic" and list_items(c.back) > 4]
    assert long == []


def _card_text(card: CardDraft) -> str:
    if card.kind == "cloze":
        return _CLOZE.sub(r"\1", card.cloze_text or "")
    return f"{card.front} {card.back}"


def test_no_fact_is_carded_twice_across_files() -> None:
    from rapidfuzz import fuzz, process

    items = [(rel, c) for rel, c in all_cards()
             if not c.kind.startswith("diagram")
             and (c.kind != "cloze" or c.cloze_ordinal == 1)]
    texts = [_card_text(c) for _, c in items]
    found = []
    for i, text in enumerate(texts):
        for _match, score, j in process.extract(text, texts[i + 1:], scorer=fuzz.token_set_ratio,
                                                score_cutoff=85, limit=None):
            (ra, a), (rb, b) = items[i], items[i + 1 + j]
            if ra == rb:
                continue
            pair = frozenset({f"{ra}:{a.line}", f"{rb}:{b.line}"})
            if pair not in SIMILAR_OK:
                found.append((*sorted(pair), int(score)))
    assert found == []


def gives_away(question: str, answer: str) -> bool:
    """The question already holds the answer's key words (half or more of at least two)."""
    keys = key_words(answer)
    shown = key_words(question)
    if not keys:
        return False
    hit = keys & shown
    return len(hit) >= max(2, (len(keys) + 1) // 2) or (len(keys) == 1 and hit == keys)


def test_no_question_contains_its_answer() -> None:
    found = []
    for rel, c in all_cards():
        if c.kind == "numeric":
            stated = re.sub(r"^[~≈]\s*", "", c.back).split(" ")[0]
            if re.search(rf"(?<![\w.]){re.escape(stated)}(?![\w.])", c.front):
                found.append((rel, c.line, c.front[:50]))
        elif c.kind == "basic" and gives_away(c.front, c.back):
            found.append((rel, c.line, c.front[:50]))
        elif c.kind == "cloze":
            hidden = _CLOZE.findall(c.cloze_text or "")[(c.cloze_ordinal or 1) - 1]
            if gives_away(c.front, hidden):
                found.append((rel, c.line, hidden))
    assert found == []


def has_real_fan_out(graph: nx.DiGraph) -> bool:
    online = nx.DiGraph()
    online.add_nodes_from(graph.nodes)
    online.add_edges_from((u, v) for u, v, a in graph.edges(data=True) if not a["offline"])
    for node in online:
        succ = list(online.successors(node))
        reach = [nx.descendants(online, s) | {s} for s in succ]
        for i in range(len(succ)):
            for j in range(i + 1, len(succ)):
                if reach[i] & reach[j]:
                    return True
    return False


@pytest.mark.parametrize("case", CASES)
def test_serving_diagram_fans_out_and_merges_again(case: str) -> None:
    rel = f"case-studies/{case}.md"
    [block] = parse_note((DECKS / rel).read_text(encoding="utf-8"), rel).diagrams
    d, _ = diagrams.parse_block(block.source, block.lang, first_line=block.line,
                                default_id=default_diagram_id(block))
    assert d is not None and has_real_fan_out(d.graph)


def checklists(text: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Step -> [(point, tags)] from `- [ ] point #tag` lists under `### Checklist` headings."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    step = ""
    in_list = False
    for line in text.splitlines():
        h = re.match(r"^(#{2,6}) (.+)$", line)
        if h:
            if len(h.group(1)) == 2:
                step = h.group(2).strip()
            in_list = h.group(2).strip() == "Checklist"
            continue
        m = re.match(r"^- \[[ x]\] (.+)$", line)
        if in_list and m:
            point = m.group(1)
            tags = tuple(re.findall(r"(?<!\S)#([A-Za-z][\w/-]*)", point))
            out.setdefault(step, []).append((point, tags))
    return out


@pytest.mark.parametrize("case", CASES)
def test_every_step_has_a_checklist_whose_tags_name_cards(case: str) -> None:
    rel = f"case-studies/{case}.md"
    text = (DECKS / rel).read_text(encoding="utf-8")
    lists = checklists(text)
    assert {s: len(lists.get(s, [])) for s in STEPS if not 4 <= len(lists.get(s, [])) <= 8} == {}
    card_tags = {t for c in cards_of(rel, text) for t in c.tags}
    untagged = [p for points in lists.values() for p, tags in points if not tags]
    unresolved = {t for points in lists.values() for _, tags in points for t in tags} - card_tags
    assert untagged == [] and unresolved == set()
    # the checklist is not a card
    assert not any("- [ ]" in c.front or "- [ ]" in c.back for c in cards_of(rel, text))


def test_the_checks_above_can_fail() -> None:
    assert list_items("CTR, conversion rate, revenue, advertiser return, and hides.") == 5
    assert list_items("- a\n- b\n- c") == 3
    assert list_items("Downsampling saves compute; predictions are then recalibrated.") == 2
    assert gives_away("Leakage comes in two forms: [...] (a feature encodes the label)",
                      "feature leakage")
    assert not gives_away("How is a negative label defined?", "An impression with no click.")
    chain = nx.DiGraph([("A", "B"), ("B", "C")])
    nx.set_edge_attributes(chain, False, "offline")
    diamond = nx.DiGraph([("A", "B"), ("A", "C"), ("B", "D"), ("C", "D")])
    nx.set_edge_attributes(diamond, False, "offline")
    assert not has_real_fan_out(chain) and has_real_fan_out(diamond)
    nx.set_edge_attributes(diamond, {("C", "D"): True}, "offline")
    assert not has_real_fan_out(diamond)  # an offline edge does not merge a request path
    text = "## Evaluation\n\n### Checklist\n\n- [ ] AUC on later data #metrics\n- [ ] no tag\n"
    assert checklists(text) == {"Evaluation": [("AUC on later data #metrics", ("metrics",)),
                                               ("no tag", ())]}
