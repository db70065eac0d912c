"""Issue 16, study data: undo takes back the last action of any kind. Failed first."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import T0, Clock, write

from app.core.errors import BlueprintError
from app.core.importing import import_paths
from app.core.scheduler import Rating, make_scheduler
from app.core.session import StudySession
from app.core.store import Store

NOTES = "\n".join(f"Q: question {i}\nA: answer {i}\n" for i in range(6))


@pytest.fixture
def session(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "c.db")
    write(tmp_path / "n", "deck.md", NOTES)
    import_paths(store, [tmp_path / "n"], now=T0)
    yield StudySession(store, clock=Clock(), scheduler=make_scheduler(fuzz=False))
    store.close()


@pytest.mark.parametrize("action", ["suspend", "bury"])
def test_undo_takes_back_a_suspend_or_bury_not_the_grade_before(
        session: StudySession, action: str) -> None:  # item 1
    store = session.store
    a = session.current()
    assert a is not None
    session.grade(Rating.GOOD, a)
    b = session.current()
    assert b is not None and b.id != a.id
    getattr(session, action)(b)
    assert session.current() is not None and session.current().id != b.id  # type: ignore
    kind, undone = session.undo_last()
    assert (kind, undone.id) == (action, b.id)
    back = store.card(b.id)
    assert not back.suspended and back.buried_until is None
    assert len(store.reviews(a.id)) == 1  # A's grade stands
    assert session.current().id == b.id  # type: ignore[union-attr]
    session.grade(Rating.GOOD, b)
    assert not store.card(b.id).suspended
    # and the next undo takes back B's grade, then A's
    assert session.undo_last()[0] == "grade" and store.reviews(b.id) == []
    assert session.undo_last()[1].id == a.id and store.reviews(a.id) == []
    assert not session.can_undo()


def test_undo_after_an_edit_says_the_edit_is_not_undone(session: StudySession) -> None:
    a = session.current()  # item 1
    assert a is not None
    session.grade(Rating.GOOD, a)
    b = session.current()
    assert b is not None
    session.note_edit(b)
    with pytest.raises(BlueprintError) as err:
        session.undo_last()
    assert "edit" in err.value.message and "not undone" in err.value.message
    assert session.undo_last()[0] == "grade"  # the action before the edit comes next
