"""`blueprint drill`: a timed mock interview in the TUI, its plan as JSON, and the history."""

from __future__ import annotations

import json

import click

from app.cells import fit
from app.cli_support import guard, open_collection, run_tui


@click.command("drill")
@click.argument("case", required=False)
@click.option("--minutes", type=click.Choice(["45", "60"]), default="45", show_default=True,
              help="Length of the mock interview (sets each step's time box).")
@click.option("--history", is_flag=True, help="Every drill done: coverage per step, time.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: the history with --history, else the drill's plan.")
@click.pass_context
def drill(ctx: click.Context, case: str | None, minutes: str, history: bool,
          as_json: bool) -> None:
    """Walk a case study through the 7 steps against the clock (the TUI's Drill screen).

    CASE is a case study's file name or title (default: the one drilled least recently).
    """
    @guard
    def run() -> None:
        collection = open_collection(ctx)
        if history:
            _print_history(collection.drill_history(), as_json)
            return
        if as_json:
            plan = collection.start_drill(case, minutes=int(minutes))
            click.echo(json.dumps({
                "case": plan.case, "title": plan.title, "prompt": plan.prompt,
                "minutes": plan.minutes,
                "steps": [{"step": s.index + 1, "name": s.name, "minutes": s.minutes,
                           "checklist": [{"text": p.text, "tags": list(p.tags)}
                                         for p in s.points]} for s in plan.steps],
            }, indent=1, ensure_ascii=False))
            return
        collection.start_drill(case, minutes=int(minutes))  # a clear error before the TUI
        run_tui(ctx, drill=(case, int(minutes)))

    run()


def _print_history(drills: list[dict], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(drills, indent=1, ensure_ascii=False))
        return
    if not drills:
        click.echo("No drills yet: `blueprint drill` starts one.")
        return
    for done in drills:
        covered = sum(step["covered"] for step in done["steps"])
        points = sum(step["points"] for step in done["steps"])
        over = [s["name"] for s in done["steps"] if s["seconds"] > s["minutes"] * 60]
        title = fit(done["title"], 32)  # in terminal cells: a CJK title keeps the columns
        click.echo(f"{done['started_at'][:16]}  {title} {covered:>3}/{points:<3} "
                   f"points  {round(done['seconds'] / 60)} of {done['minutes']} min"
                   + (f"  over: {', '.join(over)}" if over else ""))
