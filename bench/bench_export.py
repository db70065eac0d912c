"""Benchmark: Blueprint's Anki export against genanki writing the same notes bare, same run.

Run: `python bench/bench_export.py [--cards 5000] [--diagrams 40] [--repeat 3]`.
Prints the export times of a generated card set (with diagrams) and of the shipped decks, the
ratio to bare genanki when images are cached, and how many images each export rendered.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import networkx as nx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import diagrams.render_image as render_module  # noqa: E402
from app.export.anki import write_apkg  # noqa: E402
from app.export.model import ExportCard, ExportDiagram  # noqa: E402
from diagrams.model import Diagram  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=UTC)

# Counts `dot` runs: the render cache's only way to reach Graphviz is this function.
DOT_RUNS = 0
_real_run_dot = render_module._run_dot


def _counting_run_dot(source: str, fmt: str) -> bytes:
    global DOT_RUNS
    DOT_RUNS += 1
    return _real_run_dot(source, fmt)


render_module._run_dot = _counting_run_dot  # type: ignore[assignment]


def _diagram(i: int) -> Diagram:
    graph = nx.DiGraph()
    names = ["Request", "Candidates", "Features", "Ranking", "Auction", "Response"]
    for j, name in enumerate(names):
        label = f"{name} {i}\n{5 * (j + 1)} ms" if 0 < j < 5 else name
        graph.add_node(
            f"N{j}",
            label=label,
            name=f"{name} {i}",
            latency_ms=None,
            subgraph=None,
            shape="circle" if j == 3 else "square",
        )
    for j in range(len(names) - 1):
        graph.add_edge(
            f"N{j}", f"N{j + 1}", label=None, kind="normal", latency_ms=None, offline=False
        )
    return Diagram(id=f"bench-{i}", lang="mermaid", source="", line=1, graph=graph)


def generated(n_cards: int, n_diagrams: int) -> tuple[list[ExportCard], list[ExportDiagram]]:
    cards: list[ExportCard] = []
    diagrams: list[ExportDiagram] = []
    for d in range(n_diagrams):
        diagram = _diagram(d)
        deck = f"Generated::Diagrams::{d % 5}"
        quizzed = tuple(f"N{j}" for j in range(1, 5))
        diagrams.append(ExportDiagram(f"bench-{d}", deck, diagram, T0, quizzed, ("Diagrams",)))
        for node in quizzed:
            cards.append(
                ExportCard(
                    uid=f"dia-{d}-{node}",
                    kind="diagram-node",
                    deck=deck,
                    front="Name the blanked stage.",
                    back=diagram.graph.nodes[node]["name"],
                    modified_at=T0,
                    diagram_id=f"bench-{d}",
                    diagram_key=f"node:{node}",
                    blank=node,
                )
            )
    i = 0
    while len(cards) < n_cards:
        deck = f"Generated::Topic {i % 20}"
        when = T0 + timedelta(minutes=i)
        crumb = ("Generated", f"Section {i % 7}")
        if i % 5 == 3:
            text = (
                f"{{{{c1::Recall@{i}}}}} is measured after {{{{c2::candidate generation}}}}; "
                f"loss $L_{i} = -\\log p$."
            )
            for ordinal in (1, 2):
                cards.append(
                    ExportCard(
                        uid=f"cz-{i}-{ordinal}",
                        kind="cloze",
                        deck=deck,
                        front="",
                        back="",
                        modified_at=when,
                        family=f"fam-{i}",
                        cloze_text=text,
                        cloze_ordinal=ordinal,
                        breadcrumb=crumb,
                        source=f"gen/{i}.md:1",
                    )
                )
        else:
            cards.append(
                ExportCard(
                    uid=f"b-{i}",
                    kind="basic",
                    deck=deck,
                    modified_at=when,
                    breadcrumb=crumb,
                    front=f"Question {i}: why does **feature {i}** drift between training and "
                    "serving?",
                    back=f"Because of skew `{i}`:\n\n- point one\n- point two $x_{i}^2$\n\n"
                    "```python\nscore = model.predict(features)\n```",
                    tags=("generated", f"t{i % 9}"),
                    source=f"gen/{i}.md:3",
                )
            )
        i += 1
    return cards[:n_cards], diagrams


def shipped() -> tuple[list[ExportCard], list[ExportDiagram]]:
    """The shipped decks through the importer's parser (cards as the adapter will pass them)."""
    from diagrams.mermaid import parse_mermaid
    from importers.markdown import parse_note

    root = REPO / "decks"
    cards: list[ExportCard] = []
    diagrams: list[ExportDiagram] = []
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        note = parse_note(path.read_text(encoding="utf-8"), rel)
        for draft in note.cards:
            uid = hashlib.sha256(f"{rel}:{draft.line}:{draft.front}".encode()).hexdigest()[:16]
            cards.append(
                ExportCard(
                    uid=uid,
                    kind=draft.kind,
                    deck=draft.deck,
                    front=draft.front,
                    back=draft.back,
                    modified_at=T0,
                    source=f"{rel}:{draft.line}",
                    tags=draft.tags,
                    breadcrumb=draft.breadcrumb,
                    family=draft.family,
                    cloze_text=draft.cloze_text,
                    cloze_ordinal=draft.cloze_ordinal,
                    media_root=root,
                )
            )
        for block in note.diagrams:
            if block.lang != "mermaid":
                continue
            diagram, _ = parse_mermaid(
                block.source, first_line=block.line, default_id=f"{rel}#{block.index}"
            )
            if diagram is None:
                continue
            quizzed = tuple(n for n in diagram.graph.nodes if n not in diagram.skip)
            diagrams.append(
                ExportDiagram(
                    diagram.id,
                    block.deck,
                    diagram,
                    T0,
                    quizzed,
                    block.breadcrumb,
                    block.tags,
                    f"{rel}:{block.line}",
                )
            )
            for node in quizzed:
                cards.append(
                    ExportCard(
                        uid=f"{diagram.id}:{node}",
                        kind="diagram-node",
                        deck=block.deck,
                        front="Name the blanked stage.",
                        back=diagram.graph.nodes[node]["name"],
                        modified_at=T0,
                        diagram_id=diagram.id,
                        diagram_key=f"node:{node}",
                        blank=node,
                        source=f"{rel}:{block.line}",
                    )
                )
    return cards, diagrams


def bare_genanki(cards: list[ExportCard], media: list[str], out: Path) -> None:
    """The same notes with genanki alone: raw text fields, stock models, the same media files."""
    basic = genanki.BASIC_MODEL
    cloze = genanki.CLOZE_MODEL
    deck_objs: dict[str, genanki.Deck] = {}
    seen: set[str] = set()
    for card in cards:
        deck = deck_objs.setdefault(
            card.deck, genanki.Deck(abs(hash(card.deck)) % (1 << 30) + (1 << 30), card.deck)
        )
        tags = [t.replace(" ", "_") for t in card.tags]
        if card.kind == "cloze":
            if card.family in seen:
                continue
            seen.add(card.family or card.uid)
            note = genanki.Note(
                model=cloze,
                fields=[card.cloze_text or "", ""],
                guid=genanki.guid_for(card.family),
                tags=tags,
            )
        else:
            note = genanki.Note(
                model=basic,
                fields=[card.front, card.back],
                guid=genanki.guid_for(card.uid),
                tags=tags,
            )
        deck.add_note(note)
    genanki.Package(list(deck_objs.values()), media_files=media).write_to_file(
        str(out), timestamp=T0.timestamp()
    )


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def run(name: str, cards: list[ExportCard], diagrams: list[ExportDiagram], repeat: int) -> None:
    global DOT_RUNS
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        DOT_RUNS = 0
        report_box: list = []
        cold = _timed(lambda: report_box.append(
            write_apkg(cards, diagrams, work / "cold.apkg", cache_dir=cache)))
        report = report_box[0]
        cold_runs, DOT_RUNS = DOT_RUNS, 0
        media = [str(p) for p in sorted(cache.glob("*.png"))]
        ours, bare = [], []
        for _ in range(repeat):  # interleaved, so load on the machine hits both alike
            ours.append(_timed(lambda: write_apkg(cards, diagrams, work / "warm.apkg",
                                                  cache_dir=cache)))
            bare.append(_timed(lambda: bare_genanki(cards, media, work / "bare.apkg")))
        warm_runs = DOT_RUNS // repeat
    wall = statistics.median(t[0] for t in ours), statistics.median(t[0] for t in bare)
    cpu = statistics.median(t[1] for t in ours), statistics.median(t[1] for t in bare)
    print(f"{name}: {len(cards)} cards, {len(diagrams)} diagrams -> {report.notes} notes, "
          f"{report.cards} Anki cards, {report.media} media, {len(report.problems)} problems")
    print(f"  first export (renders images, fields):  {cold[0]:7.3f} s   dot runs: {cold_runs}")
    print(f"  later export (cached), median of {repeat}:   {wall[0]:7.3f} s   dot runs: "
          f"{warm_runs}   (cpu {cpu[0]:.3f} s)")
    print(f"  bare genanki, same notes and media:     {wall[1]:7.3f} s   (cpu {cpu[1]:.3f} s)")
    print(f"  ratio cached/bare: {wall[0] / wall[1]:.2f}x wall, {cpu[0] / cpu[1]:.2f}x cpu "
          "(goal <= 1.2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--diagrams", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    run("generated", *generated(args.cards, args.diagrams), args.repeat)
    try:
        deck_cards, deck_diagrams = shipped()
    except ImportError as error:
        print(f"shipped decks: skipped ({error})")
        return
    run("shipped decks", deck_cards, deck_diagrams, args.repeat)


if __name__ == "__main__":
    main()
