"""`blueprint export anki OUT.apkg [--deck D]` and `blueprint sync-anki PACKAGE`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.cli_support import guard, open_collection


@click.group()
def export() -> None:
    """Export decks to other tools."""


@export.command("anki")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--deck", help="Only this deck and its subdecks.")
@click.option("--no-image-occlusion", is_flag=True,
              help="Leave out the native Image Occlusion notes of diagrams.")
@click.pass_context
@guard
def export_anki(ctx: click.Context, out: Path, deck: str | None,
                no_image_occlusion: bool) -> None:
    """Write an Anki package (.apkg) of every active card."""
    from app.export.package import export_anki as write_package
    from app.export.progress import cli_progress

    collection = open_collection(ctx)
    with cli_progress("Exporting") as progress:
        report = write_package(collection, out, deck=deck,
                               image_occlusion=not no_image_occlusion, progress=progress)
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(report.summary())


@click.command("sync-anki")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@guard
def sync_anki(ctx: click.Context, package: Path) -> None:
    """Bring reviews made in Anki (an .apkg/.colpkg exported on the phone) back."""
    from app.export.package import sync_anki as read_package

    result = read_package(open_collection(ctx), package)
    for problem in result.problems:
        click.echo(problem, err=True)
    click.echo(result.summary())
    if result.problems:
        sys.exit(1)
