"""The Anki package writer, checked by importing its output into the real Anki backend."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pytest

pytest.importorskip("anki", reason="the real Anki backend is a test-only dependency")

from anki.collection import (  # noqa: E402
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # noqa: E402
from PIL import Image  # noqa: E402

from app.export.anki import anki_tag, deck_id, write_apkg  # noqa: E402
from app.export.model import ExportCard, ExportDiagram, ExportReport  # noqa: E402
from app.export.notetypes import (  # noqa: E402
    BASIC_MODEL_ID,
    CLOZE_MODEL_ID,
    DIAGRAM_MODEL_ID,
    IMAGE_OCCLUSION_MODEL_ID,
)
from diagrams.model import Diagram  # noqa: E402

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 3, 5, 18, 30, tzinfo=UTC)
DECK = "ML System Design::Framework"


def _png(path: Path, colour: str = "red") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), colour).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _diagram() -> Diagram:
    graph = nx.DiGraph()
    nodes = [
        ("REQ", "Request", "square"),
        ("CG", "Candidate generation\n15 ms", "square"),
        ("RK", "Ranking model\n40 ms", "circle"),
        ("RESP", "Response", "round"),
    ]
    for node, label, shape in nodes:
        name = label.split("\n")[0]
        graph.add_node(node, label=label, name=name, latency_ms=None, subgraph=None, shape=shape)
    for a, b in [("REQ", "CG"), ("CG", "RK"), ("RK", "RESP")]:
        graph.add_edge(a, b, label=None, kind="normal", latency_ms=None, offline=False)
    return Diagram(id="ads-serving", lang="mermaid", source="", line=12, graph=graph)


@pytest.fixture
def notes_root(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    _png(root / "ads" / "img" / "funnel.png")
    return root


def _cards(root: Path) -> list[ExportCard]:
    common = {"deck": DECK, "modified_at": T0, "media_root": root}
    cloze_text = "{{c1::Recall}} is measured at the {{c2::candidate generation::stage}} step."
    return [
        ExportCard(
            uid="bp-basic-1",
            kind="basic",
            front="What does a **feature store** keep consistent? $f(x)$",
            back="Feature values between training and serving.\n\n![funnel](img/funnel.png)",
            source="ads/ctr.md:3",
            tags=("ads", "feature store"),
            breadcrumb=("Ads", "Features"),
            **common,
        ),
        ExportCard(
            uid="bp-rev-a",
            kind="reversed",
            front="Batch prediction",
            back="Scores computed ahead of time",
            source="ads/ctr.md:8",
            **common,
        ),
        ExportCard(
            uid="bp-rev-b",
            kind="reversed",
            front="Scores computed ahead of time",
            back="Batch prediction",
            source="ads/ctr.md:8",
            **common,
        ),
        ExportCard(
            uid="bp-cloze-1",
            kind="cloze",
            front="",
            back="",
            source="ads/ctr.md:12",
            family="fam-1",
            cloze_text=cloze_text,
            cloze_ordinal=1,
            **common,
        ),
        ExportCard(
            uid="bp-cloze-2",
            kind="cloze",
            front="",
            back="",
            source="ads/ctr.md:12",
            family="fam-1",
            cloze_text=cloze_text,
            cloze_ordinal=2,
            **common,
        ),
        ExportCard(
            uid="bp-dia-CG",
            kind="diagram-node",
            front="Name the blanked stage.",
            back="Candidate generation",
            source="ads/ctr.md:20",
            diagram_id="ads-serving",
            diagram_key="node:CG",
            blank="CG",
            **common,
        ),
        ExportCard(
            uid="bp-dia-bottleneck",
            kind="diagram-bottleneck",
            front="Which stage is the latency bottleneck?",
            back="Ranking model (40 ms)",
            source="ads/ctr.md:20",
            diagram_id="ads-serving",
            diagram_key="bottleneck",
            **common,
        ),
    ]


def _diagrams() -> list[ExportDiagram]:
    return [
        ExportDiagram(
            diagram_id="ads-serving",
            deck=DECK,
            diagram=_diagram(),
            modified_at=T0,
            quizzed_nodes=("CG", "RK"),
            breadcrumb=("Ads", "Serving"),
            tags=("diagram",),
            source="ads/ctr.md:20",
        )
    ]


def _open(tmp_path: Path, name: str = "col") -> Collection:
    folder = tmp_path / name
    folder.mkdir()
    return Collection(str(folder / "collection.anki2"))


def _import(col: Collection, package: Path) -> tuple[int, int, int]:
    """Import like Anki's default; returns (new, updated, duplicate) note counts."""
    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=if_newer,
        update_notetypes=if_newer,
        with_scheduling=False,
        with_deck_configs=False,
    )
    result = col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )
    log = result.log
    assert not log.conflicting and not log.missing_notetype and not log.missing_deck
    return len(log.new), len(log.updated), len(log.duplicate)


def _export(tmp_path: Path, cards: list[ExportCard], name: str = "out.apkg", **kw) -> ExportReport:
    kw.setdefault("cache_dir", tmp_path / "cache")
    return write_apkg(cards, kw.pop("diagrams", _diagrams()), tmp_path / name, **kw)


def _note_by_guid_prefix(col: Collection, model_id: int) -> list:
    return [col.get_note(nid) for nid in col.find_notes(f"mid:{model_id}")]


def test_import_gives_exactly_the_reported_notes_cards_and_media(
    tmp_path: Path, notes_root: Path
) -> None:
    report = _export(tmp_path, _cards(notes_root))
    assert report.problems == ()
    # basic + 2 reversed notes + 1 cloze note + 2 diagram notes + 1 IO note
    assert report.notes == 7
    # 1 + 2 + 2 cloze ordinals + 2 + 2 occlusions
    assert report.cards == 9
    assert dict(report.notes_by_type) == {
        "Blueprint Basic": 3,
        "Blueprint Cloze": 1,
        "Blueprint Diagram": 2,
        "Blueprint Image Occlusion": 1,
    }
    col = _open(tmp_path)
    try:
        assert _import(col, report.path) == (7, 0, 0)
        assert col.note_count() == report.notes
        assert col.card_count() == report.cards
        media = set(Path(col.media.dir()).iterdir())
        # the note's image + blanked CG + CG highlighted + plain diagram (bottleneck back, IO)
        assert len(media) == report.media == 4
        # the note's own image keeps its format; diagrams are drawn as SVG (issue 15: fast)
        assert sorted(re.sub(r"[0-9a-f]{20}", "H", p.name) for p in media) == [
            "bp-H.png", "bp-diagram-H.svg", "bp-diagram-H.svg", "bp-diagram-H.svg"]
        assert col.media.check().missing == []

        names = {d.name for d in col.decks.all_names_and_ids()}
        assert "Blueprint::ML System Design::Framework" in names

        (basic,) = [
            n for n in _note_by_guid_prefix(col, BASIC_MODEL_ID) if "feature store" in n["Front"]
        ]
        assert sorted(basic.tags) == ["ads", "feature_store"]
        card = basic.cards()[0]
        question, answer = card.question(), card.answer()
        assert '<div class="bp-crumb">Ads › Features</div>' in question
        assert "<strong>feature store</strong>" in question and r"\(f(x)\)" in question
        assert "Feature values between training and serving." in answer
        assert re.search(r'<img src="bp-[0-9a-f]{20}\.png" alt="funnel">', answer)
        assert "ads/ctr.md:3" in answer

        (cloze,) = _note_by_guid_prefix(col, CLOZE_MODEL_ID)
        c1, c2 = sorted(cloze.cards(), key=lambda c: c.ord)
        assert re.search(
            r'<span class="cloze" [^>]*data-ordinal="1">\[\.\.\.\]</span>', c1.question()
        )
        assert "candidate generation" in c1.question()
        assert "[stage]" in c2.question()  # the hint
        assert "Recall" in c2.question()

        diagram_notes = _note_by_guid_prefix(col, DIAGRAM_MODEL_ID)
        (blank,) = [n for n in diagram_notes if "blanked" in n["Question"]]
        assert blank["Front Image"] and blank["Front Image"] != blank["Back Image"]
        assert "Candidate generation" in blank.cards()[0].answer()
        (bottleneck,) = [n for n in diagram_notes if "bottleneck" in n["Question"]]
        assert bottleneck["Front Image"] == ""  # the full picture would give the answer away
        assert "<img" in bottleneck.cards()[0].answer()
    finally:
        col.close()


def test_reimporting_the_same_package_changes_nothing(tmp_path: Path, notes_root: Path) -> None:
    report = _export(tmp_path, _cards(notes_root))
    again = _export(tmp_path, _cards(notes_root), name="again.apkg")
    col = _open(tmp_path)
    try:
        assert _import(col, report.path) == (7, 0, 0)
        assert _import(col, report.path) == (0, 0, 7)
        assert _import(col, again.path) == (0, 0, 7)  # a fresh export of the same content too
        assert (col.note_count(), col.card_count()) == (7, 9)
    finally:
        col.close()


def test_an_edit_updates_that_note_in_place_and_keeps_its_review_history(
    tmp_path: Path, notes_root: Path
) -> None:
    cards = _cards(notes_root)
    first = _export(tmp_path, cards, name="v1.apkg")
    col = _open(tmp_path)
    try:
        _import(col, first.path)
        col.decks.select(col.decks.id_for_name("Blueprint::ML System Design::Framework"))
        reviewed = col.sched.getCard()
        assert reviewed is not None
        col.sched.answerCard(reviewed, 3)
        reviewed.load()
        state = (reviewed.id, reviewed.queue, reviewed.due, reviewed.ivl)
        revlog = col.db.scalar("select count() from revlog where cid = ?", reviewed.id)
        assert revlog == 1
        note = reviewed.note()

        uid = next(c.uid for c in cards if note.guid in _guid_of(c))
        edited = [
            dataclasses.replace(c, back=c.back + "\n\nEdited on the desktop.", modified_at=T1)
            if c.uid == uid
            else c
            for c in cards
        ]
        second = _export(tmp_path, edited, name="v2.apkg")
        assert _import(col, second.path) == (0, 1, 6)
        assert (col.note_count(), col.card_count()) == (7, 9)  # no duplicate
        after = col.get_card(reviewed.id)
        assert "Edited on the desktop." in after.answer()
        assert (after.id, after.queue, after.due, after.ivl) == state
        assert col.db.scalar("select count() from revlog where cid = ?", reviewed.id) == 1
        assert col.get_note(note.id).mod == int(T1.timestamp())
    finally:
        col.close()


def _guid_of(card: ExportCard) -> set[str]:
    from app.export.anki import note_guid

    return {note_guid("card", card.uid), note_guid("cloze", card.family or card.uid)}


def test_an_unchanged_time_means_no_update_even_if_the_text_differs(
    tmp_path: Path, notes_root: Path
) -> None:
    # Why modified_at must be the content's time: Anki compares it, not the text.
    cards = _cards(notes_root)
    col = _open(tmp_path)
    try:
        _import(col, _export(tmp_path, cards, name="v1.apkg").path)
        same_time = [dataclasses.replace(cards[0], back="Other text")] + cards[1:]
        assert _import(col, _export(tmp_path, same_time, name="v2.apkg").path) == (0, 0, 7)
    finally:
        col.close()


def test_a_removed_card_stays_in_anki_and_is_no_error(tmp_path: Path, notes_root: Path) -> None:
    # Documented behaviour: an .apkg can add and update notes, never delete them. A card retired
    # in Blueprint stays on the phone until the user deletes it there.
    cards = _cards(notes_root)
    col = _open(tmp_path)
    try:
        _import(col, _export(tmp_path, cards, name="v1.apkg").path)
        fewer = _export(tmp_path, cards[1:], name="v2.apkg")
        assert fewer.notes == 6 and fewer.problems == ()
        assert _import(col, fewer.path) == (0, 0, 6)
        assert (col.note_count(), col.card_count()) == (7, 9)
    finally:
        col.close()


def test_image_occlusion_notes_come_in_as_native_image_occlusion(
    tmp_path: Path, notes_root: Path
) -> None:
    report = _export(tmp_path, [], diagrams=_diagrams())
    assert (report.notes, report.cards, report.media) == (1, 2, 1)
    col = _open(tmp_path)
    try:
        assert _import(col, report.path) == (1, 0, 0)
        notetype = col.models.get(IMAGE_OCCLUSION_MODEL_ID)
        assert notetype is not None
        assert notetype["name"] == "Blueprint Image Occlusion"
        assert notetype["type"] == 1 and notetype["originalStockKind"] == 6
        assert [f["tag"] for f in notetype["flds"]] == [0, 1, 2, 3, 4]
        (note,) = _note_by_guid_prefix(col, IMAGE_OCCLUSION_MODEL_ID)
        assert len(note.cards()) == 2
        io_note = col.get_image_occlusion_note(note_id=note.id).note
        assert io_note.image_file_name.startswith("bp-diagram-")
        shapes = {o.ordinal: o.shapes[0].shape for o in io_note.occlusions}
        assert shapes == {1: "rect", 2: "ellipse"}  # CG is a box, RK a circle
        for occlusion in io_note.occlusions:
            props = {p.name: float(p.value) for p in occlusion.shapes[0].properties}
            assert all(0.0 <= v <= 1.0 for v in props.values())
        question = note.cards()[0].question()
        assert (
            "anki.imageOcclusion.setup()" in question and 'id="image-occlusion-canvas"' in question
        )
        assert 'data-shape="rect"' in question
        assert "Ads › Serving" in question
    finally:
        col.close()


def test_image_occlusion_can_be_turned_off(tmp_path: Path, notes_root: Path) -> None:
    report = _export(tmp_path, _cards(notes_root), image_occlusion=False)
    assert ("Blueprint Image Occlusion", 1) not in report.notes_by_type
    assert (report.notes, report.cards) == (6, 7)


HOSTILE = (
    "Hello <script>alert('x')</script> "
    '<img src="img/funnel.png" onerror="alert(1)"> '
    '<a href="javascript:alert(2)">link</a> [md link](javascript:alert(3)) '
    '<div onclick="alert(4)" onmouseover="alert(5)">box</div> '
    '<svg onload="alert(6)"></svg> <iframe src="https://example.com"></iframe> '
    '<a href="JaVaScRiPt:alert(7)">x</a> <img src="javascript:alert(8)">'
)


def _elements(fragment: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Tag names and (attribute, value) pairs of an HTML fragment, as a browser would parse it."""
    from html.parser import HTMLParser

    tags: set[str] = set()
    attributes: list[tuple[str, str]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.add(tag)
            attributes.extend((name.lower(), value or "") for name, value in attrs)

    Collect().feed(fragment)
    return tags, attributes


def test_script_event_handlers_and_javascript_urls_never_reach_a_field(
    tmp_path: Path, notes_root: Path
) -> None:
    cards = [
        ExportCard(
            uid="evil",
            kind="basic",
            deck="x",
            front=HOSTILE,
            back=HOSTILE,
            modified_at=T0,
            source="ads/evil.md:1",
            media_root=notes_root,
            breadcrumb=("<script>alert(9)</script>", '<img src=x onerror="alert(10)">'),
        ),
        ExportCard(
            uid="evil-cloze",
            kind="cloze",
            deck="x",
            front="",
            back="",
            modified_at=T0,
            family="evil",
            cloze_text="{{c1::secret}} " + HOSTILE,
            media_root=notes_root,
            source="ads/evil.md:5",
        ),
    ]
    report = _export(tmp_path, cards, diagrams=[])
    col = _open(tmp_path)
    try:
        _import(col, report.path)
        fields = [f for nid in col.find_notes("") for f in col.get_note(nid).fields]
        assert fields and any("Hello" in f for f in fields)
        for field in fields:
            tags, attributes = _elements(field)
            assert not tags & {"script", "iframe", "svg", "object", "embed", "style"}, field
            for name, value in attributes:
                assert not name.startswith("on"), field
                assert "javascript:" not in value.replace(" ", "").lower(), field
        # What was markup in a heading is shown as text, never parsed as HTML.
        assert any("&lt;script&gt;alert(9)&lt;/script&gt;" in f for f in fields)
        assert any(re.search(r'<img src="bp-[0-9a-f]{20}\.png"', f) for f in fields)
    finally:
        col.close()


def test_images_outside_the_import_root_are_refused_with_path_and_line(
    tmp_path: Path, notes_root: Path
) -> None:
    secret = _png(tmp_path / "secret.png", "blue")
    card = ExportCard(
        uid="escape",
        kind="basic",
        deck="x",
        modified_at=T0,
        source="ads/ctr.md:7",
        media_root=notes_root,
        front="Where?",
        back=f"![a](../../etc/passwd) ![b]({secret}) ![c](../../secret.png) ![d](img/nothere.png)",
    )
    report = _export(tmp_path, [card], diagrams=[])
    assert report.notes == 1 and report.media == 0
    assert len(report.problems) == 4
    assert all(p.startswith("ads/ctr.md:7: image ") for p in report.problems)
    assert "'../../etc/passwd' refused: it lies outside the import root" in report.problems[0]
    assert "outside the import root" in report.problems[1]
    assert "outside the import root" in report.problems[2]
    assert "not found" in report.problems[3]
    col = _open(tmp_path)
    try:
        _import(col, report.path)
        (nid,) = col.find_notes("")
        assert "passwd" not in col.get_note(nid)["Back"]
        assert list(Path(col.media.dir()).iterdir()) == []
    finally:
        col.close()


def test_math_is_converted_for_mathjax_but_not_inside_code(tmp_path: Path) -> None:
    from app.export.html import FieldRenderer, MediaSet

    problems: list[str] = []
    render = FieldRenderer(MediaSet(), problems).render
    assert render("Loss $L = -\\log p$ here") == "<p>Loss \\(L = -\\log p\\) here</p>"
    assert render("$$\na^2 + b^2\n$$") == "<p>\\[a^2 + b^2\\]</p>"
    assert render("Costs $5 and $10 a day") == "<p>Costs $5 and $10 a day</p>"
    assert render("`$x$`") == "<p><code>$x$</code></p>"
    fenced = render("```python\nprice = '$x$' < 3\n```")
    assert fenced == (
        "<pre class=\"bp-code language-python\"><code>price = '$x$' &lt; 3\n</code></pre>"
    )
    assert problems == []


def test_progress_reports_every_step_up_to_the_total(tmp_path: Path, notes_root: Path) -> None:
    seen: list[tuple[int, int]] = []
    _export(tmp_path, _cards(notes_root), progress=lambda done, total: seen.append((done, total)))
    total = len(_cards(notes_root)) + 1 + 1  # cards, the IO diagram, writing the package
    assert seen == [(i, total) for i in range(1, total + 1)]


def test_ids_and_names_are_fixed(tmp_path: Path) -> None:
    assert (BASIC_MODEL_ID, CLOZE_MODEL_ID, DIAGRAM_MODEL_ID, IMAGE_OCCLUSION_MODEL_ID) == (
        1_734_101_201,
        1_734_101_202,
        1_734_101_203,
        1_734_101_204,
    )
    assert deck_id("Blueprint::a") == deck_id("Blueprint::a") != deck_id("Blueprint::b")
    assert 1 << 30 <= deck_id("Blueprint::a") < 1 << 31
    assert anki_tag("#ml system  design") == "ml_system_design"


def test_naive_times_are_a_programming_error(tmp_path: Path) -> None:
    card = ExportCard(
        uid="u", kind="basic", deck="x", front="q", back="a", modified_at=datetime(2026, 1, 1)
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        _export(tmp_path, [card], diagrams=[])


def test_the_cli_progress_bar_appears_only_for_slow_exports() -> None:
    from app.export.progress import cli_progress

    now = [0.0]
    quick, slow = io.StringIO(), io.StringIO()
    with cli_progress(clock=lambda: now[0], file=quick) as progress:
        for done in range(1, 6):
            now[0] += 0.1
            progress(done, 5)
    assert quick.getvalue() == ""
    now[0] = 0.0
    with cli_progress("Exporting", clock=lambda: now[0], file=slow) as progress:
        for done in range(1, 6):
            now[0] += 0.5
            progress(done, 5)
    assert "Exporting" in slow.getvalue()


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b-zstd", "legacy-anki21"])
def test_reviews_made_in_anki_read_back_as_blueprint_ids(
    tmp_path: Path, notes_root: Path, legacy: bool
) -> None:
    from anki.collection import ExportAnkiPackageOptions

    from app.export.anki_read import guid_index, read_reviews

    cards, diagrams = _cards(notes_root), _diagrams()
    report = _export(tmp_path, cards, diagrams=diagrams)
    col = _open(tmp_path)
    try:
        _import(col, report.path)
        answered = {}
        col.decks.select(col.decks.id_for_name("Blueprint::ML System Design::Framework"))
        for rating in (1, 3, 4):
            card = col.sched.getCard()
            assert card is not None
            col.sched.answerCard(card, rating)
            answered[(card.note().guid, card.ord)] = rating
        phone = tmp_path / "phone.apkg"
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=False, legacy=legacy
        )
        col.export_anki_package(out_path=str(phone), options=options, limit=None)
    finally:
        col.close()
    index = guid_index(cards, diagrams)
    reviews, problems = read_reviews(phone, index)
    assert problems == []
    assert [r.rating for r in reviews] == [1, 3, 4]
    assert [index[key] for key in answered] == [r.uid for r in reviews]
    assert all(r.reviewed_at.tzinfo is UTC for r in reviews)


def test_reading_something_that_is_not_a_package_says_so(tmp_path: Path) -> None:
    from app.export.anki_read import read_reviews

    bogus = tmp_path / "notes.apkg"
    bogus.write_text("not a zip")
    with pytest.raises(ValueError, match="not an Anki package"):
        read_reviews(bogus, {})


def test_a_second_export_renders_nothing_and_needs_no_dot(
    tmp_path: Path, notes_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _export(tmp_path, _cards(notes_root), name="first.apkg")
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))  # any `dot` run would now fail
    second = _export(tmp_path, _cards(notes_root), name="second.apkg")
    assert second.problems == () and second.media == first.media == 4
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == cached


def test_a_changed_image_gets_a_new_media_name(tmp_path: Path, notes_root: Path) -> None:
    cards = _cards(notes_root)[:1]
    first = _export(tmp_path, cards, diagrams=[])
    col = _open(tmp_path)
    try:
        _import(col, first.path)
        (nid,) = col.find_notes("")
        before = col.get_note(nid)["Back"]
    finally:
        col.close()
    image = notes_root / "ads" / "img" / "funnel.png"
    _png(image, "green")
    second = _export(tmp_path, cards, diagrams=[], name="second.apkg")
    assert second.problems == ()
    col = _open(tmp_path, "col2")
    try:
        _import(col, second.path)
        (nid,) = col.find_notes("")
        after = col.get_note(nid)["Back"]
    finally:
        col.close()
    assert before != after  # the name follows the content, through the field cache too


def test_the_export_package_never_imports_textual() -> None:
    import subprocess
    import sys

    code = "import sys, app.export.anki, app.export.anki_read, app.export.progress; "
    code += "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_image_added_after_a_problem_is_picked_up(tmp_path: Path, notes_root: Path) -> None:
    card = ExportCard(
        uid="late", kind="basic", deck="x", front="Q", back="![](img/late.png)",
        modified_at=T0, source="ads/ctr.md:9", media_root=notes_root,
    )  # fmt: skip
    missing = _export(tmp_path, [card], diagrams=[], name="one.apkg")
    assert missing.problems and "not found" in missing.problems[0]
    _png(notes_root / "ads" / "img" / "late.png")
    found = _export(tmp_path, [card], diagrams=[], name="two.apkg")
    assert (found.problems, found.media) == ((), 1)
