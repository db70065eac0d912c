"""`blueprint export anki OUT.apkg [--deck D]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def export() -> None:
    """Export decks to other tools."""


@export.command("anki")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--deck", help="Only this deck and its subdecks.")
@click.option("--no-image-occlusion", is_flag=True,
              help="Leave out the native Image Occlusion notes of diagrams.")
@click.pass_context
def export_anki(ctx: click.Context, out: Path, deck: str | None,
                no_image_occlusion: bool) -> None:
    """Write an Anki package (.apkg) of every active card."""
    from app.cli import _guard, _open_store

    @_guard
    def run() -> None:
        from app.export.anki import write_apkg
        from app.export.from_store import cache_dir, export_values
        from app.export.progress import cli_progress

        store = _open_store(ctx)
        cards, diagrams, problems = export_values(store, deck)
        if not cards:
            click.echo(f"nothing to export{' in deck ' + deck if deck else ''}: import notes "
                       "first (blueprint import PATH)", err=True)
            sys.exit(1)
        with cli_progress("Exporting") as progress:
            report = write_apkg(cards, diagrams, out, image_occlusion=not no_image_occlusion,
                                cache_dir=cache_dir(store), progress=progress)
        for problem in (*problems, *report.problems):
            click.echo(problem, err=True)
        click.echo(f"{report.notes} notes, {report.cards} cards, {report.media} media files "
                   f"written to {out}")

    run()


@click.command("sync-anki")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def sync_anki(ctx: click.Context, package: Path) -> None:
    """Bring reviews made in Anki (an .apkg/.colpkg exported on the phone) back."""
    from app.cli import _guard, _open_store

    @_guard
    def run() -> None:
        from app.export.phone import merge_phone_reviews

        store = _open_store(ctx)
        result = merge_phone_reviews(store, package)
        for problem in result.problems:
            click.echo(problem, err=True)
        click.echo(result.summary())
        if result.problems:
            sys.exit(1)

    run()
