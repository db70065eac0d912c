"""Benchmark: import, no-change re-import and `list --json` as commands, on generated vaults.

Run: `python bench/bench_import.py [--quick]` (bench/run_all.py prints these rows with the rest).

Every figure is a `blueprint` process, as a user runs it, alternating with its floor process:
- import: the floor reads every note and parses it with the importer's own Markdown parser, the
  block pass only (`MarkdownIt("commonmark")` + front matter, inline rules disabled, its block
  rules without their debug-log call, exactly as importers/markdown_blocks.py configures it):
  the parsing work the importer itself does;
- no-change re-import: the floor walks the folder and stats every file (`os.walk` + `os.stat`);
- `list --json`: peak resident memory of the process (goal ≤ 100 MB).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    REPO,
    Row,
    Run,
    alternate,
    blueprint_argv,
    peak_rss_mb,
    print_table,
    ratio,
    run_process,
    secs,
    spread,
)

_TOPICS = ["feature store", "two-tower retrieval", "ranking model", "calibration", "drift",
           "canary release", "embedding cache", "negative sampling", "A/B test", "backfill"]
_FACTS = ["keeps online and offline features consistent", "trades recall for latency",
          "needs a fresh holdout every week", "is measured at p99 under load",
          "hides a feedback loop", "fails open when the store times out"]

WALK_STAT = """
import os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        os.stat(os.path.join(folder, name))
"""

BLOCK_PARSE = """
import os, sys
sys.path.insert(0, sys.argv[2])
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
from importers.quiet_markdown import quiet_block_rules
md = quiet_block_rules(MarkdownIt("commonmark").use(front_matter_plugin)
                       .disable(["inline", "text_join"]))
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as f:
                md.parse(f.read().decode("utf-8"))
"""


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
        (sub / f"note{i:05d}.md").write_text("\n".join(out), encoding="utf-8")
    return cards


def bp(collection: Path, *args: str) -> Run:
    return run_process([*blueprint_argv(), "--collection", str(collection), *args])


def py(code: str, *args: str) -> Run:
    return run_process([sys.executable, "-c", code, *args])


def row_reimport(vault: Path, collection: Path, files: int, rounds: int, goal: str,
                 check: float | None = None) -> Row:
    """`blueprint import` with nothing changed vs a walk + stat; goal in seconds or as a ratio."""
    got = alternate({"ours": lambda: bp(collection, "import", str(vault)),
                     "floor": lambda: py(WALK_STAT, str(vault))}, rounds)
    ours, base = secs(got["ours"]), secs(got["floor"])
    med, rat = statistics.median(ours), ratio(ours, base)
    met = med <= check if check is not None else rat <= 3.0
    return Row(f"no-change re-import, {files:,} files, as the command", spread(ours),
               f"walk + stat {spread(base)}", f"{rat:.1f}×", goal, met)


def rows_big(work: Path, files: int, rounds: int) -> list[Row]:
    """Fresh import, no-change re-import and `list --json` on a `files`-note vault."""
    vault = work / "big"
    cards = generate_vault(vault, files)
    collections: list[Path] = []

    def ours() -> Run:
        collection = work / f"big{len(collections)}.db"
        collections.append(collection)
        return bp(collection, "import", str(vault))

    got = alternate({"ours": ours, "floor": lambda: py(BLOCK_PARSE, str(vault), str(REPO))}, rounds)
    keep = collections[0]
    for extra in collections[1:]:
        extra.unlink()
        for side in extra.parent.glob(extra.name + "-*"):
            side.unlink()
    ours_s, base = secs(got["ours"]), secs(got["floor"])
    rss = peak_rss_mb([*blueprint_argv(), "--collection", str(work / "peak.db"), "import",
                       str(vault)])
    rat = ratio(ours_s, base)
    label = f"{cards // 1000}k cards"
    rows = [Row(f"import, {label} ({files:,} files), peak {rss:.0f} MB (process tree)",
                spread(ours_s),
                f"block parse (the importer's) {spread(base)}", f"{rat:.2f}×",
                "≤ 2×, ≤ 200 MB", rat <= 2.0 and rss <= 200)]
    rows.append(row_reimport(vault, keep, files, rounds + 2, "≤ 3× walk + stat"))
    lists = [bp(keep, "list", "--json") for _ in range(rounds)]
    peak = peak_rss_mb([*blueprint_argv(), "--collection", str(keep), "list", "--json"])
    rows.append(Row(f"`list --json`, {label}", f"{spread(secs(lists))}, peak {peak:.0f} MB",
                    goal="≤ 100 MB", met=peak <= 100))
    return rows


def import_rows(work: Path, quick: bool) -> list[Row]:
    small = work / "small"
    generate_vault(small, 1000)
    collection = work / "small.db"
    bp(collection, "import", str(small))
    rows = [row_reimport(small, collection, 1000, 5 if quick else 9, "≤ 0.15 s", 0.15)]
    rows += rows_big(work, 2000 if quick else 20_000, 2 if quick else 3)
    shutil.rmtree(small)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        print_table(import_rows(Path(tmp), args.quick))


if __name__ == "__main__":
    main()
