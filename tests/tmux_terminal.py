"""A real terminal for end-to-end tests: a tmux server of the test's own.

Its socket is named by the process, and it reads no user config: a shared default server would
hand the session its own environment and options, and a parallel run's `kill-server` would end
ours."""

from __future__ import annotations

import os
import subprocess
import time


class Terminal:
    def __init__(self, name: str) -> None:
        self.socket = f"blueprint-{name}-{os.getpid()}"

    def __call__(self, *args: str) -> str:
        """Run a tmux command on this server; its output."""
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], check=True,
                              capture_output=True, text=True).stdout

    def screen_until(self, session: str, text: str, timeout: float = 60.0) -> str:
        """The screen once `text` is on it (at once when it shows: generous for a loaded
        machine)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self("capture-pane", "-p", "-t", session)
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def running(self, session: str) -> bool:
        return subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", session],
                              capture_output=True).returncode == 0

    def wait_ended(self, session: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running(session):
            time.sleep(0.1)

    def kill_session(self, session: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-session", "-t", session],
                       capture_output=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
