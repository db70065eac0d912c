"""What every benchmark shares: alternating sides, medians with spread, commands as processes.

Rules the benches follow (see bench/run_all.py): both sides of a comparison run in the same
rounds, alternating (the side that goes first changes each round), so load on this shared
machine hits both alike; the median is reported with the range (and p99 where latency
matters); a goal about a command is timed on the command in a fresh process, as a user runs it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def user_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a user's command runs in: bytecode caching on (a user's installed
    Blueprint has its .pyc files; PYTHONDONTWRITEBYTECODE would make every run compile)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def blueprint_argv() -> list[str]:
    """The installed `blueprint` console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("blueprint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.cli import main; main()"]


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float  # wait4's peak for the process; use peak_rss_mb for a figure to report


def run_process(argv: Sequence[str], *, env: dict[str, str] | None = None,
                cwd: Path | None = None) -> Run:
    """Run a command to its end; wall time and its own peak resident memory (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env or user_env(), cwd=cwd)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 = "problems found", still a finished run
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode()[-800:]}")
    return Run(elapsed, usage.ru_maxrss / 1024)


# A small fresh interpreter runs the command and reports its peak memory: measured from the
# benchmark process itself, Linux would count the parent's pages the child was forked from.
# The figure is the whole process tree's: an import parses in a worker process it forks, so
# the resident memory of the command and its descendants is summed, sampled every 5 ms, and
# never reported below the largest single process's exact peak (wait4). The sum counts twice
# the pages a fork still shares with its parent: it can only overstate.
_PEAK = """
import os, resource, subprocess, sys, time

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def tree(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        kids = []
    return [pid] + [p for k in kids for p in tree(k)]

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
while proc.poll() is None:
    peak = max(peak, sum(rss_kb(p) for p in tree(proc.pid)))
    time.sleep(0.005)
print(max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def peak_rss_mb(argv: Sequence[str]) -> float:
    """Peak resident memory of one run of `argv` and the processes it starts, summed, in MB
    (a separate run from the timed ones)."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *argv], capture_output=True, text=True,
                         check=True, env=user_env()).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def timed(fn: Callable[[], object]) -> Run:
    start = time.perf_counter()
    fn()
    return Run(time.perf_counter() - start, 0.0)


def alternate(sides: dict[str, Callable[[], Run]], rounds: int) -> dict[str, list[Run]]:
    """Each round runs every side once; the first side rotates so none always goes first."""
    names = list(sides)
    out: dict[str, list[Run]] = {n: [] for n in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            out[name].append(sides[name]())
    return out


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def secs(runs: Sequence[Run]) -> list[float]:
    return [r.seconds for r in runs]


def fmt_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.0995 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def spread(values: Sequence[float]) -> str:
    """Median and range: `1.23 s (1.10-1.40, n=5)`."""
    med = statistics.median(values)
    if len(values) == 1:
        return f"{fmt_time(med)} (n=1)"
    return f"{fmt_time(med)} ({fmt_time(min(values))}–{fmt_time(max(values))}, n={len(values)})"


def ratio(ours: Sequence[float], floor: Sequence[float]) -> float:
    """Median of the per-round ratios (each round's two sides shared the machine's state)."""
    return statistics.median(o / f for o, f in zip(ours, floor, strict=True))


@dataclass(frozen=True)
class Row:
    what: str
    ours: str
    floor: str = "—"
    ratio: str = "—"
    goal: str = ""
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.met is None else ("MET" if self.met else "MISSED")


def print_table(rows: Sequence[Row], file: object = None) -> None:
    out = file or sys.stdout
    head = ("what", "Blueprint", "floor in the same run", "ratio", "goal", "")
    cells = [head] + [(r.what, r.ours, r.floor, r.ratio, r.goal, r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    for n, c in enumerate(cells):
        print("| " + " | ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)) + " |",
              file=out)  # type: ignore[call-overload]
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|",
                  file=out)  # type: ignore[call-overload]
