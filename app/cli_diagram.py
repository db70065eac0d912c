"""`blueprint diagram list|show|render`: the diagrams of notes; one drawn, rendered or as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.cli_support import guard, open_collection
from app.core.errors import BlueprintError, UsageError


def load_diagram(spec: str):  # type: ignore[no-untyped-def]
    """`notes.md:LINE` -> the diagram whose block holds that line; `notes.md` -> its only
    diagram; otherwise a diagram id stored in the collection."""
    from app.core.diagram_lookup import find_diagram

    def stored(diagram_id: str) -> dict | None:
        ctx = click.get_current_context()
        return open_collection(ctx).store.diagram(diagram_id)

    return find_diagram(spec, stored)


def _check_blank(diagram, blank: str | None) -> None:  # type: ignore[no-untyped-def]
    if blank is not None and blank not in diagram.graph:
        raise UsageError(f"no node '{blank}' in diagram '{diagram.id}'",
                         "nodes: " + ", ".join(map(str, diagram.graph.nodes)))


@click.group()
def diagram() -> None:
    """Architecture diagrams of notes."""


@diagram.command("list")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_diagrams(paths: tuple[Path, ...], as_json: bool) -> None:
    """Every diagram in these notes: FILE:LINE, id, nodes, edges, budget."""
    @guard
    def run() -> None:
        from app.core.diagram_lookup import diagrams_in

        found, problems = diagrams_in(list(paths))
        for problem in problems:
            click.echo(str(problem), err=True)
        if as_json:
            click.echo(json.dumps([f.as_json() for f in found], indent=1, ensure_ascii=False))
        else:
            for f in found:
                d = f.as_json()
                budget = f"budget {d['budget_ms']:g} ms" if d["budget_ms"] else "no budget"
                click.echo(f"{f.where}  {f.id}  {d['nodes']} nodes, {d['edges']} edges, {budget}"
                           + ("  (does not parse)" if f.diagram is None else ""))
        if problems or any(f.diagram is None for f in found):
            sys.exit(1)

    run()


@diagram.command()
@click.argument("spec", metavar="FILE[:LINE]|ID")
@click.option("--blank", help="Hide this node (by its Mermaid id).")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed graph as JSON.")
def show(spec: str, blank: str | None, as_json: bool) -> None:
    """Draw a diagram in the terminal (no Graphviz needed)."""
    @guard
    def run() -> None:
        import diagrams

        d = load_diagram(spec)
        _check_blank(d, blank)
        if as_json:
            click.echo(json.dumps(diagrams.to_json(d), indent=1, ensure_ascii=False))
            return
        from rich.console import Console

        from diagrams.terminal import draw

        console = Console()
        console.print(draw(d, blank=blank, width=min(console.width, 120)))

    run()


@diagram.command()
@click.argument("spec", metavar="FILE[:LINE]|ID")
@click.option("-o", "--output", "out", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="OUT.svg or OUT.png")
@click.option("--blank", help="Hide this node (by its Mermaid id).")
def render(spec: str, out: Path, blank: str | None) -> None:
    """Render a diagram to SVG or PNG with Graphviz."""
    @guard
    def run() -> None:
        import shutil
        import tempfile

        from diagrams.render_image import GraphvizMissing, render_image

        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png"):
            raise UsageError(f"{out}: unknown image type", "name the output .svg or .png")
        d = load_diagram(spec)
        _check_blank(d, blank)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                made = render_image(d, "svg" if fmt == "svg" else "png", blank=blank,
                                    cache_dir=Path(tmp))
            except GraphvizMissing as exc:
                raise BlueprintError(str(exc), "") from exc
            shutil.copyfile(made, out)
        click.echo(f"wrote {out}")

    run()
