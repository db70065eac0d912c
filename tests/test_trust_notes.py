"""Issue 16, note parsing: the README's own examples, Obsidian list answers, one cloze paragraph
per card. Each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

from importers.markdown import parse_note

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_blocks(lang: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```$", text, flags=re.S | re.M)


def test_readme_note_format_example_makes_four_cards() -> None:  # item 3
    blocks = readme_blocks("markdown")
    assert blocks, "README.md has a ```markdown example"
    note = parse_note(blocks[0], "readme.md")
    assert note.problems == []
    assert len(note.cards) == 4
    assert [c.kind for c in note.cards] == ["basic", "cloze", "cloze", "cloze"]
    for card in note.cards:
        assert "{{c" not in card.front and "{{c" not in card.back, card
    anki = note.cards[-1]
    assert anki.cloze_text is not None and anki.cloze_text.startswith("Normalized")


def test_cloze_paragraph_ends_the_q_a_card_before_it() -> None:  # item 3
    text = ("Q: What does NCE normalise by?\nA: The base-rate log loss.\n\n"
            "Calibration is checked with {{c1::reliability diagrams}}.\n")
    note = parse_note(text, "n.md")
    basic = [c for c in note.cards if c.kind == "basic"]
    assert basic[0].back == "The base-rate log loss."
    assert [c.kind for c in note.cards] == ["basic", "cloze"]


def test_osr_question_whose_answer_is_a_list() -> None:  # item 4
    text = ("#flashcards\n\nWhich two towers does a retrieval model have?\n?\n"
            "- a query tower\n- an item tower\n\nNext paragraph.\n")
    note = parse_note(text, "osr.md")
    assert note.problems == []
    assert len(note.cards) == 1
    card = note.cards[0]
    assert card.front == "Which two towers does a retrieval model have?"
    assert card.back == "- a query tower\n- an item tower"


def test_osr_reversed_list_answer() -> None:  # item 4
    text = "#flashcards\n\nTwo-tower parts\n??\n1. query tower\n2. item tower\n"
    note = parse_note(text, "osr.md")
    assert note.problems == []
    assert sorted(c.front for c in note.cards) == ["1. query tower\n2. item tower",
                                                   "Two-tower parts"]
