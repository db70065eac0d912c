"""Stats: reviews per day, true retention and the 30-day due forecast as terminal plots.

The screen opens at once with placeholders: the counts and the FSRS load simulation (seconds on
a big collection) run in worker threads on their own connection, and fill the plots when done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from app.core.collection import Collection
from app.core.errors import BlueprintError
from app.core.stats_data import StudyStats

COMPUTING = "computing…"
T = TypeVar("T")


class StatsScreen(Screen[None]):
    """Displays what `study_stats` and `forecast` compute; nothing is counted here."""

    CSS_PATH = "stats.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [Binding("escape", "leave", "Back"), Binding("d", "app.drill_stats", "Drills"),
                Binding("n", "more_new", "New/day"), Binding("r", "next_retention", "Retention"),
                Binding("o", "optimize", "Optimize")]
    NEW_CHOICES = (0, 5, 10, 20, 30, 50)
    RETENTION_CHOICES = (0.8, 0.85, 0.9, 0.95)

    @dataclass
    class Counted(Message):
        data: StudyStats
        counts: dict

    @dataclass
    class Simulated(Message):
        new_per_day: int
        retention: float
        labels: list[str]
        load: list[int]

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.new_per_day = 20
        self.retention = 0.9
        self.data: StudyStats | None = None  # None until the counting worker is done
        self.load: list[int] | None = None  # None while the simulation runs

    def compose(self) -> ComposeResult:
        yield Static(f"Stats: {COMPUTING}", id="stats-summary", markup=False)
        with Vertical(id="stats-plots"):
            yield PlotextPlot(id="reviews-plot")
            yield PlotextPlot(id="forecast-plot")
            yield PlotextPlot(id="load-plot")
        yield Footer()

    def on_mount(self) -> None:
        self._placeholders()
        # The workers start once the placeholders are painted: their threads share the GIL,
        # and the first paint should not wait for them.
        self.call_after_refresh(self.refresh_stats)

    def _placeholders(self) -> None:
        _bars(self.query_one("#reviews-plot", PlotextPlot), [], [],
              f"Reviews per day (last 30 days): {COMPUTING}")
        _bars(self.query_one("#forecast-plot", PlotextPlot), [], [],
              f"Due per day (next 30 days): {COMPUTING}")
        _bars(self.query_one("#load-plot", PlotextPlot), [], [], self._load_title(f": {COMPUTING}"))

    def refresh_stats(self) -> None:
        """Count again and simulate again (after new parameters were applied, say)."""
        self._placeholders()
        self._count()
        self.show_load()

    # -- workers: each on its own connection, results come back as messages -------------------
    def _off_thread(self, compute: Callable[[Collection], T]) -> T | None:
        try:
            collection = self.collection.reopen()  # a thread opens its own connection
        except BlueprintError as exc:
            self.post_message(self.Failed(f"{exc.message}: {exc.hint}"))
            return None
        try:
            return compute(collection)
        finally:
            collection.close()

    @work(thread=True, exclusive=True, group="stats-count")
    def _count(self) -> None:
        result = self._off_thread(lambda c: (c.study_stats(), c.stats()))
        if result is not None:
            self.post_message(self.Counted(*result))

    @work(thread=True, exclusive=True, group="stats-load")
    def _simulate(self, new_per_day: int, retention: float) -> None:
        result = self._off_thread(lambda c: c.forecast(new_per_day=new_per_day,
                                                       retention=retention))
        if result is not None:
            sim = result["simulation"]["reviews"]
            self.post_message(self.Simulated(new_per_day, retention,
                                             [d["date"][5:] for d in sim],
                                             [d["reviews"] for d in sim]))

    @on(Counted)
    def _counted(self, event: Counted) -> None:
        data, counts = event.data, event.counts
        self.data = data
        retention = (f"{data.true_retention:.1%} of {data.retention_reviews} reviews"
                     if data.true_retention is not None else "— (no reviews of mature cards)")
        cards = counts["cards"]
        self.query_one("#stats-summary", Static).update(Text.assemble(
            ("True retention ", "bold"), retention,
            ("   Reviews today ", "bold"), str(counts["reviews_today"]),
            ("   in total ", "bold"), str(data.reviews_total),
            ("   Due today ", "bold"), str(counts["due_today"]),
            "\n", ("Cards ", "bold"),
            ", ".join(f"{n} {name}" for name, n in cards.items())))
        _bars(self.query_one("#reviews-plot", PlotextPlot), data.days, data.reviews_per_day,
              "Reviews per day (last 30 days)")
        _bars(self.query_one("#forecast-plot", PlotextPlot), data.forecast_days,
              data.due_per_day, "Due per day (next 30 days)")

    @on(Simulated)
    def _simulated(self, event: Simulated) -> None:
        if (event.new_per_day, event.retention) != (self.new_per_day, self.retention):
            return  # an older choice finished after a newer one was asked for
        self.load = event.load
        _bars(self.query_one("#load-plot", PlotextPlot), event.labels, event.load,
              self._load_title())

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#stats-summary", Static).update(Text(event.error, style="bold red"))

    def _load_title(self, suffix: str = "") -> str:
        return (f"Simulated reviews per day: {self.new_per_day} new/day, retention "
                f"{self.retention:.2f} (n, r change them){suffix}")

    def show_load(self) -> None:
        """The simulated workload for the chosen new cards a day and retention."""
        self.load = None
        _bars(self.query_one("#load-plot", PlotextPlot), [], [], self._load_title(f": {COMPUTING}"))
        self._simulate(self.new_per_day, self.retention)

    # -- actions ------------------------------------------------------------------------------
    def action_more_new(self) -> None:
        choices = self.NEW_CHOICES
        self.new_per_day = choices[(choices.index(self.new_per_day) + 1) % len(choices)]
        self.show_load()

    def action_next_retention(self) -> None:
        choices = self.RETENTION_CHOICES
        self.retention = choices[(choices.index(self.retention) + 1) % len(choices)]
        self.show_load()

    def action_optimize(self) -> None:
        """Fit FSRS parameters to the review log; on Apply the numbers are computed again."""
        from app.tui.modals.optimize import OptimizeModal

        def applied(done: bool | None) -> None:
            if done:
                self.refresh_stats()

        self.app.push_screen(OptimizeModal(self.collection), applied)

    def action_leave(self) -> None:
        self.dismiss(None)


def whole_ticks(values: list[int], most: int = 4) -> list[int]:
    """Y ticks for counts, from the data alone: whole numbers (a day has no 0.67 reviews), at
    most `most` steps from 0 to a top at or above the largest value."""
    top = max(1, max(values, default=0))
    every = max(1, -(-top // most))
    return list(range(0, top + every, every))


def _bars(widget: PlotextPlot, labels: list[str], values: list[int], title: str) -> None:
    plt = widget.plt
    plt.clear_figure()
    if values:
        positions = [float(i) for i in range(len(values))]
        plt.bar(positions, values, width=0.6)
        step = max(1, len(labels) // 6)
        plt.xticks(positions[::step], labels[::step])
        # The axis spans exactly the ticks, so plotext draws no in-between labels of its own
        # and the labels depend on the data only, never on how many rows the plot has.
        ticks = whole_ticks(values)
        plt.ylim(0, ticks[-1])
        plt.yticks([float(t) for t in ticks], [str(t) for t in ticks])
    plt.title(title)
    widget.refresh()


__all__ = ["StatsScreen", "StudyStats", "whole_ticks"]
