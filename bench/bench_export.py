"""Benchmark: Anki export as a user waits for it, against bare genanki writing the same notes.

Run: `python bench/bench_export.py [--quick]` (bench/run_all.py prints these rows with the rest).

Rows: a generated Markdown vault imported and exported by the `blueprint` command in a fresh
collection (the first, cold export and a second, warm one reported apart); the shipped decks'
first export (with `dot` runs counted by a PATH wrapper); the whole collection (shipped decks and
the shared fixtures) as the TUI's export screen writes it; and export time at many decks against
the same cards in a tenth of the decks. The floor is `bench/bare_genanki.py`, a process writing
the same notes (raw text, stock note types, same decks, tags and media) with genanki alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_genanki import bare_notes, write_bare  # noqa: E402
from bench_import import generate_vault  # noqa: E402
from common import (  # noqa: E402
    REPO,
    Row,
    Run,
    alternate,
    blueprint_argv,
    fmt_time,
    print_table,
    ratio,
    run_process,
    secs,
    spread,
    timed,
    user_env,
)

from app.core.export_values import export_values  # noqa: E402
from app.core.store import Store  # noqa: E402
from app.export.anki import write_apkg  # noqa: E402
from app.export.model import ExportCard  # noqa: E402

T0 = datetime(2026, 1, 1, tzinfo=UTC)
FIXTURES = REPO.parent / "shared" / "fixtures"


def bp(collection: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    return run_process([*blueprint_argv(), "--collection", str(collection), *args], env=env)


def floor_input(collection: Path, out: Path) -> Path:
    """The notes of `collection` as bare_genanki.py reads them."""
    store = Store(collection)
    cards, _, _ = export_values(store)
    store.close()
    out.write_text(json.dumps({"notes": bare_notes(cards), "media": []}), encoding="utf-8")
    return out


def floor(notes: Path, out: Path) -> Run:
    return run_process([sys.executable, str(REPO / "bench" / "bare_genanki.py"), str(notes),
                        str(out)])


def rows_markdown(work: Path, files: int, rounds: int) -> list[Row]:
    """Import + first export in a fresh collection, then a second export; genanki alongside."""
    vault = work / "vault"
    cards = generate_vault(vault, files)
    seed = work / "seed.db"
    bp(seed, "import", str(vault))
    notes = floor_input(seed, work / "notes.json")
    imports: list[float] = []
    colds: list[float] = []
    warms: list[float] = []

    def ours() -> Run:
        collection = work / f"c{len(imports)}" / "collection.db"
        collection.parent.mkdir()
        imports.append(bp(collection, "import", str(vault)).seconds)
        colds.append(bp(collection, "export", "anki", str(work / "cold.apkg")).seconds)
        warms.append(bp(collection, "export", "anki", str(work / "warm.apkg")).seconds)
        shutil.rmtree(collection.parent)
        return Run(imports[-1] + colds[-1], 0.0)

    got = alternate({"ours": ours, "floor": lambda: floor(notes, work / "bare.apkg")}, rounds)
    base = secs(got["floor"])
    both = secs(got["ours"])
    return [
        Row(f"Markdown → .apkg, {cards // 1000}k cards, import + export, fresh collection",
            spread(both), f"bare genanki, same notes {spread(base)}",
            f"{ratio(both, base):.2f}×", "≤ 2.0×", ratio(both, base) <= 2.0),
        Row("  of which: export, first (cold)", spread(colds),
            f"genanki {fmt_time(statistics.median(base))}", f"{ratio(colds, base):.2f}×"),
        Row("  of which: export, again (warm)", spread(warms),
            f"genanki {fmt_time(statistics.median(base))}", f"{ratio(warms, base):.2f}×", "≤ 1.2×",
            ratio(warms, base) <= 1.2),
    ]


def _dot_counter(work: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `dot` is a wrapper logging each run before calling the real one."""
    real = shutil.which("dot")
    log = work / "dot-runs.log"
    wrapper = work / "dotbin" / "dot"
    wrapper.parent.mkdir(exist_ok=True)
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    env = user_env({"PATH": f"{wrapper.parent}{os.pathsep}{os.environ.get('PATH', '')}"})
    return env, log


def _cold_exports(collection: Path, work: Path, rounds: int) -> tuple[list[float], int]:
    env, log = _dot_counter(work)
    times: list[float] = []
    for _ in range(rounds):
        shutil.rmtree(collection.with_name(collection.stem + "-cache"), ignore_errors=True)
        log.unlink(missing_ok=True)
        times.append(bp(collection, "export", "anki", str(work / "out.apkg"), env=env).seconds)
    runs = len(log.read_text().splitlines()) if log.exists() else 0
    return times, runs


def row_shipped(work: Path, rounds: int) -> Row:
    collection = work / "shipped" / "collection.db"
    collection.parent.mkdir()
    bp(collection, "import", str(REPO / "decks"))
    times, dots = _cold_exports(collection, work, rounds)
    med = statistics.median(times)
    return Row(f"first export of the shipped decks ({dots} `dot` runs)", spread(times),
               goal="≤ 3 s", met=med <= 3.0)


def row_whole(work: Path) -> Row:
    what = "whole collection from the TUI's export screen (shipped decks + fixtures)"
    if not FIXTURES.is_dir():
        return Row(what, f"skipped: no {FIXTURES}")
    collection = work / "whole" / "collection.db"
    collection.parent.mkdir()
    bp(collection, "import", str(REPO / "decks"))
    bp(collection, "import", str(FIXTURES))
    times, dots = _cold_exports(collection, work, 1)
    return Row(f"{what}, first export ({dots} `dot` runs)", spread(times))


def generated(n_cards: int, n_decks: int) -> list[ExportCard]:
    """Basic and cloze cards spread over `n_decks` decks (Markdown, math, code, lists)."""
    cards: list[ExportCard] = []
    i = 0
    while len(cards) < n_cards:
        deck = f"Generated::Part {i % n_decks // 100}::Topic {i % n_decks}"
        when = T0 + timedelta(minutes=i)
        crumb = ("Generated", f"Section {i % 7}")
        if i % 5 == 3:
            text = (f"{{{{c1::Recall@{i}}}}} is measured after {{{{c2::candidate generation}}}}; "
                    f"loss $L_{i} = -\\log p$.")
            cards += [ExportCard(uid=f"cz-{i}-{o}", kind="cloze", deck=deck, front="", back="",
                                 modified_at=when, family=f"fam-{i}", cloze_text=text,
                                 cloze_ordinal=o, breadcrumb=crumb, source=f"gen/{i}.md:1")
                      for o in (1, 2)]
        else:
            cards.append(ExportCard(
                uid=f"b-{i}", kind="basic", deck=deck, modified_at=when, breadcrumb=crumb,
                front=f"Question {i}: why does **feature {i}** drift between training and serving?",
                back=f"Because of skew `{i}`:\n\n- point one\n- point two $x_{i}^2$\n\n"
                "```python\nscore = model.predict(features)\n```",
                tags=("generated", f"t{i % 9}"), source=f"gen/{i}.md:3"))
        i += 1
    return cards[:n_cards]


def row_decks(work: Path, n_cards: int, n_decks: int, rounds: int) -> Row:
    """Cold export of the same cards in `n_decks` decks and in a tenth of them (in process)."""
    many, few = generated(n_cards, n_decks), generated(n_cards, n_decks // 10)
    notes = bare_notes(many)

    def ours(cards: list[ExportCard]) -> Run:
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            return timed(lambda: write_apkg(cards, [], Path(tmp) / "o.apkg",
                                            cache_dir=Path(tmp) / "cache"))

    # the goal's two sides alternate, `rounds` each (one run each was one process's first and
    # second export: 0.86x one night, 1.67x the next); bare genanki (~2 min) runs once
    got = alternate({"many": lambda: ours(many), "few": lambda: ours(few)}, rounds)
    got["genanki"] = [timed(lambda: write_bare(notes, [], work / "b.apkg"))]
    m, f, g = secs(got["many"]), secs(got["few"]), secs(got["genanki"])
    return Row(f"export, {n_cards // 1000}k cards in {n_decks:,} decks (cold, in process)",
               spread(m), f"genanki {spread(g)}; same cards in {n_decks // 10} decks "
               f"{spread(f)}", f"{statistics.median(m) / g[0]:.2f}× genanki, {ratio(m, f):.2f}× fewer decks",
               "≤ 1.5× fewer decks", ratio(m, f) <= 1.5)


def export_rows(work: Path, quick: bool) -> list[Row]:
    rows = rows_markdown(work, 100 if quick else 500, 2 if quick else 5)
    rows.append(row_shipped(work, 1 if quick else 3))
    rows.append(row_whole(work) if not quick else
                Row("whole collection from the TUI's export screen", "not run with --quick"))
    rows.append(row_decks(work, 5000, 375, 2) if quick else row_decks(work, 50_000, 3751, 3))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        print_table(export_rows(Path(tmp), args.quick))


if __name__ == "__main__":
    main()
