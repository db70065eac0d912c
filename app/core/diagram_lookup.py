"""Finding diagrams: every diagram of some notes (`diagram list`), and one diagram named as
`FILE:LINE` (the block holding that line), `FILE` (its only diagram) or a diagram id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import BlueprintError, UsageError
from app.core.files import NoteFile, discover, display, read_note
from importers.model import DiagramBlock, Problem


@dataclass(frozen=True)
class FoundDiagram:
    """One diagram block of a note: where it is, its id, and the parsed diagram (None when it
    does not parse; `problems` say why)."""

    path: str  # as the user named it
    first_line: int  # the fence line
    last_line: int  # the closing fence line
    block: DiagramBlock
    diagram: Any  # diagrams.model.Diagram | None
    problems: tuple[Problem, ...]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.first_line}"

    @property
    def id(self) -> str:
        from importers.diagram_cards import default_diagram_id

        return self.diagram.id if self.diagram is not None else default_diagram_id(self.block)

    def as_json(self) -> dict:
        d = self.diagram
        stages = [] if d is None else list(d.graph.nodes)
        return {"source": self.where, "id": self.id, "lang": self.block.lang,
                "nodes": len(stages), "edges": 0 if d is None else d.graph.number_of_edges(),
                "budget_ms": None if d is None else d.budget_ms,
                "problems": [str(p) for p in self.problems]}


def diagrams_in_file(path: Path) -> list[FoundDiagram]:
    """Every diagram block of one Markdown file, parsed, in order."""
    import diagrams
    from importers.diagram_cards import default_diagram_id
    from importers.markdown import parse_note

    note = NoteFile(path.resolve().parent, path.resolve(), path.name)
    read = read_note(note, path.stat().st_size)
    if read.problem is not None:
        raise BlueprintError(str(read.problem), "fix the file or name another one")
    assert read.text is not None
    shown = display(path)
    found = []
    for block in parse_note(read.text, path.name).diagrams:  # default ids from the file name
        diagram, diagnostics = diagrams.parse_block(
            block.source, block.lang, first_line=block.line, default_id=default_diagram_id(block))
        problems = tuple(Problem(shown, x.line, x.message) for x in diagnostics)
        last = block.line + len(block.source.splitlines())
        found.append(FoundDiagram(shown, block.line - 1, last, block, diagram, problems))
    return found


def diagrams_in(paths: list[Path]) -> tuple[list[FoundDiagram], list[Problem]]:
    """Every diagram of these files and folders (Markdown files found as import finds them)."""
    groups, problems = discover(paths)
    found: list[FoundDiagram] = []
    for group in groups:
        for note in group.files:
            try:
                found.extend(diagrams_in_file(note.path))
            except BlueprintError as exc:
                problems.append(Problem(display(note.path), 0, exc.message))
    return found, problems


def find_diagram(spec: str, stored: Any = None) -> Any:
    """The diagram `spec` names: `FILE:LINE`, `FILE`, or a diagram id stored in the collection
    (`stored(id)` returns the stored row or None)."""
    import diagrams

    m = re.fullmatch(r"(.+?):(\d+)", spec)
    path = Path(m.group(1)) if m else Path(spec)
    if not path.is_file():
        row = stored(spec) if stored is not None else None
        if row is not None:
            diagram, _ = diagrams.parse_block(row["source"], row["lang"],
                                              first_line=row["line"], default_id=spec)
            if diagram is not None:
                return diagram
        raise UsageError(f"{spec}: no such file or diagram id",
                         "name a Markdown file (notes.md or notes.md:LINE) or a diagram id; "
                         "`blueprint diagram list PATH` lists them")
    found = diagrams_in_file(path)
    if not found:
        raise UsageError(f"{display(path)}: no ```mermaid or ```dot block in this file",
                         "add a diagram or name another file")
    listing = "; ".join(f"{f.where} {f.id}" for f in found)
    if m:
        line = int(m.group(2))
        chosen = [f for f in found if f.first_line <= line <= f.last_line]
        if not chosen:
            raise UsageError(f"{display(path)}:{line} is in no diagram block",
                             f"its diagrams: {listing}")
    elif len(found) > 1:  # never silently the first of several
        raise UsageError(f"{display(path)} has {len(found)} diagrams: {listing}",
                         "name one by FILE:LINE or by its id")
    else:
        chosen = found
    if chosen[0].diagram is None:
        raise BlueprintError(f"{chosen[0].where}: the diagram does not parse",
                             f"run 'blueprint check {display(path)}'")
    return chosen[0].diagram
