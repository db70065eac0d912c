"""`blueprint diagram show|render FILE[:N]`: one diagram of a note, drawn or as JSON."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from app.cli_support import guard
from app.core.errors import BlueprintError, UsageError


def load_diagram(spec: str):  # type: ignore[no-untyped-def]
    """`notes.md:2` -> the 2nd diagram of notes.md (the first without `:N`)."""
    import diagrams
    from app.core.files import NoteFile, display, read_note
    from importers.diagram_cards import default_diagram_id
    from importers.markdown import parse_note

    m = re.fullmatch(r"(.+?):(\d+)", spec)
    path, index = (Path(m.group(1)), int(m.group(2))) if m else (Path(spec), 1)
    if not path.is_file():
        raise UsageError(f"{spec}: no such file", "give a Markdown file, e.g. notes.md:1")
    note = NoteFile(path.resolve().parent, path.resolve(), path.name)
    read = read_note(note, path.stat().st_size)
    if read.problem is not None:
        raise BlueprintError(str(read.problem), "")
    assert read.text is not None
    parsed = parse_note(read.text, display(path))
    if not parsed.diagrams:
        raise UsageError(f"{display(path)}: no ```mermaid or ```dot block in this file",
                         "add a diagram or name another file")
    if not m and len(parsed.diagrams) > 1:  # never silently the first of several
        listed = "; ".join(f"{path}:{n} (line {b.line})"
                           for n, b in enumerate(parsed.diagrams, 1))
        raise UsageError(f"{path} has {len(parsed.diagrams)} diagrams: {listed}",
                         f"name one, e.g. {path}:2")
    if not 1 <= index <= len(parsed.diagrams):
        raise UsageError(f"{display(path)} has {len(parsed.diagrams)} diagrams, not {index}",
                         f"use :1 to :{len(parsed.diagrams)}")
    block = parsed.diagrams[index - 1]
    diagram, diagnostics = diagrams.parse_block(block.source, block.lang, first_line=block.line,
                                                default_id=default_diagram_id(block))
    for d in diagnostics:
        click.echo(f"{display(path)}:{d.line}: {d.message}", err=True)
    if diagram is None:
        sys.exit(1)
    return diagram


def _check_blank(diagram, blank: str | None) -> None:  # type: ignore[no-untyped-def]
    if blank is not None and blank not in diagram.graph:
        raise UsageError(f"no node '{blank}' in diagram '{diagram.id}'",
                         "nodes: " + ", ".join(map(str, diagram.graph.nodes)))


@click.group()
def diagram() -> None:
    """Architecture diagrams of notes."""


@diagram.command()
@click.argument("spec", metavar="FILE[:N]")
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
@click.argument("spec", metavar="FILE[:N]")
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
