"""Import benchmark: the shared fixtures and a generated 10,000-card vault.

    python bench/bench_import.py [--files 1000] [--repeat 3] [--profile]

Prints, for each corpus, the import time as a ratio to markdown-it tokenizing the same files
(`MarkdownIt("commonmark").parse(text)` over every file, measured in the same run), and the time
of a no-change re-import as a ratio to `os.stat` of the same files.
Goals: import <= 2x tokenizing; no-change re-import of 1,000 files <= 0.15 s.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.importing import import_paths  # noqa: E402
from app.core.store import Store  # noqa: E402

SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
RE_IMPORT_GOAL_S = 0.15
IMPORT_RATIO_GOAL = 2.0

_TOPICS = ["feature store", "two-tower retrieval", "ranking model", "calibration", "drift",
           "canary release", "embedding cache", "negative sampling", "A/B test", "backfill"]
_FACTS = ["keeps online and offline features consistent", "trades recall for latency",
          "needs a fresh holdout every week", "is measured at p99 under load",
          "hides a feedback loop", "fails open when the store times out"]


def _sentence(rng: random.Random) -> str:
    return f"The {rng.choice(_TOPICS)} {rng.choice(_FACTS)} ({rng.randint(1, 999)} ms)"


def generate_vault(folder: Path, files: int, seed: int = 7) -> int:
    """`files` notes of 10 cards each: Q/A, C: [x], {{c1::x}}, and in tagged notes `::`, ==x==."""
    rng = random.Random(seed)
    cards = 0
    for i in range(files):
        tagged = i % 4 == 0
        out = [f"# Note {i}", ""]
        if tagged:
            out += ["#flashcards/bench", ""]
        out += ["Some prose before the cards, with `inline code` and a [link](x.md).", ""]
        for k in range(10):
            kind = (i + k) % (5 if tagged else 3)
            word = f"w{i}x{k}"
            if kind == 0:
                out += [f"## Q{k}", "", f"Q: What does {word} do? {_sentence(rng)}",
                        f"A: {_sentence(rng)}", "- and a list item", ""]
            elif kind == 1:
                out += [f"C: The [{word}] {_sentence(rng)}, see [docs](x.md).", "", "---", ""]
            elif kind == 2:
                out += [f"Anki style: {{{{c1::{word}}}}} {_sentence(rng)}.", ""]
            elif kind == 3:
                out += [f"{word} {_sentence(rng)}::{_sentence(rng)}", ""]
            else:
                out += [f"The ==_{word}_== {_sentence(rng)}.", ""]
            cards += 1
        out += ["```python", "print('Q: not a card')", "```", ""]
        sub = folder / f"topic{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"note{i:04d}.md").write_text("\n".join(out), encoding="utf-8")
    return cards


def markdown_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".markdown")
                  and p.is_file())


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def tokenize_all(files: list[Path]) -> None:
    md = MarkdownIt("commonmark")
    for f in files:
        try:
            text = f.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        md.parse(text)


def stat_all(files: list[Path]) -> None:
    for f in files:
        os.stat(f)


def fresh_import(folder: Path, workdir: Path) -> tuple[float, Path, object]:
    db = workdir / f"bench-{time.monotonic_ns()}.db"
    store = Store(db)
    t0 = time.perf_counter()
    report = import_paths(store, [folder], now=NOW)
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed, db, report


def bench(label: str, folder: Path, workdir: Path, repeat: int, profile: bool) -> dict:
    files = markdown_files(folder)
    tokenize = best_of(repeat, lambda: tokenize_all(files))
    runs = [fresh_import(folder, workdir) for _ in range(repeat)]
    imp = min(r[0] for r in runs)
    report = runs[0][2]
    db = runs[0][1]
    store = Store(db)
    reimport_report = import_paths(store, [folder], now=NOW)
    reimport = best_of(repeat, lambda: import_paths(store, [folder], now=NOW))
    store.close()
    stat = best_of(repeat, lambda: stat_all(files))
    print(f"\n== {label}: {len(files)} files, {report.added} cards, "  # type: ignore[attr-defined]
          f"{len(report.problems)} problems")  # type: ignore[attr-defined]
    print(f"  tokenize (markdown-it)   {tokenize * 1000:8.1f} ms")
    print(f"  import (fresh)           {imp * 1000:8.1f} ms   = {imp / tokenize:5.2f}x tokenize "
          f"(goal <= {IMPORT_RATIO_GOAL:.0f}x)")
    print(f"  re-import, no change     {reimport * 1000:8.1f} ms   = {reimport / stat:5.1f}x "
          f"os.stat of the same files ({stat * 1000:.2f} ms)"
          f"   [{reimport_report.summary()}]")
    if profile:
        pr = cProfile.Profile()
        pr.enable()
        fresh_import(folder, workdir)
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
    return {"files": len(files), "tokenize": tokenize, "import": imp, "reimport": reimport,
            "stat": stat}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="notes in the generated vault")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--profile", action="store_true", help="cProfile one fresh import")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    ok = True
    with tempfile.TemporaryDirectory(prefix="blueprint-bench-") as tmp:
        work = Path(tmp)
        if SHARED_FIXTURES.is_dir():
            bench("shared fixtures", SHARED_FIXTURES, work, args.repeat, args.profile)
        else:
            print(f"(no {SHARED_FIXTURES}: shared fixtures skipped)")
        vault = work / "vault"
        cards = generate_vault(vault, args.files)
        result = bench(f"generated vault ({cards} cards)", vault, work, args.repeat, args.profile)
        ratio = result["import"] / result["tokenize"]
        print("\nGoals on the generated vault:")
        met_import = ratio <= IMPORT_RATIO_GOAL
        met_re = result["reimport"] <= RE_IMPORT_GOAL_S
        print(f"  import <= {IMPORT_RATIO_GOAL:.0f}x tokenize: {ratio:.2f}x "
              f"{'met' if met_import else 'MISSED'}")
        print(f"  no-change re-import of {result['files']} files <= {RE_IMPORT_GOAL_S} s: "
              f"{result['reimport']:.3f} s {'met' if met_re else 'MISSED'}")
        ok = met_import and met_re
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
