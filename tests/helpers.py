"""Small helpers shared by the engine tests: a fixed clock and a notes folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from click.testing import Result

DATA = Path(__file__).parent / "data"
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
SHIPPED_AT = datetime(2026, 1, 5, 12, tzinfo=UTC)  # when conftest's `shipped` imported decks/


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli_on_note(tmp_path: Path, text: str) -> Callable[..., Result]:
    """`blueprint` (in process) on a fresh collection holding one imported note, `text`."""
    from click.testing import CliRunner

    from app.cli import main

    notes = tmp_path / "notes"
    write(notes, "serving.md", text)
    db = str(tmp_path / "c.db")
    runner = CliRunner()

    def blueprint(*args: str) -> Result:
        return runner.invoke(main, ["--collection", db, *args])

    assert blueprint("import", str(notes)).exit_code == 0
    return blueprint
