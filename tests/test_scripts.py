"""scripts/setup (run by scripts/run and scripts/test) says what it does, one line a step, and
how long the first time takes (issue 16 item 14): no blank terminal while pip runs.

Python and pip are stood in for by a small script (the real ones need the network and a
minute); the setup script itself is the real one, run by bash."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# `python3 -m venv DIR` makes DIR/bin/python (this same script); `-m pip ...` logs and succeeds
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; exit 0; fi
echo "$*" >> "$(dirname "$0")/calls.log"
"""


def _setup_copy(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup", repo / "scripts" / "setup")
    shutil.copy(REPO / "pyproject.toml", repo / "pyproject.toml")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("python3", FAKE_PYTHON), ("dot", "#!/bin/sh\n")):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "PYTHON": str(bin_dir / "python3")}
    return repo, env


def test_first_setup_says_each_step_and_how_long_it_takes(tmp_path: Path) -> None:
    repo, env = _setup_copy(tmp_path)
    first = subprocess.run(["bash", str(repo / "scripts" / "setup")], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""  # stdout stays the command's own (`scripts/run list --json`)
    lines = first.stderr.splitlines()
    assert any("creating the Python environment" in line for line in lines), lines
    pip = next(line for line in lines if "installing Blueprint" in line)
    assert "first time" in pip and "minute" in pip  # how long to expect, before it starts
    assert lines[-1].startswith("setup: ready in "), lines
    assert all(line.startswith("setup: ") for line in lines)
    again = subprocess.run(["bash", str(repo / "scripts" / "setup")], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stderr == ""  # the fast path says nothing
    assert (repo / ".venv" / "bin" / "calls.log").read_text().count("pip install") >= 1
