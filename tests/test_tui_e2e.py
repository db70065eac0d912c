"""End to end in a real terminal: tmux runs `blueprint`, keys go in, the screen is read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tui_support import write_notes

BLUEPRINT = Path(sys.executable).parent / "blueprint"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux): no real terminal"),
]


# A tmux server of the test's own (its socket named by the process) with no user config: a shared
# default server would hand the session its own environment and options, and a parallel run's
# `kill-server` would end ours.
SOCKET = f"blueprint-e2e-{os.getpid()}"


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], check=True,
                          capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, timeout: float = 60.0) -> str:
    """The screen once `text` is on it; generous for a loaded machine (returns at once when
    the text shows)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_review_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    notes = write_notes(tmp_path / "notes")
    subprocess.run([str(BLUEPRINT), "--collection", str(db), "import", str(notes)], check=True,
                   capture_output=True)
    session = f"blueprint-e2e-{os.getpid()}-{tmp_path.name}"  # unique across parallel runs
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
          f"{BLUEPRINT} --collection {db}")
    try:
        screen = _wait_for(session, "All decks")
        assert "Ranking" in screen and "Serving" in screen
        _tmux("send-keys", "-t", session, "Enter")  # study all decks
        _wait_for(session, "show answer")
        _tmux("send-keys", "-t", session, "Space")
        screen = _wait_for(session, "Good ·")
        assert "Again ·" in screen and "Easy ·" in screen
        _tmux("send-keys", "-t", session, "3")
        _wait_for(session, "done 1")
        _tmux("send-keys", "-t", session, "Enter")
        _wait_for(session, "Good ·")
        _tmux("send-keys", "-t", session, "1")
        _wait_for(session, "done 2")
        _tmux("send-keys", "-t", session, "Escape")
        _wait_for(session, "All decks")
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and subprocess.run(
                ["tmux", "-L", SOCKET, "has-session", "-t", session],
                capture_output=True).returncode == 0:
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    out = subprocess.run([str(BLUEPRINT), "--collection", str(db), "stats", "--json"],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    assert data["reviews_total"] == 2 and data["reviews_today"] == 2
    assert data["cards"]["learning"] == 2
