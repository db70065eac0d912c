"""End to end in a real terminal: tmux runs `blueprint`, keys go in, the screen is read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tmux_terminal import Terminal
from tui_support import write_notes

BLUEPRINT = Path(sys.executable).parent / "blueprint"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None,
                       reason="tmux is not installed (apt-get install tmux): no real terminal"),
]


TMUX = Terminal("e2e")


def test_review_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    notes = write_notes(tmp_path / "notes")
    subprocess.run([str(BLUEPRINT), "--collection", str(db), "import", str(notes)], check=True,
                   capture_output=True)
    session = f"blueprint-e2e-{os.getpid()}-{tmp_path.name}"  # unique across parallel runs
    TMUX("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
          f"{BLUEPRINT} --collection {db}")
    try:
        screen = TMUX.screen_until(session, "All decks")
        assert "Ranking" in screen and "Serving" in screen
        TMUX("send-keys", "-t", session, "Enter")  # study all decks
        TMUX.screen_until(session, "show answer")
        TMUX("send-keys", "-t", session, "Space")
        screen = TMUX.screen_until(session, "Good ·")
        assert "Again ·" in screen and "Easy ·" in screen
        TMUX("send-keys", "-t", session, "3")
        TMUX.screen_until(session, "done 1")
        TMUX("send-keys", "-t", session, "Enter")
        TMUX.screen_until(session, "Good ·")
        TMUX("send-keys", "-t", session, "1")
        TMUX.screen_until(session, "done 2")
        TMUX("send-keys", "-t", session, "Escape")
        TMUX.screen_until(session, "All decks")
        TMUX("send-keys", "-t", session, "q")
        TMUX.wait_ended(session)
    finally:
        TMUX.close()
    out = subprocess.run([str(BLUEPRINT), "--collection", str(db), "stats", "--json"],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    assert data["reviews_total"] == 2 and data["reviews_today"] == 2
    assert data["cards"]["learning"] == 2
