"""The Markdown importer against the examples with known answers and each syntax rule."""

from __future__ import annotations

from collections import Counter

from helpers import DATA

from importers.markdown import deck_from_path, parse_note


def kinds(note) -> Counter:
    return Counter(c.kind for c in note.cards)


def test_format_sample_known_answers() -> None:
    note = parse_note((DATA / "format-sample.md").read_text(), "format-sample.md")
    assert note.problems == []
    assert kinds(note) == {"basic": 2, "cloze": 4}
    basic = [c for c in note.cards if c.kind == "basic"]
    assert basic[0].front == "Which split avoids leakage when labels arrive over time?"
    assert basic[1].back.count("\n- ") == 1 and basic[1].back.startswith("- Downsample")
    hashcards = [c for c in note.cards if c.cloze_text and "hashing" in c.cloze_text]
    assert [c.cloze_ordinal for c in hashcards] == [1, 2]
    assert hashcards[0].front.startswith("The [...] maps")
    assert hashcards[0].cloze_text == ("The {{c1::hashing trick}} maps sparse categorical values "
                                       "into a fixed number of {{c2::buckets}}.")
    anki = [c for c in note.cards if c.cloze_text and "cross-entropy" in c.cloze_text]
    assert len(anki) == 2 and anki[0].family == anki[1].family
    assert all(c.deck == "Samples::Format" for c in note.cards)
    assert all("format-sample" in c.tags for c in note.cards)
    assert basic[0].breadcrumb == ("Format sample", "Plain Q/A")
    assert basic[0].line == 13
    # code block and HTML comment give nothing; the diagram is handed on
    assert not any("commented-out" in c.front or "inside a code" in c.front for c in note.cards)
    assert len(note.diagrams) == 1 and note.diagrams[0].lang == "mermaid"
    assert note.diagrams[0].line == 44


def test_osr_sample_known_answers() -> None:
    note = parse_note((DATA / "osr-sample.md").read_text(), "samples/osr.md")
    assert note.problems == []
    assert kinds(note) == {"basic": 2, "reversed": 2, "cloze": 1}
    assert all(c.deck == "samples" for c in note.cards)
    reversed_ = [c for c in note.cards if c.kind == "reversed"]
    assert reversed_[0].front == reversed_[1].back == "Batch prediction"
    assert not any("std" in c.front for c in note.cards)


def test_osr_syntax_ignored_without_flashcards_tag() -> None:
    text = "Term::definition\n\n==highlight== here\n\nFront\n?\nBack\n"
    assert parse_note(text, "x.md").cards == []
    tagged = parse_note("---\ncards: true\n---\n" + text, "x.md")
    assert kinds(tagged) == {"basic": 2, "cloze": 1}


def test_deck_rules() -> None:
    assert deck_from_path("ads/ctr.md") == "ads::ctr"
    assert parse_note("Q: a\nA: b\n", "ads/ctr.md").cards[0].deck == "ads::ctr"
    tagged = parse_note("#flashcards/ml/ads\n\nQ: a\nA: b\n", "x/y.md")
    assert tagged.cards[0].deck == "ml::ads"
    front = parse_note("---\ndeck: A::B\n---\n#flashcards/ml\n\nQ: a\nA: b\n", "x/y.md")
    assert front.cards[0].deck == "A::B"
    assert parse_note("Q: a\nA: b\n", "x.md", deck="Mine").cards[0].deck == "Mine"


def test_multiline_question_and_answer_end_at_heading_or_rule() -> None:
    text = ("# T\nQ: first line\nsecond line\nA: answer one\n\nmore answer\n---\nprose\n"
            "## Next\nQ: q2\nA: a2\nC: no cloze here\n")
    note = parse_note(text, "x.md")
    assert note.cards[0].front == "first line\nsecond line"
    assert note.cards[0].back == "answer one\n\nmore answer"
    assert note.cards[1].back == "a2"
    assert [str(p) for p in note.problems] == [
        "x.md:12: 'C:' card has no [deletion]: put the words to hide in square brackets, "
        "e.g. 'The [hashing trick] ...'"]


def test_explicit_ids_and_tags() -> None:
    text = ("Q: a\nA: b <!-- id: card-a -->\n\nQ: c\nA: d ^block-c\n\nQ: e\nA: f #ml #ads\n\n"
            "C: The [x] and [y]\n<!-- id: cl -->\n")
    cards = parse_note(text, "x.md").cards
    assert [c.explicit_id for c in cards] == ["card-a", "block-c", None, "cl-c1", "cl-c2"]
    assert cards[0].back == "b" and cards[1].back == "d"
    assert cards[2].back == "f" and cards[2].tags == ("ml", "ads")


def test_links_code_and_images_are_not_deletions() -> None:
    text = "C: See [the docs](http://x) and `a[0]` and ![img](p.png), then [hide me].\n"
    cards = parse_note(text, "x.md").cards
    assert len(cards) == 1 and cards[0].cloze_text is not None
    assert "{{c1::hide me}}" in cards[0].cloze_text


def test_anki_cloze_hint_and_code() -> None:
    note = parse_note("A {{c1::secret::hint}} and {{c2::other}}; `{{c3::code}}` stays.\n", "x.md")
    assert [c.cloze_ordinal for c in note.cards] == [1, 2]
    assert note.cards[0].front.startswith("A [hint] and other")


def test_problems_have_path_and_line() -> None:
    text = "# T\n\nQ: lonely question\n\n## Next\nA: lonely answer\nQ : spaced\nA: x\n```\nQ: a\n"
    problems = [str(p) for p in parse_note(text, "n.md").problems]
    assert any(p.startswith("n.md:3: 'Q:' with no 'A:'") for p in problems)
    assert any(p.startswith("n.md:6: 'A:' with no 'Q:'") for p in problems)
    assert any(p.startswith("n.md:7:") and "space before the colon" in p for p in problems)
    assert any(p.startswith("n.md:9: code fence") for p in problems)


def test_deletion_before_a_colon_is_kept() -> None:
    cards = parse_note("C: Two stages, [retrieval]: fast, then [ranking]: slow.\n", "x.md").cards
    assert [c.cloze_ordinal for c in cards] == [1, 2]


def test_bold_question_markers() -> None:
    text = ("**Q: Why rank in two stages, when one\nmodel could order everything?**\n"
            "A: Cost: retrieval is cheap over millions, ranking rich over hundreds.\n\n"
            "**Q:** What is NDCG?\n**A:** A graded ranking metric with position discounts.\n")
    cards = parse_note(text, "x.md").cards
    assert [c.front for c in cards] == [
        "Why rank in two stages, when one\nmodel could order everything?", "What is NDCG?"]
    assert cards[1].back == "A graded ranking metric with position discounts."
