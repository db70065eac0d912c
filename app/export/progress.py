"""A progress callback for the CLI: a click progress bar, shown only once work takes > 1 s."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click


class _DelayedBar:
    def __init__(
        self, label: str, delay: float, clock: Callable[[], float], file: TextIO | None
    ) -> None:
        self._label = label
        self._delay = delay
        self._clock = clock
        self._file = file
        self._start = clock()
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if self._clock() - self._start < self._delay or done >= total:
                return  # quick work finishes without a bar flashing by
            self._bar = click.progressbar(length=total, label=self._label, file=self._file)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    @property
    def shown(self) -> bool:
        return self._bar is not None


@contextmanager
def cli_progress(
    label: str = "Exporting",
    *,
    delay: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    file: TextIO | None = None,
) -> Iterator[Callable[[int, int], None]]:
    """Yield a `progress(done, total)` callback for `write_apkg`; the bar appears after `delay`.

    Usage: `with cli_progress() as progress: write_apkg(..., progress=progress)`.
    """
    bar = _DelayedBar(label, delay, clock, file)
    try:
        yield bar
    finally:
        bar.close()
