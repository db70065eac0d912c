"""The part of a Mermaid block before its statements: front matter, directives, comments, header."""

from __future__ import annotations

import re

from diagrams.metadata import Metadata
from diagrams.model import Diagnostic

DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "RL": "RL", "LR": "LR"}
DIRECTIONS.update({">": "LR", "<": "RL", "^": "BT", "v": "TB"})
HEADER_RE = re.compile(r"[ \t]*(flowchart-elk|flowchart|graph)(?=[\s;]|$)[ \t]*([^\s;]*)")
_OTHER_TYPES_RE = re.compile(
    r"[ \t]*(sequenceDiagram|classDiagram(?:-v2)?|stateDiagram(?:-v2)?|erDiagram|gantt|pie|"
    r"journey|gitGraph|mindmap|timeline|quadrantChart|requirementDiagram|sankey(?:-beta)?|"
    r"xychart(?:-beta)?|block(?:-beta)?|packet(?:-beta)?|architecture(?:-beta)?|kanban|"
    r"radar(?:-beta)?|treemap(?:-beta)?|C4Context|C4Container|C4Component|C4Dynamic|"
    r"C4Deployment|zenuml|info)\b"
)


def strip_preamble(source: str, first_line: int, meta: Metadata) -> str | Diagnostic:
    """Blank front matter, directives and `%%` comment lines (reading metadata), keeping lines."""
    lines = source.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start < len(lines) and lines[start].strip() == "---":
        close = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), None)
        if close is None:
            return Diagnostic(
                first_line + start, "front matter opened with `---` is never closed: add `---`"
            )
        for i in range(start, close + 1):
            lines[i] = ""
    in_directive = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if in_directive or stripped.startswith("%%{"):
            in_directive = "}%%" not in stripped
            lines[i] = ""
        elif stripped.startswith("%%"):
            meta.read(stripped[2:], first_line + i)
            lines[i] = ""
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        return Diagnostic(first_line, "empty diagram: start the block with `flowchart LR`")
    header = lines[header_at]
    other = _OTHER_TYPES_RE.match(header)
    if other:
        return Diagnostic(
            first_line + header_at,
            f"{other.group(1)} is not supported, only flowcharts (`flowchart`/`graph`) become "
            "diagram cards: block skipped",
            notice=True,
        )
    if not HEADER_RE.match(header):
        return Diagnostic(
            first_line + header_at,
            f"no diagram type in {header.strip()[:40]!r}: start the block with a header line "
            "such as `flowchart LR` (or `graph TD`); block skipped",
        )
    return "\n".join(lines)
