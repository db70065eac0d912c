"""Scheduling commands: `import-reviews`, `eval`, `optimize`, `deck set`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.cli_support import guard, open_collection


@click.command("import-reviews")
@click.argument("log", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--deck", help="Deck for the cards made from the log's ids (default: Review log).")
@click.pass_context
def import_reviews(ctx: click.Context, log: Path, deck: str | None) -> None:
    """Read a review log: a CSV (card_id, review_rating, review_time, review_duration) or an
    Anki export (.apkg, .colpkg)."""
    @guard
    def run() -> None:
        if log.suffix.lower() in (".apkg", ".colpkg"):
            from app.export.package import import_anki_reviews

            report = import_anki_reviews(open_collection(ctx), log, deck=deck)
        else:
            report = open_collection(ctx).import_review_log(log, deck=deck)
        for problem in report.problems:
            click.echo(problem, err=True)
        click.echo(report.summary())
        if report.problems:
            sys.exit(1)

    run()


@click.command("eval")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--fit", is_flag=True, help="Also fit parameters on each fold's past and score "
              "them on the fold (needs PyTorch; minutes on a large log).")
@click.pass_context
def eval_cmd(ctx: click.Context, as_json: bool, fit: bool) -> None:
    """How well the parameters predict your recall, beside FSRS defaults and a constant mean."""
    @guard
    def run() -> None:
        report = open_collection(ctx).evaluate(fit=fit)
        if as_json:
            click.echo(json.dumps(report.as_json(), indent=1))
            return
        for line in report.table():
            click.echo(line)

    run()


@click.command()
@click.option("--yes", is_flag=True, help="Apply the fitted parameters without asking.")
@click.option("--undo", is_flag=True, help="Restore the parameters in force before the last "
              "optimize and reschedule.")
@click.pass_context
def optimize(ctx: click.Context, yes: bool, undo: bool) -> None:
    """Fit FSRS parameters to your own reviews (needs the optional PyTorch)."""
    @guard
    def run() -> None:
        from app.core.optimizing import comparison_lines

        collection = open_collection(ctx)
        if undo:
            moved = collection.undo_parameters()
            click.echo(f"previous parameters restored; {moved} cards rescheduled from their log")
            return
        click.echo("fitting FSRS parameters to your review log (about a minute per 5,000 "
                   "reviews)...", err=True)
        proposal = collection.propose_parameters()
        for line in comparison_lines(proposal):
            click.echo(line)
        if not proposal.better:
            click.echo("the fitted parameters predict your reviews no better; nothing changed")
            return
        if not yes and not _confirm("apply them and reschedule every reviewed card?"):
            click.echo("nothing changed")
            return
        moved = collection.apply_parameters(proposal)
        click.echo(f"applied; {moved} cards rescheduled from their log "
                   "('blueprint optimize --undo' restores the previous parameters)")

    run()


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        click.echo(f"{question} (not asked: no terminal; pass --yes to apply)")
        return False
    return click.confirm(question, default=False)


@click.group()
def deck() -> None:
    """Deck options: desired retention and daily limits, for a deck and its subdecks."""


@deck.command("set")
@click.argument("name")
@click.option("--retention", type=float, help="Desired retention, 0.70-0.99 (default 0.90).")
@click.option("--new", "new_per_day", type=int, help="New cards per day (default 20).")
@click.option("--reviews", "reviews_per_day", type=int, help="Reviews per day (default 200).")
@click.option("--day-start", "day_start_hour", type=int,
              help="Hour (local, 0-23) a study day starts (default 4).")
@click.pass_context
def deck_set(ctx: click.Context, name: str, retention: float | None, new_per_day: int | None,
             reviews_per_day: int | None, day_start_hour: int | None) -> None:
    """Set options on DECK; they apply to DECK and every deck under it."""
    @guard
    def run() -> None:
        from app.core.deck_options import workload_warning

        options = open_collection(ctx).set_deck_options(
            name, retention=retention, new_per_day=new_per_day,
            reviews_per_day=reviews_per_day, day_start_hour=day_start_hour)
        click.echo(f"{name} (and its subdecks): retention {options.retention:.2f}, "
                   f"{options.new_per_day} new and {options.reviews_per_day} reviews a day, "
                   f"day starts at {options.day_start_hour:02d}:00")
        warning = workload_warning(options.retention)
        if warning:
            click.echo(f"note: {warning}")

    run()
