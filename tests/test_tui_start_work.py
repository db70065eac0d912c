"""What starting straight into a review does before its first card is drawn (issue 15, item 3):
work that does not show anything has no place there. Run in a fresh interpreter, as a user's
start is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui_support import collection

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import asyncio, sys, tokenize
from datetime import UTC, datetime
sys.path.insert(0, sys.argv[1])
from app.core.collection import Collection
from app.tui.app import make_app
from app.tui.screens.review import ReviewScreen

async def run() -> None:
    app = make_app(Collection.open(sys.argv[2], clock=lambda: datetime(2025, 3, 3, 12, tzinfo=UTC),
                                   tz=UTC), start_review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.card is not None):
            await pilot.pause()
        await pilot.pause()
        assert app.screen_stack == [app.screen], app.screen_stack
        print("tokenize patterns compiled:", tokenize._compile.cache_info().currsize)

asyncio.run(run())
"""


def test_a_review_start_reads_no_builtin_signature(tmp_path: Path) -> None:
    """Textual reads the signature of each callback it is given; a built-in's (say gc.freeze)
    is parsed with the tokenize module, whose first use compiles its patterns: 3 ms."""
    store = collection(tmp_path)
    path = tmp_path / "collection.db"
    store.close()
    out = subprocess.run([sys.executable, "-c", CHILD, str(REPO), str(path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "tokenize patterns compiled: 0" in out.stdout
