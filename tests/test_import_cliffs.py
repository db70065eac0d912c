"""Issue 16 item 26, the import side: a huge cloze paragraph, thousands of identical cards and
thousands of headings cost time linear in their size. Each test times a case 10x bigger
against a baseline in the same test (CPU time of this process, so a loaded machine does not
count), and failed before its fix (the bigger case took about 100x the baseline)."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import T0, Clock, write

from app.core.collection import Collection
from importers.clozes import MAX_CLOZE_CHARS
from importers.markdown import parse_note


def _cloze_paragraph(deletions: int) -> str:
    return "C: " + " ".join(f"w{i} [d{i}]" for i in range(deletions)) + "\n"


def _parse_seconds(text: str) -> tuple[float, int, list[str]]:
    start = time.process_time()
    parsed = parse_note(text, "big.md")
    return (time.process_time() - start, len(parsed.cards),
            [f"{p.line}: {p.message}" for p in parsed.problems])


def test_a_cloze_paragraph_of_8000_deletions_is_refused_in_linear_time() -> None:
    small, small_cards, small_problems = _parse_seconds(_cloze_paragraph(800))
    big, big_cards, big_problems = _parse_seconds(_cloze_paragraph(8000))
    assert (small_cards, small_problems) == (800, [])
    assert big_cards == 0
    assert big_problems == [
        f"1: cloze paragraph too big: its 8000 cards would each repeat its 109,779 characters, "
        f"over the {MAX_CLOZE_CHARS:,} characters one paragraph's cards may hold; "
        "split it into smaller paragraphs"]
    assert big <= 20 * max(small, 0.005), (small, big)


def test_many_brackets_and_code_spans_are_scanned_in_linear_time() -> None:
    """Unclosed `[` and inline code around each deletion: the scan once cost n^2."""
    def note(n: int) -> str:
        return "C: " + " ".join(f"`c{i}` [[d{i}]" for i in range(n)) + "\n"

    small, cards, _ = _parse_seconds(note(300))
    big, _, problems = _parse_seconds(note(3000))
    assert cards == 300 and "too big" in problems[0]
    assert big <= 20 * max(small, 0.005), (small, big)


def test_10000_headings_each_over_a_card_parse_in_linear_time() -> None:
    """Each card's breadcrumb was found by walking every heading above it (n^2)."""
    def note(n: int) -> str:
        return "#flashcards\n\n" + "\n\n".join(f"## H{i}\n\nfront {i}::back {i}"
                                              for i in range(n)) + "\n"

    small, cards, _ = _parse_seconds(note(1000))
    big, big_cards, _ = _parse_seconds(note(10000))
    assert (cards, big_cards) == (1000, 10000)
    parsed = parse_note(note(3), "h.md")
    assert [c.breadcrumb for c in parsed.cards] == [("H0",), ("H1",), ("H2",)]
    assert big <= 30 * max(small, 0.005), (small, big)


def _import_seconds(collection: Collection, folder: Path) -> float:
    start = time.process_time()
    collection.import_paths([folder])
    return time.process_time() - start


def test_10000_identical_cards_import_and_reimport_in_linear_time(tmp_path: Path) -> None:
    same = "Q: Which store serves online features?\nA: The feature store.\n\n"
    took = {}
    for n in (1000, 10000):
        notes = tmp_path / f"notes{n}"
        write(notes, "same.md", same * n)
        collection = Collection.open(tmp_path / f"c{n}.db", clock=Clock(T0))
        first = _import_seconds(collection, notes)
        write(notes, "same.md", same * n + "Q: One more?\nA: Yes.\n")
        again = _import_seconds(collection, notes)  # n cards matched by the same hash
        uids = [c.uid for c in collection.list_cards()]
        collection.close()
        assert len(set(uids)) == len(uids) == n + 1
        took[n] = (first, again)
    (first_small, again_small), (first_big, again_big) = took[1000], took[10000]
    assert first_big <= 30 * first_small, took
    assert again_big <= 30 * again_small, took
