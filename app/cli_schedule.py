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
    """Read a review log CSV (card_id, review_rating, review_time, review_duration)."""
    @guard
    def run() -> None:
        report = open_collection(ctx).import_review_log(log, deck=deck)
        for problem in report.problems:
            click.echo(problem, err=True)
        click.echo(report.summary())
        if report.problems:
            sys.exit(1)

    run()


@click.command("eval")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def eval_cmd(ctx: click.Context, as_json: bool) -> None:
    """How well the parameters predict your recall, beside FSRS defaults and a constant mean."""
    @guard
    def run() -> None:
        report = open_collection(ctx).evaluate()
        if as_json:
            click.echo(json.dumps(report.as_json(), indent=1))
            return
        for line in report.table():
            click.echo(line)

    run()
