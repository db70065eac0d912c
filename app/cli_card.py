"""`blueprint card show`: a card as the review shows it, for a preview or a scripted check."""

from __future__ import annotations

import click

from app.cli_support import guard, open_collection


@click.group()
def card() -> None:
    """Look at one card."""


@card.command("show")
@click.argument("ident")
@click.option("--back", is_flag=True, help="Show the answer side too.")
@click.option("--width", type=click.IntRange(20, 400), help="Drawing width (default: terminal).")
@click.option("--height", type=click.IntRange(5, 400),
              help="Rows the drawing may take, as the review's diagram area (default: any).")
@click.option("--answer", help="Grade this typed answer and show the back as the review does "
                               "(a rebuild's back marks the arrows missed and wrong).")
@click.pass_context
@guard
def card_show(ctx: click.Context, ident: str, back: bool, width: int | None, height: int | None,
              answer: str | None) -> None:
    """Print a card as the review shows it (ID: from `list`, a unique prefix, or DIAGRAM:KEY)."""
    from rich.console import Console

    collection = open_collection(ctx)
    found = collection.find_card(ident)
    console = Console(width=width) if width else Console()
    console.print(collection.card_preview(found, back=back or answer is not None,
                                          width=min(console.width, 120), height=height,
                                          answer=answer))
