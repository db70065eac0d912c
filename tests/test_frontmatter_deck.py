"""A `flashcards/a/b` tag names the deck wherever it is written: in the body or in front matter."""

from __future__ import annotations

from importers.markdown import parse_note


def test_a_front_matter_flashcards_tag_names_the_deck() -> None:
    note = "---\ntags: [flashcards/ml/ads, ranking]\n---\n\nWhat is CTR?::Clicks per impression\n"
    parsed = parse_note(note, "folder/ctr.md")
    assert [(c.deck, c.front, c.tags) for c in parsed.cards] == [
        ("ml::ads", "What is CTR?", ("ranking",))]


def test_front_matter_deck_still_wins_over_the_tag() -> None:
    note = "---\ndeck: Serving\ntags: [flashcards/ml/ads]\n---\n\nQ: a\nA: b\n"
    assert [c.deck for c in parse_note(note, "folder/x.md").cards] == ["Serving"]


def test_a_body_flashcards_tag_names_the_deck() -> None:
    note = "#flashcards/ml/ranking\n\nQ: a\nA: b\n"
    assert [c.deck for c in parse_note(note, "folder/x.md").cards] == ["ml::ranking"]
