"""Suggestion rules on hand-written plain notes: each rule fires where it should, and only there."""

from __future__ import annotations

import textwrap

from importers.markdown import parse_note
from importers.suggest import suggest_note
from importers.suggest.definitions import definition_rule, find_definition
from importers.suggest.lists import list_rule
from importers.suggest.numbers import numeric_rule
from importers.suggest.structure import sections
from importers.suggest.tables import table_rule


def _note(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def _run(rule, text: str):  # type: ignore[no-untyped-def]
    return [s for section in sections(_note(text)) for s in rule(section)]


# --- definitions -----------------------------------------------------------------------------


def test_bold_term_with_colon_gives_a_what_is_card() -> None:
    found = _run(definition_rule, """
        # Retrieval

        **Recall@k**: the share of relevant items found among the top k results.
        """)
    assert [(s.kind, s.front, s.back) for s in found] == [
        ("basic", "What is Recall@k?", "the share of relevant items found among the top k results.")
    ]
    assert found[0].line == 3
    assert found[0].breadcrumb == ("Retrieval",)
    assert found[0].markdown == (
        "Q: What is Recall@k?\nA: the share of relevant items found among the top k results.")


def test_bold_colon_inside_and_dash_forms() -> None:
    assert find_definition("**Warm start:** training from the last checkpoint.",
                           list_item=False).term == "Warm start"  # type: ignore[union-attr]
    d = find_definition("**Shadow traffic** — copies of live requests sent to a new model.",
                        list_item=False)
    assert d is not None and d.term == "Shadow traffic"
    assert d.text == "copies of live requests sent to a new model."
    assert find_definition("*Drift*: the input distribution moving away from training.",
                           list_item=True) is not None


def test_plain_term_only_in_a_list_item() -> None:
    item = "Embedding: a dense vector that places similar items close together"
    assert find_definition(item, list_item=True) is not None
    assert find_definition(item, list_item=False) is None


def test_cloze_where_the_definition_names_the_term() -> None:
    found = _run(definition_rule, """
        - **Negative sampling**: negative sampling trains on a few random non-clicked items
          instead of every item in the catalogue.
        """)
    kinds = [s.kind for s in found]
    assert kinds == ["basic", "cloze"]
    assert found[1].markdown.startswith("C: [negative sampling] trains on")
    # the cloze really parses as one card with the term blanked
    cards = parse_note(found[1].markdown, "x.md").cards
    assert len(cards) == 1 and "negative sampling" not in cards[0].front.lower()


def test_bold_term_opening_a_sentence_is_a_definition_with_cloze() -> None:
    found = _run(definition_rule, """
        **MRR** (mean reciprocal rank) averages one over the rank of the first relevant result.
        """)
    assert found[0].front == "What is MRR?"
    assert found[0].back.startswith("MRR (mean reciprocal rank) averages")
    assert found[1].markdown.startswith("C: [MRR] (mean reciprocal rank) averages")


def test_definition_rule_does_not_fire_on_prose_code_links_or_contents() -> None:
    found = _run(definition_rule, """
        # Notes

        The reason is simple: the cache is cold after a deploy.

        Note: this section is a draft.

        - [Feature stores](feature-stores.md): how features are served
        - [Serving](serving.md)
        - see also: https://example.org/serving
        - We chose Redis: it was already deployed.
        - Pros: cheap
        - implicit: more data but a weaker signal per event
        - Top-view representation: input -> CNN -> boxes and tracks

        ```python
        config = {"key": "value"}
        label: str = "x"
        ```

        ## Table of contents

        - [Intro](#intro)
        - [Design](#design)
        """)
    assert found == []


# --- short lists -----------------------------------------------------------------------------


def test_heading_over_a_short_list_gives_a_list_card_and_a_cloze() -> None:
    found = _run(list_rule, """
        # Ads ranking

        ## Online metrics

        - CTR
        - Conversion rate
        - Revenue per mille
        """)
    assert [s.kind for s in found] == ["basic", "cloze"]
    assert found[0].front == "What are the 3 online metrics?"
    assert found[0].back == "- CTR\n- Conversion rate\n- Revenue per mille"
    assert found[0].breadcrumb == ("Ads ranking", "Online metrics")
    assert found[1].markdown == "C: Online metrics: [CTR], [Conversion rate], [Revenue per mille]."
    assert len(parse_note(found[1].markdown, "x.md").cards) == 3  # one cloze per item


def test_list_item_heading_a_nested_list() -> None:
    found = _run(list_rule, """
        # Metrics

        - Offline metrics
          - Log loss
          - AUC
        - Online metrics
          - CTR
          - Dwell time
        - Guardrails are watched too, over more than one week of traffic.
        """)
    fronts = [s.front for s in found if s.kind == "basic"]
    assert fronts == ["What are the 2 offline metrics?", "What are the 2 online metrics?"]


def test_list_rule_skips_long_lists_contents_links_checklists_and_questions() -> None:
    found = _run(list_rule, """
        ## Contents

        - Intro
        - Design

        ## Reading

        - [A paper](https://example.org/a)
        - [Another](https://example.org/b)

        ## Checklist

        - [ ] say the budget
        - [ ] draw the path

        ## Clarifying questions

        - How many users?
        - What latency?

        ## Scaling, monitoring and updates

        - Scaling
        - Monitoring
        - Updates

        ## Integrity

        - Integrity deals with
          - harmful content
          - harmful actors

        ## Six steps

        - one
        - two
        - three
        - four
        - five
        - six
        """)
    assert found == []


# --- tables ----------------------------------------------------------------------------------


def test_table_gives_one_card_per_row_and_column() -> None:
    found = _run(table_rule, """
        ## Metrics by task

        | Task | Metric | Typical value |
        |---|---|---|
        | ranking | NDCG | - |
        | retrieval | Recall@k | 0.6 |
        """)
    assert [(s.front, s.back, s.line) for s in found] == [
        ("Metric for ranking?", "NDCG", 5),
        ("Metric for retrieval?", "Recall@k", 6),
        ("Typical value for retrieval?", "0.6", 6),
    ]


def test_attribute_tables_and_question_headers_read_as_questions() -> None:
    found = _run(table_rule, """
        | | Online store | Offline store |
        |---|---|---|
        | Latency | milliseconds | minutes |

        | Metric | When |
        |---|---|
        | AUC | ranking quality of a binary objective |
        """)
    assert [s.front for s in found] == ["Online store: Latency?", "Offline store: Latency?",
                                        "When to use AUC?"]


def test_table_of_links_is_not_a_fact_table() -> None:
    found = _run(table_rule, """
        | Chapter | Link |
        |---|---|
        | Serving | [serving](serving.md) |
        | Training | [training](training.md) |
        """)
    assert found == []


# --- numbers ---------------------------------------------------------------------------------


def test_sentence_with_a_number_and_unit_gives_a_numeric_card() -> None:
    found = _run(numeric_rule, """
        The ranking stage gets about 40ms of the request budget.
        """)
    assert len(found) == 1
    assert found[0].front == "Fill in the number: The ranking stage gets ___ of the request budget."
    assert found[0].back == "~40 ms"
    assert found[0].markdown.endswith("\nA: ~40 ms")
    parsed = parse_note(found[0].markdown, "x.md").cards  # a numeric card (typed, tolerance)
    assert [(c.kind, c.back) for c in parsed] == [("numeric", "~40 ms")]


def test_numeric_rule_keeps_ranges_and_skips_bare_numbers_years_and_code() -> None:
    found = _run(numeric_rule, """
        Clicks are rare: the click rate is usually 1-2% of impressions.

        The model was released in 2019 with 3 layers and it still runs today.

        Set `timeout = 50 ms` in the config file before the first deploy.

        One sentence has 10 ms and also 20 ms in it, which is ambiguous.
        """)
    assert [s.back for s in found] == ["1-2%"]


# --- the whole note --------------------------------------------------------------------------


NOTE = """
# Feature store

**Point-in-time join**: a join that reads each feature as it was when the label happened.

## Two stores

- Offline store
- Online store

## Serving path

Reads from the online store take under 10 ms at p99.

```mermaid
flowchart LR
  A[Request] --> B[Feature lookup<br/>5 ms] --> C[Model<br/>20 ms]
```
"""


def test_suggest_note_ranks_definitions_first_and_carries_the_path() -> None:
    found = suggest_note(_note(NOTE), "notes/fs.md")
    assert [s.rule for s in found] == ["definition", "list", "list", "numeric", "diagram"]
    assert all(s.source_path == "notes/fs.md" for s in found)
    assert found[-1].kind == "diagram" and "quiz cards" in found[-1].front


def test_ids_are_stable_and_follow_the_source_text() -> None:
    first = {s.front: s.id for s in suggest_note(_note(NOTE), "fs.md")}
    moved = {s.front: s.id for s in suggest_note("\n\n" + _note(NOTE), "fs.md")}
    assert first == moved  # lines moved, same text: same ids
    edited = _note(NOTE).replace("as it was when", "as it stood when")
    changed = {s.front: s.id for s in suggest_note(edited, "fs.md")}
    assert changed["What is Point-in-time join?"] != first["What is Point-in-time join?"]
    assert changed["What are the 2 stores?"] == first["What are the 2 stores?"]


def test_cap_per_section_keeps_the_best() -> None:
    rows = "\n".join(f"| item{i} | value {i} |" for i in range(20))
    text = f"# T\n\n**Term**: a definition of the term here.\n\n| Name | Value |\n|---|---|\n{rows}\n"
    capped = suggest_note(text, "t.md", cap=3)
    assert len(capped) == 3 and capped[0].rule == "definition"
    assert len(suggest_note(text, "t.md", cap=None)) == 22  # the definition has a cloze too


def test_sections_with_written_cards_are_left_alone() -> None:
    text = _note("""
        # Written

        Q: What does a feature store serve?
        A: Features, online and offline.

        - **Skew**: a gap between training and serving features.

        # Plain

        - **Drift**: the live inputs moving away from the training data.
        """)
    assert [s.front for s in suggest_note(text, "x.md")] == ["What is Drift?"]


def test_every_suggestion_parses_as_the_card_it_shows() -> None:
    for s in suggest_note(_note(NOTE), "fs.md"):
        if s.kind == "diagram":
            continue
        cards = parse_note(s.markdown, "fs.md")
        assert cards.problems == [] and cards.cards, s.markdown
        if s.kind != "cloze":
            assert cards.cards[0].front == s.front and cards.cards[0].back == s.back


def test_list_after_an_introducing_sentence_names_its_bold_terms() -> None:
    found = _run(list_rule, """
        # Scaling

        Scaling on CPU is usually wrong for a model server. Two fixes:

        1. **Readiness probe.** No traffic reaches a replica before it has warmed up.
        2. **Headroom.** Spare replicas absorb a spike while new ones start.
        """)
    assert [(s.front, s.back) for s in found if s.kind == "basic"] == [
        ("What are the 2 fixes?", "- Readiness probe\n- Headroom")]
    d = find_definition("**Headroom.** Spare replicas absorb a spike while new ones start.",
                        list_item=True)
    assert d is not None and d.term == "Headroom"
    # a bold key sentence is not a term
    assert find_definition("**Drift rates differ.** Spam changes weekly, nudity barely.",
                           list_item=True) is None
    assert find_definition("**Cold start is a representation problem.** New ids have no "
                           "embedding yet.", list_item=False) is None


def test_dialogue_speakers_advice_and_example_rows_are_not_facts() -> None:
    assert _run(definition_rule, """
        **Candidate:** How many users do we serve each day, and how fast must it be?

        **Interviewer:** About ten million, under a tenth of a second.

        - **Precompute where possible.** Move work to the offline pipeline.
        """) == []
    assert _run(table_rule, """
        | user | item | clicked |
        |---|---|---|
        | u_8421 | v_1120 | 1 |
        | u_8421 | v_2203 | 0 |
        """) == []
