"""New diagram cards interleave with the other new cards; siblings are spread (at most 2 of one
diagram a day, never two in a row); the deck list's New/Due equal what a session offers."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from helpers import SHIPPED_AT
from tui_support import SCHEDULER

from app.core.collection import Collection
from app.core.new_order import DIAGRAM_PER_DAY, order_new
from app.core.scheduler import Rating
from app.core.session import Limits
from app.tui.app import make_app
from app.tui.screens.decks import DecksScreen
from app.tui.screens.review import ReviewScreen

NOW = SHIPPED_AT  # the shipped collection's import time (conftest)


def test_diagram_share_of_the_first_100_new_cards(shipped: Path) -> None:
    collection = Collection.open(shipped, clock=lambda: NOW)
    collection.limits = Limits(new_per_day=100)
    first = [collection.card(i) for i in collection.study(None).new]
    assert len(first) == 100
    active = collection.store.cards("retired = 0 AND suspended = 0")
    share_all = sum(c.kind.startswith("diagram") for c in active) / len(active)
    share_first = sum(c.kind.startswith("diagram") for c in first) / len(first)
    assert abs(share_first - share_all) <= 0.05, (share_first, share_all)
    families = [c.family for c in first if c.kind.startswith("diagram")]
    assert max(Counter(families).values()) <= DIAGRAM_PER_DAY
    assert all(a.family != b.family or not a.kind.startswith("diagram")
               for a, b in zip(first, first[1:], strict=False))
    kinds = {c.kind for c in first if c.kind.startswith("diagram")}
    assert "diagram-bottleneck" in kinds  # not only name-the-blank cards first
    collection.close()


def test_order_new_spreads_one_diagram() -> None:
    rows = [(i, None, "basic", False, "D") for i in range(1, 7)]
    rows += [(10 + i, "diagram:d", "diagram-node", False, "D") for i in range(4)]
    rows += [(20, "diagram:d", "diagram-bottleneck", False, "D")]
    order = order_new(rows, Counter(), 20)
    picked = [cid for cid in order if cid >= 10]
    assert len(picked) == 2 and picked[1] == 20  # a node card, then another kind
    assert all(not (a >= 10 and b >= 10) for a, b in zip(order, order[1:], strict=False))
    assert order_new(rows, Counter({"diagram:d": 2}), 20) == list(range(1, 7))
    ahead = [*rows, (30, None, "basic", True, "D")]  # brought forward by a drill: first
    assert order_new(ahead, Counter(), 20)[0] == 30
    assert len(order_new(rows, Counter(), 20, {"D": 3})) == 3  # a subdeck's own daily limit


def test_second_sibling_comes_the_same_day_then_the_rest_wait(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("```mermaid\n%% id: fam\nflowchart LR\n  A[Load] --> B[Clean] --> "
                    "C[Train] --> D[Publish]\n```\n\nQ: What comes first?\nA: Load\n",
                    encoding="utf-8")
    collection = Collection.open(tmp_path / "c.db", clock=lambda: NOW)
    collection.scheduler = SCHEDULER
    collection.import_paths([note])
    session = collection.study(None)
    assert session.remaining().new == 3  # two of the diagram, the plain card between them
    first = session.current()
    assert first is not None and first.family == "diagram:fam"
    session.grade(Rating.GOOD, first)
    between = session.current()
    assert between is not None and between.family != first.family
    session.grade(Rating.GOOD, between)
    second = session.current()
    assert second is not None and second.family == first.family and second.id != first.id
    session.grade(Rating.GOOD, second)
    assert session.current() is None or session.current().id in (first.id, second.id)
    assert collection.study(None).remaining().new == 0  # the rest wait for tomorrow
    collection.close()


async def test_deck_list_counts_equal_the_session(shipped: Path) -> None:
    collection = Collection.open(shipped, clock=lambda: NOW)
    app = make_app(collection)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecksScreen)
        lines = {line.deck: line for line in screen.lines}
        case = next(deck for deck in lines if deck and deck.count("::") == 2)
        for deck in (None, case):
            line = lines[deck]
            left = collection.study(deck).remaining()
            assert (line.new, line.due) == (left.new, left.review), deck
        table = screen.query_one("#deck-table")
        table.move_cursor(row=[line.deck for line in screen.lines].index(case))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session is not None
        assert review.session.remaining().new == lines[case].new > 0
    collection.close()


def test_a_sibling_in_learning_does_not_block_the_others(tmp_path: Path) -> None:
    """Issue 9: a diagram card graded Again stays in learning; its new siblings still come up
    by the sibling rule (2 of one diagram a day, never two in a row), and it comes back."""
    note = tmp_path / "n.md"
    note.write_text("```mermaid\n%% id: fam\nflowchart LR\n  A[Load] --> B[Clean] --> "
                    "C[Train] --> D[Publish]\n```\n\n"
                    + "".join(f"Q: Plain question {i}?\nA: Answer {i}\n\n" for i in range(4)),
                    encoding="utf-8")
    now = [NOW]
    collection = Collection.open(tmp_path / "c.db", clock=lambda: now[0])
    collection.scheduler = SCHEDULER
    collection.import_paths([note])
    session = collection.study(None)
    first = session.current()
    assert first is not None and first.family == "diagram:fam"
    session.grade(Rating.AGAIN, first)
    assert collection.card(first.id).state == 1  # learning: back in a minute
    shown = [first.id]
    families = [first.family]
    for _ in range(12):  # a study session: a minute passes between answers
        now[0] = now[0] + timedelta(minutes=2)
        card = session.current()
        if card is None:
            break
        shown.append(card.id)
        families.append(card.family)
        session.grade(Rating.GOOD, card)
    siblings = [cid for cid, fam in zip(shown, families, strict=True) if fam == "diagram:fam"]
    new_siblings = [cid for cid in dict.fromkeys(siblings) if cid != first.id]
    # the second of the day came, though the first was in learning (it used to bury the rest)
    assert len(new_siblings) == 1, list(zip(shown, families, strict=True))
    assert first.id in shown[1:], shown  # and the learning one came back after its step
    family_of = dict(zip(shown, families, strict=True))
    new_order = [family_of[cid] for cid in dict.fromkeys(shown)]  # each card's first showing
    assert len(new_order) == 6 and all(a != b or a is None for a, b in zip(new_order, new_order[1:], strict=False))
    assert collection.study(None).remaining().new == 0  # the rest of the family waits
    collection.close()
