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

    BINDINGS = [Binding("escape", "leave", "Back"), Binding("d", "app.drill_stats", "Drills")]

    def __init__(self, collection: Collection) -> None:
        super().__init__()
        self.collection = collection

    def compose(self) -> ComposeResult:
        yield Static(id="stats-summary")
        with Vertical(id="stats-plots"):
            yield PlotextPlot(id="reviews-plot")
            yield PlotextPlot(id="forecast-plot")
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
