"""`blueprint suggest PATH... [--out FILE.md] [--json] [--cap N]`: drafts from plain notes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.cells import fit
from app.cli_support import guard
from importers.suggest import DEFAULT_CAP


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the drafts in card syntax to this new Markdown file.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of suggestions.")
@click.option("--cap", type=click.IntRange(min=0), default=DEFAULT_CAP, show_default=True,
              help="Suggestions kept per section (heading), best first; 0 keeps all.")
def suggest(paths: tuple[Path, ...], out: Path | None, as_json: bool, cap: int) -> None:
    """Draft cards from plain notes' structure (never writes into the notes)."""
    @guard
    def run() -> None:
        from app.core.collection import Collection
        from app.core.suggesting import write_drafts

        result = Collection.suggest(list(paths), cap=cap or None)
        for problem in result.problems:
            click.echo(str(problem), err=True)
        if as_json:
            click.echo(json.dumps([s.to_json() for s in result.suggestions],
                                  ensure_ascii=False, indent=1))
        elif out is None:
            for s in result.suggestions:
                shown = " / ".join(s.front.splitlines())
                answer = " / ".join(s.back.splitlines())
                click.echo(f"{s.source_path}:{s.line}  [{s.rule}] {fit(shown, 70).rstrip()}"
                           + (f"  →  {fit(answer, 50).rstrip()}" if answer else ""))
        if out is not None:
            write_drafts(result, out)
        with_some = sum(1 for n in result.counts.values() if n)
        summary = (f"{len(result.suggestions)} suggestions from {with_some} of "
                   f"{len(result.counts)} files")
        click.echo(summary + (f"; drafts written to {out}" if out else ""), err=as_json)
        if result.problems:
            sys.exit(1)

    run()
