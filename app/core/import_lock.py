"""One import at a time per collection.

Two imports of the same notes running at once (two terminals, or the TUI's import beside a
`blueprint import`) each matched the notes against the cards stored before the other wrote,
and both added them: duplicate live cards. An import now holds an exclusive `flock` on the
collection file for its whole run (planning included, so the second sees what the first
wrote); a second import waits for it. `flock` locks are separate from SQLite's own POSIX
record locks on the same file, so reviews and every other reader and writer are unaffected.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def one_import_at_a_time(path: Path | None,
                         waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the collection's import lock; `waiting` is called once if another import holds it."""
    if path is None:  # an in-memory collection: nobody else can import into it
        yield
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # not there yet or unreadable: opening the store told or will tell
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
