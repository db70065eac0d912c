"""Importer fixes found by the corpus tests, each pinned with our own small input text."""

from __future__ import annotations

from collections import Counter

from importers.markdown import parse_note


def kinds(note) -> Counter:
    return Counter(c.kind for c in note.cards)


def test_answer_marker_without_space_after_a_question() -> None:
    # hashcards and repeater read `A:text` (no space) as the answer; before the fix the line
    # was glued onto the question and the card was dropped with "'Q:' with no 'A:'".
    note = parse_note("Q: Which loss suits CTR?\nA:Log loss\n", "n.md")
    assert note.problems == []
    assert [(c.front, c.back) for c in note.cards] == [("Which loss suits CTR?", "Log loss")]


def test_tight_answer_marker_is_prose_outside_a_question() -> None:
    # Without an open question, `A:B` stays prose: no card and no complaint about it.
    note = parse_note("A:B tests compare two variants.\n", "n.md")
    assert note.cards == [] and note.problems == []


def test_bracket_followed_by_colon_mid_line_is_a_deletion() -> None:
    # `[6]:[9]` is two deletions for hashcards; only a link reference definition
    # (`[x]: url` opening a line below the first) is left alone.
    note = parse_note("C: Retrieval keeps [top k]:[500] candidates.\n", "n.md")
    assert note.problems == []
    assert [c.cloze_ordinal for c in note.cards] == [1, 2]
    assert note.cards[0].cloze_text == "Retrieval keeps {{c1::top k}}:{{c2::500}} candidates."


def test_bracket_colon_opening_the_first_line_is_a_deletion() -> None:
    note = parse_note("C: [Recall@k]: share of relevant items in the top k.\n", "n.md")
    assert kinds(note) == {"cloze": 1}


def test_link_reference_definition_in_a_cloze_block_is_not_a_deletion() -> None:
    text = "C: A [two-tower] model, see [the paper][tt].\n\n[tt]: https://example.org/tt\n"
    note = parse_note(text, "n.md")
    assert [c.cloze_text for c in note.cards] == [
        "A {{c1::two-tower}} model, see [the paper][tt].\n\n[tt]: https://example.org/tt"
    ]


def test_empty_anki_cloze_message_names_the_number() -> None:
    note = parse_note("Drift is {{c1::}} and {{c2::covariate}} shift.\n", "n.md")
    assert kinds(note) == {"cloze": 1}
    assert [str(p) for p in note.problems] == [
        "n.md:1: empty cloze '{{c1::}}': put the hidden text after 'c1::' or remove the cloze"
    ]


def test_empty_highlight_is_reported_not_misread() -> None:
    # `====` used to be skipped silently, and `x ==== y ==z==` was read as one highlight
    # running from the second `==` of `====` to the first `==` of `==z==`.
    note = parse_note("#flashcards\n\nLatency ==== budget and ==p99== tail.\n", "n.md")
    assert [c.front for c in note.cards] == ["Latency ==== budget and [...] tail."]
    assert [(p.line, p.message.split(":")[0]) for p in note.problems] == [
        (3, "empty highlight '===='")
    ]


def test_two_highlights_still_give_two_cards() -> None:
    note = parse_note("#flashcards\n\n==Recall== matters before ==precision==.\n", "n.md")
    assert [c.front for c in note.cards] == ["[...] matters before precision.",
                                            "Recall matters before [...]."]


def test_stray_space_before_colon_is_one_problem_not_three() -> None:
    # `Q :` used to give its own message plus "'A:' with no 'Q:'" for the answer below it, and
    # `A :` under a good `Q:` also gave "'Q:' with no 'A:'"; one mistake, one message now.
    text = "Q : Why shard?\nA: Scale\n\nQ: Why cache?\nA : Latency\n\nQ: Why batch?\nA: GPUs\n"
    note = parse_note(text, "n.md")
    assert [(c.front, c.back) for c in note.cards] == [("Why batch?", "GPUs")]
    assert [(p.line, "space before the colon" in p.message) for p in note.problems] == [
        (1, True), (5, True)]


def test_stray_cloze_marker_ends_the_card_above() -> None:
    note = parse_note("Q: a\nA: b\nC : the [x]\nstill the stray block\nQ: c\nA: d\n", "n.md")
    assert [(c.front, c.back) for c in note.cards] == [("a", "b"), ("c", "d")]
    assert [p.line for p in note.problems] == [3]


def test_answer_without_question_is_still_reported() -> None:
    note = parse_note("Q: a\nA: b\n\nA: orphan\n", "n.md")
    assert [p.line for p in note.problems] == [4]
