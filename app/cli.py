"""The `blueprint` command: thin; parses arguments, calls the core, turns errors into messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.cli_lazy import LazyGroup
from app.cli_support import guard, open_collection, run_tui, write_json_array
from app.core.errors import ImportProblems


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option("--collection", type=click.Path(dir_okay=False, path_type=Path),
              help="Collection file (default: $BLUEPRINT_COLLECTION or the user data folder).")
@click.version_option(package_name="blueprint")
@click.pass_context
def main(ctx: click.Context, collection: Path | None) -> None:
    """Blueprint: flashcards and diagram recall for ML system design interviews."""
    ctx.ensure_object(dict)
    ctx.obj["collection"] = collection
    if ctx.invoked_subcommand is None:
        _run_tui(ctx, review_deck=None, review=False)


@guard
def _run_tui(ctx: click.Context, *, review_deck: str | None, review: bool) -> None:
    run_tui(ctx, review_deck=review_deck, start_review=review)


@main.command()
@click.option("--deck", help="Study only this deck (and its subdecks).")
@click.pass_context
def review(ctx: click.Context, deck: str | None) -> None:
    """Open the TUI straight into a review session."""
    _run_tui(ctx, review_deck=deck, review=True)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--deck", help="Put every imported card into this deck.")
@click.option("--strict", is_flag=True, help="Any problem aborts the import; nothing is written.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--verbose", "-v", is_flag=True, help="List each added, changed or revived card.")
@click.option("--allow-retire", is_flag=True,
              help="Retire cards even when more than half of a notes root's cards would go.")
@click.pass_context
@guard
def import_cmd(ctx: click.Context, paths: tuple[Path, ...], deck: str | None, strict: bool,
               dry_run: bool, verbose: bool, allow_retire: bool) -> None:
    """Import Markdown files or folders."""
    collection = open_collection(ctx)
    try:
        report = collection.import_paths(
            list(paths), deck=deck, strict=strict, dry_run=dry_run, allow_retire=allow_retire,
            changes=verbose,
            waiting=lambda: click.echo("another import is writing to this collection: waiting "
                                       "for it to finish", err=True))
    except ImportProblems as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise
    for problem in report.problems:
        click.echo(str(problem), err=True)
    for notice in report.notices:  # information, not errors: on stdout
        click.echo(str(notice))
    if report.notices:
        click.echo(_notices_line(len(report.notices)))
    if verbose:
        for what, where in report.changes:
            click.echo(f"{what}: {where}")
    if report.without_cards:
        from app.core.suggesting import no_cards_hint
        click.echo(no_cards_hint(report.without_cards, list(paths)))
    if report.osr_notes and not dry_run:
        for unplaced in report.osr_unplaced:
            click.echo(str(unplaced))
        from app.core.osr_import import osr_summary

        click.echo(osr_summary(report))
    if dry_run:
        click.echo("(dry run: nothing was written)")
    click.echo(report.summary())
    if report.problems:
        sys.exit(1)


def _notices_line(count: int) -> str:
    return (f"{count} notice{'s' if count != 1 else ''}: content skipped on purpose (such as "
            "diagram types other than flowcharts); not problems, nothing to fix")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@guard
def check(paths: tuple[Path, ...]) -> None:
    """Parse only: print every problem as path:line: message; exit 1 if any."""
    from app.core.collection import Collection

    result = Collection.check(list(paths))
    for problem in result.problems + result.notices:
        click.echo(str(problem))
    if result.notices:
        click.echo(_notices_line(len(result.notices)))
    if result.without_cards:
        from app.core.suggesting import no_cards_hint
        click.echo(no_cards_hint(result.without_cards, list(paths)))
    click.echo(f"{result.files} files, {result.cards} cards, {result.diagrams} diagrams, "
               f"{len(result.problems)} problems")
    if result.problems:
        sys.exit(1)


@main.command("list")
@click.option("--deck", help="Only this deck and its subdecks.")
@click.option("--due", is_flag=True, help="Only cards due today.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
@guard
def list_cmd(ctx: click.Context, deck: str | None, due: bool, as_json: bool) -> None:
    """List cards."""
    from app.core.queries import card_json, state_name

    cards = open_collection(ctx).iter_cards(deck=deck, due=due)  # streamed: constant memory
    if as_json:
        write_json_array(card_json(c) for c in cards)
        return
    from app.cells import fit, fit_middle

    listed = 0
    for c in cards:  # widths in terminal cells: CJK and emoji take two
        front = fit(c.front.replace("\n", " "), 60).rstrip()
        click.echo(f"{c.uid[:16]:16}  {state_name(c):10}  {fit_middle(c.deck, 30)}  {front}")
        listed += 1
    click.echo(f"{listed} cards")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--simulate", is_flag=True,
              help="Also simulate the reviews a day ahead (FSRS; slower on big collections).")
@click.option("--new", "new_per_day", type=click.IntRange(0, 9999), default=None,
              help="New cards a day for the simulated workload (default 20; implies --simulate).")
@click.option("--retention", type=click.FloatRange(0.7, 0.99), default=None,
              help="Desired retention for the simulated workload (default 0.9; implies "
                   "--simulate).")
@click.pass_context
@guard
def stats(ctx: click.Context, as_json: bool, simulate: bool, new_per_day: int | None,
          retention: float | None) -> None:
    """Counts by state, due today, reviews today and in total; the 30-day forecast."""
    collection = open_collection(ctx)
    data = collection.stats()
    simulate = simulate or new_per_day is not None or retention is not None
    new_per_day = 20 if new_per_day is None else new_per_day
    retention = 0.9 if retention is None else retention
    data.update(collection.forecast(new_per_day=new_per_day, retention=retention,
                                    simulate=simulate))
    if as_json:
        click.echo(json.dumps(data, indent=1))
        return
    cards = data["cards"]
    click.echo("cards: " + ", ".join(f"{n} {k}" for k, n in cards.items()))
    click.echo(f"due today: {data['due_today']}   reviews today: {data['reviews_today']}   "
               f"reviews in total: {data['reviews_total']}   diagrams: {data['diagrams']}")
    due = [d["due"] for d in data["forecast"]]
    click.echo(f"due in the next 7 days: {' '.join(map(str, due[:7]))}   (30 days: {sum(due)})")
    if not simulate:
        return
    load = [d["reviews"] for d in data["simulation"]["reviews"]]
    click.echo(f"simulated reviews a day at {new_per_day} new/day and retention {retention:.2f}: "
               f"{' '.join(map(str, load[:7]))} ...   (30 days: {sum(load)})")


# The other commands (export, diagram, card, suggest, drill, ...) load on first use:
# app/cli_lazy.py names them.
