"""Diagrams through the import: stored with their card families, identity by diagram and node id."""

from __future__ import annotations

from pathlib import Path

from helpers import DATA, T0, Clock, write

from app.core.importing import import_paths
from app.core.scheduler import Rating
from app.core.session import StudySession
from app.core.store import Store

SAMPLE = (DATA / "format-sample.md").read_text()


def diagram_cards(store: Store) -> dict[str, object]:
    return {c.diagram_key: c for c in store.cards("diagram_id IS NOT NULL AND retired = 0")}


def test_relabelled_node_keeps_its_card_and_history(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    notes = tmp_path / "n"
    note = write(notes, "ads.md", SAMPLE)
    import_paths(store, [notes], now=T0)
    before = diagram_cards(store)
    assert {k for k in before if k.startswith("node:")} == {
        "node:CG", "node:FS", "node:RK", "node:AU", "node:LOG", "node:TR"}
    assert "bottleneck" in before and "latency" in before
    assert [r[0] for r in store.conn.execute("SELECT id FROM diagrams")] == ["sample-ads-serving"]

    rk = before["node:RK"]
    StudySession(store, clock=Clock()).grade(Rating.GOOD, rk)
    note.write_text(SAMPLE.replace("Ranking model<br/>40 ms", "Heavy ranker<br/>40 ms"))
    report = import_paths(store, [notes], now=T0)
    assert report.added == 0 and report.retired == 0 and report.changed >= 1
    after = diagram_cards(store)
    assert after["node:RK"].id == rk.id and after["node:RK"].uid == rk.uid
    assert "Heavy ranker" in after["node:RK"].back
    assert [r["rating"] for r in store.reviews(rk.id)] == [3]
    store.close()


def test_removed_node_retires_its_cards_and_bad_diagram_is_reported(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    notes = tmp_path / "n"
    note = write(notes, "ads.md", SAMPLE)
    import_paths(store, [notes], now=T0)
    family = len(diagram_cards(store))
    note.write_text(SAMPLE.replace("  AU --> RESP[Response]\n", "  AU --> RESP[Response]\n"
                                   "  RESP --> [oops\n"))
    report = import_paths(store, [notes], now=T0)
    assert [str(p) for p in report.problems] == [
        f"{report.problems[0].path}:54: expected a node id, found '[oops': node ids are "
        "letters/digits"]
    # an unusable diagram's cards are retired with their history, not deleted
    assert report.retired == family and diagram_cards(store) == {}
    assert store.count("SELECT count(*) FROM cards WHERE diagram_id IS NOT NULL") == family
    note.write_text(SAMPLE)
    revived = import_paths(store, [notes], now=T0)
    assert revived.added == 0 and revived.revived == family
    store.close()


def test_sequence_diagram_is_named_and_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    notes = tmp_path / "n"
    write(notes, "seq.md", "# S\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\nQ: a\nA: b\n")
    report = import_paths(store, [notes], now=T0)
    assert report.added == 1
    # an unsupported type is a notice (skipped on purpose), not a problem (issue 16 item 6)
    assert report.problems == []
    assert len(report.notices) == 1 and "sequence" in report.notices[0].message.lower()
    assert report.notices[0].line == 4
    store.close()
