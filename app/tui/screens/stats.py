"""Stats: reviews per day, true retention and the 30-day due forecast as terminal plots."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from app.core.collection import Collection
from app.core.stats_data import StudyStats


class StatsScreen(Screen[None]):
    """Displays what `study_stats` computes; nothing is counted here."""

    CSS_PATH = "stats.tcss"  # loaded when this screen is first shown, not at start-up

    BINDINGS = [Binding("escape", "leave", "Back"), Binding("d", "app.drill_stats", "Drills"),
                Binding("n", "more_new", "New/day"), Binding("r", "next_retention", "Retention")]
    NEW_CHOICES = (0, 5, 10, 20, 30, 50)
    RETENTION_CHOICES = (0.8, 0.85, 0.9, 0.95)

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection
        self.new_per_day = 20
        self.retention = 0.9

    def compose(self) -> ComposeResult:
        yield Static(id="stats-summary")
        with Vertical(id="stats-plots"):
            yield PlotextPlot(id="reviews-plot")
            yield PlotextPlot(id="forecast-plot")
            yield PlotextPlot(id="load-plot")
        yield Footer()

    def on_mount(self) -> None:
        data = self.collection.study_stats()
        counts = self.collection.stats()
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
        self.show_load()

    def show_load(self) -> None:
        """The simulated workload for the chosen new cards a day and retention."""
        sim = self.collection.forecast(new_per_day=self.new_per_day,
                                       retention=self.retention)["simulation"]["reviews"]
        self.load = [d["reviews"] for d in sim]
        _bars(self.query_one("#load-plot", PlotextPlot), [d["date"][5:] for d in sim],
              self.load, f"Simulated reviews per day: {self.new_per_day} new/day, retention "
              f"{self.retention:.2f} (n, r change them)")

    def action_more_new(self) -> None:
        choices = self.NEW_CHOICES
        self.new_per_day = choices[(choices.index(self.new_per_day) + 1) % len(choices)]
        self.show_load()

    def action_next_retention(self) -> None:
        choices = self.RETENTION_CHOICES
        self.retention = choices[(choices.index(self.retention) + 1) % len(choices)]
        self.show_load()

    def action_leave(self) -> None:
        self.dismiss(None)


def _bars(widget: PlotextPlot, labels: list[str], values: list[int], title: str) -> None:
    plt = widget.plt
    plt.clear_figure()
    positions = [float(i) for i in range(len(values))]
    plt.bar(positions, values, width=0.6)
    step = max(1, len(labels) // 6)
    plt.xticks(positions[::step], labels[::step])
    plt.title(title)
    widget.refresh()


__all__ = ["StatsScreen", "StudyStats"]
