"""Every benchmark in one run, one table: each row with its floor, ratio, goal and MET/MISSED.

Run: `python bench/run_all.py [--quick] [--only export,import,tui,decks,diagrams]`.
`--quick` uses small sizes (for development; its rows say their sizes). The full run takes
several minutes: 50k-card exports, a 200k-card vault, a 50k-card collection in the TUI.
Times are medians over rounds that alternate each side with its floor (range and n in
parentheses; p99 for latency). Command rows time the `blueprint` command in a fresh process.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, print_table  # noqa: E402

GROUPS = ("export", "import", "tui", "decks", "diagrams")


def collect(group: str, work: Path, quick: bool) -> list[Row]:
    if group == "export":
        from bench_export import export_rows

        return export_rows(work, quick)
    if group == "import":
        from bench_import import import_rows

        return import_rows(work, quick)
    if group == "tui":
        from bench_tui import tui_rows

        return tui_rows(work, quick)
    if group == "decks":
        from bench_decks import deck_rows

        return deck_rows(work, quick)
    from bench_diagrams import diagram_rows

    return diagram_rows(quick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    args = parser.parse_args()
    rows: list[Row] = []
    started = time.perf_counter()
    for group in args.only.split(","):
        with tempfile.TemporaryDirectory(prefix=f"bench-{group}-") as tmp:
            t0 = time.perf_counter()
            rows += collect(group.strip(), Path(tmp), args.quick)
            print(f"[{group}: {time.perf_counter() - t0:.0f} s]", file=sys.stderr, flush=True)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{'--quick sizes' if args.quick else 'full sizes'}, "
          f"{time.perf_counter() - started:.0f} s in all")
    print_table(rows)
    missed = [r.what.strip() for r in rows if r.met is False]
    print(f"{sum(r.met is True for r in rows)} goals MET, {len(missed)} MISSED"
          + (": " + "; ".join(missed) if missed else ""))


if __name__ == "__main__":
    main()
