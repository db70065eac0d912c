"""The interview drill: prompt, plan and clocks; an outline per step; the step's checklist.

Everything decided here comes from `app.core.drill` (the plan, the pre-ticks, the clock); this
screen shows it and passes keys on. Keys are ctrl-chords so that they never go into the outline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from app.core.drill import SERVING, Drill, DrillSummary, mmss

if TYPE_CHECKING:
    from app.core.collection import Collection
    from app.core.diagram_quiz import LoadedQuiz


class DrillScreen(Screen[None]):
    """One drill over a collection, which stores it at the end and brings cards forward."""

    CSS_PATH = "drill.tcss"
    BINDINGS = [
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+s", "skip", "Skip step", priority=True),
        Binding("ctrl+r", "rebuild", "Rebuild diagram", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("q", "stay", "", show=False),  # a stray q never ends a drill: ctrl+q does
    ]

    def __init__(self, collection: Collection, drill: Drill) -> None:
        super().__init__()
        self.collection = collection
        self.drill = drill
        self.phase = "outline"  # outline (-> rebuild -> outline) -> check -> ... -> summary
        self.summary: DrillSummary | None = None
        self.rebuild: LoadedQuiz | None = collection.drill_rebuild(drill)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="drill-prompt", markup=False)
        with Horizontal(id="drill-body"):
            yield Static(id="drill-plan", markup=False)
            with Vertical(id="drill-work"):
                yield Static(id="drill-clock", markup=False)
                yield TextArea(id="drill-outline", soft_wrap=True, show_line_numbers=False)
                yield Static(id="drill-rebuild-front", markup=False)
                yield TextArea(id="drill-rebuild", soft_wrap=True, show_line_numbers=False)
                yield SelectionList[int](id="drill-checklist")
                yield Static(id="drill-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#drill-prompt", Static).update(Text.assemble(
            (f"{self.drill.title}  ", "bold"), self.drill.prompt))
        for name in ("#drill-checklist", "#drill-summary", "#drill-rebuild",
                     "#drill-rebuild-front"):
            self.query_one(name).display = False
        self._show()
        self.set_interval(1.0, self._tick)
        self.query_one("#drill-outline", TextArea).focus()

    # -- display ------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.phase != "summary":
            self._show_clock()

    def _show(self) -> None:
        self._show_plan()
        self._show_clock()

    def _show_plan(self) -> None:
        lines = Text()
        for index, step in enumerate(self.drill.steps):
            result = self.drill.results[index]
            done = index < self.drill.current or self.drill.done
            marker = "▶ " if index == self.drill.current and not self.drill.done else "  "
            style = "bold" if marker.strip() else ("dim" if done else "")
            lines.append(f"{marker}{index + 1}. {step.name}", style=style)
            lines.append(f"  {step.minutes} min", style="dim")
            if done and step.points:
                lines.append(f"  {result.covered}/{len(step.points)}",
                             style="green" if result.covered == len(step.points) else "yellow")
            lines.append("\n")
        self.query_one("#drill-plan", Static).update(lines)

    def _show_clock(self) -> None:
        drill = self.drill
        text = Text.assemble(("Drill ", "bold"), mmss(drill.elapsed()),
                             f" / {drill.minutes}:00")
        if drill.total_overrun():
            text.append("  over time", style="bold red")
        if not drill.done:
            step = drill.step
            text.append(f"    Step {step.index + 1} ", style="bold")
            text.append(f"{mmss(drill.step_elapsed())} / {step.minutes}:00",
                        style="bold red" if drill.overrun() else "")
            if drill.overrun():
                text.append("  time box over: move on when ready", style="red")
            text.append(self._hint(), style="dim")
        self.query_one("#drill-clock", Static).update(text)

    def _hint(self) -> str:
        if self.phase == "check":
            return "  space: tick/untick · ctrl+n: confirm"
        if self.phase == "rebuild":
            return "  type the arrows · ctrl+n: score them"
        if self.drill.current == SERVING and self.rebuild is not None:
            return "  ctrl+r: rebuild the diagram · ctrl+n: check this step"
        return "  ctrl+n: check this step"

    # -- actions ------------------------------------------------------------------------------
    def action_next(self) -> None:
        if self.phase == "outline":
            self._to_check()
        elif self.phase == "rebuild":
            self._score_rebuild()
        elif self.phase == "check":
            self._confirm()
        else:
            self.dismiss(None)

    def action_rebuild(self) -> None:
        """At the serving step: rebuild the case's serving diagram from memory."""
        if self.phase != "outline" or self.drill.current != SERVING or self.rebuild is None:
            return
        self.phase = "rebuild"
        self.query_one("#drill-outline").display = False
        self.query_one("#drill-rebuild-front", Static).update(self.rebuild.quiz.front)
        self.query_one("#drill-rebuild-front").display = True
        area = self.query_one("#drill-rebuild", TextArea)
        area.display = True
        area.focus()
        self._show_clock()

    def _score_rebuild(self) -> None:
        assert self.rebuild is not None
        typed = self.query_one("#drill-rebuild", TextArea).text
        rebuilt = self.collection.score_rebuild(self.rebuild, typed)
        self.drill.record_rebuild(rebuilt)
        self.query_one("#drill-rebuild-front", Static).update(
            Text.assemble(("Your rebuild: ", "bold"), rebuilt.detail))
        self.phase = "outline"
        self.query_one("#drill-rebuild").display = False
        outline = self.query_one("#drill-outline", TextArea)
        outline.display = True
        outline.focus()
        self._show_clock()

    def action_skip(self) -> None:
        if self.phase == "summary":
            return
        self.drill.skip_step()
        self._after_step()

    def action_leave(self) -> None:
        self.dismiss(None)

    def action_stay(self) -> None:
        self.notify("Escape leaves the drill; ctrl+q quits Blueprint", timeout=4)

    def _to_check(self) -> None:
        outline = self.query_one("#drill-outline", TextArea).text
        ticks = self.drill.suggest(outline)
        if not self.drill.step.points:
            self.drill.finish_step(())
            self._after_step()
            return
        checklist = self.query_one("#drill-checklist", SelectionList)
        checklist.clear_options()
        checklist.add_options([
            Selection(Content(point.text), index, ticked)
            for index, (point, ticked) in enumerate(zip(self.drill.step.points, ticks,
                                                        strict=True))
        ])
        self.phase = "check"
        for name in ("#drill-outline", "#drill-rebuild-front"):
            self.query_one(name).display = False
        checklist.display = True
        checklist.border_title = "Checklist: what your outline covered (suggested ticks)"
        checklist.focus()
        self._show_clock()

    def _confirm(self) -> None:
        checklist = self.query_one("#drill-checklist", SelectionList)
        chosen = set(checklist.selected)
        self.drill.finish_step(tuple(i in chosen for i in range(len(self.drill.step.points))))
        self._after_step()

    def _after_step(self) -> None:
        if self.drill.done:
            self._to_summary()
            return
        self.phase = "outline"
        self.query_one("#drill-checklist").display = False
        outline = self.query_one("#drill-outline", TextArea)
        outline.load_text(self.drill.results[self.drill.current].outline)
        outline.display = True
        outline.focus()
        self._show()

    def _to_summary(self) -> None:
        self.phase = "summary"
        self.summary = self.collection.finish_drill(self.drill)
        for name in ("#drill-outline", "#drill-checklist"):
            self.query_one(name).display = False
        box = self.query_one("#drill-summary", Static)
        box.update(self.summary.text())
        box.display = True
        self._show()
