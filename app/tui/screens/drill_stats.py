"""The Drills view of the stats: coverage per step in every drill, the steps that overrun their
time box, and the case studies not drilled yet. Everything shown is computed in the core."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from app.cells import fit
from app.core.drill import STEPS
from app.core.drilling import DrillStats
from app.tui.plain import cell


class DrillStatsScreen(Screen[None]):
    """One row per drill, one column per step (points covered of the checklist's)."""

    CSS_PATH = "drill.tcss"
    BINDINGS = [Binding("escape", "leave", "Back"), Binding("d", "app.drill", "New drill")]

    def __init__(self, stats: DrillStats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="drill-stats-summary", markup=False)
        yield DataTable(id="drill-stats-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        stats = self.stats
        summary = Text.assemble(("Drills ", "bold"), str(len(stats.drills)))
        over = [f"{name} ({n})" for name, n in stats.overruns.items() if n]
        summary.append("   Over their time box: ", style="bold")
        summary.append(", ".join(over) if over else "none")
        summary.append("\nNot drilled yet: ", style="bold")
        summary.append(", ".join(stats.not_drilled) if stats.not_drilled else "none")
        mean = [(name, sum(v) / len(v)) for name, v in stats.coverage.items() if v]
        if mean:
            weakest = min(mean, key=lambda item: item[1])
            summary.append("\nWeakest step: ", style="bold")
            summary.append(f"{weakest[0]} ({weakest[1]:.0%} of its points on average)")
        self.query_one("#drill-stats-summary", Static).update(summary)
        table = self.query_one(DataTable)
        table.add_column("Date", key="date")
        table.add_column("Case", key="case")
        for number in range(1, len(STEPS) + 1):
            table.add_column(str(number), key=f"s{number}")
        table.add_column("Time", key="time")
        for done in reversed(stats.drills):  # newest first
            title = cell(fit(done["title"], 28).rstrip())
            cells: list[Text | str] = [done["started_at"][:10], title]
            for step in done["steps"]:
                cells.append(_coverage(step))
            cells.append(f"{round(done['seconds'] / 60)}/{done['minutes']}m")
            table.add_row(*cells)
        if not stats.drills:
            table.add_row("—", "no drills yet: press d", *[""] * (len(STEPS) + 1))

    def action_leave(self) -> None:
        self.dismiss(None)


def _coverage(step: dict) -> Text:
    if step.get("skipped"):
        return Text("skip", style="dim")
    text = f"{step['covered']}/{step['points']}"
    style = "green" if step["points"] and step["covered"] == step["points"] else "yellow"
    if step["seconds"] > step["minutes"] * 60:
        text += "!"
        style += " bold"
    return Text(text, style=style)
