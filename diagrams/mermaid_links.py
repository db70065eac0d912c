"""Mermaid flowchart links: `-->`, `---`, `-.->`, `==>`, `~~~`, `<-->`, `--x`, `--o`, and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from diagrams.mermaid_text import label_text, unquote

# Whole links, as Mermaid's lexer reads them (leading blanks allowed, trailing blanks eaten).
_FULL = (
    re.compile(r"[ \t]*([xo<]?-{2,}[-xo>])[ \t\n]*"),
    re.compile(r"[ \t]*([xo<]?={2,}[=xo>])[ \t\n]*"),
    re.compile(r"[ \t]*([xo<]?-?\.+-[xo>]?)[ \t\n]*"),
    re.compile(r"[ \t]*(~{3,})[ \t\n]*"),
)
# Openings of a link with its text in the middle (`-- text -->`), each with the link's end.
_OPEN = (
    (
        re.compile(r"[ \t]*([xo<]?--)"),
        re.compile(r"--"),
        re.compile(r"([xo<]?-{2,}[-xo>])[ \t\n]*"),
    ),
    (
        re.compile(r"[ \t]*([xo<]?==)"),
        re.compile(r"=="),
        re.compile(r"([xo<]?={2,}[=xo>])[ \t\n]*"),
    ),
    (re.compile(r"[ \t]*([xo<]?-\.)"), re.compile(r"\.-"), re.compile(r"(\.+-[xo>]?)[ \t\n]*")),
)
_PIPE_RE = re.compile(r"[ \t]*\|")
_ANY_END = re.compile(r"-{2,}[-xo>]|={2,}[=xo>]|\.+-[xo>]?")


@dataclass(frozen=True)
class Link:
    """One parsed link: Mermaid's stroke, arrow type and rank length, its text, where it ends."""

    stroke: str
    arrow: str
    length: int
    text: str | None
    end: int


def _end_parts(token: str) -> tuple[str, str, int]:
    """Stroke, arrow and length of a link's end token, following Mermaid's own reading."""
    last, line = token[-1], token[:-1]
    arrow = "arrow_open"
    for head, name, double in (
        ("x", "arrow_cross", "x"),
        (">", "arrow_point", "<"),
        ("o", "arrow_circle", "o"),
    ):
        if last == head:
            arrow = name
            if token.startswith(double) and len(token) > 2:
                arrow, line = "double_" + name, line[1:]
    stroke, length = "normal", len(line) - 1
    if line.startswith("="):
        stroke = "thick"
    elif line.startswith("~"):
        stroke = "invisible"
    dots = line.count(".")
    if dots:
        stroke, length = "dotted", dots
    return stroke, arrow, max(length, 1)


def _start_parts(token: str) -> tuple[str, str]:
    arrow = {"<": "arrow_point", "x": "arrow_cross", "o": "arrow_circle"}.get(
        token[0], "arrow_open"
    )
    stroke = "thick" if "=" in token else "dotted" if "." in token else "normal"
    return stroke, arrow


def _pipe_text(s: str, i: int) -> tuple[str | None, int] | str:
    pipe = _PIPE_RE.match(s, i)
    if pipe is None:
        return None, i
    start = pipe.end()
    if s.startswith('"', start):
        close_quote = s.find('"', start + 1)
        close = s.find("|", close_quote + 1) if close_quote >= 0 else -1
    else:
        close = s.find("|", start)
    newline = s.find("\n", start)
    if close < 0 or (newline >= 0 and newline < close and not s.startswith('"', start)):
        return "edge label opened with `|` is never closed: end it with `|`"
    body, markdown = unquote(s[start:close])
    end = re.compile(r"[ \t\n]*").match(s, close + 1)
    assert end is not None
    return label_text(body, markdown=markdown), end.end()


def read_link(s: str, i: int) -> Link | str | None:
    """The link starting at `s[i]`; None if there is none; a message if it is malformed."""
    for pattern in _FULL:
        match = pattern.match(s, i)
        if match:
            stroke, arrow, length = _end_parts(match.group(1))
            piped = _pipe_text(s, match.end())
            if isinstance(piped, str):
                return piped
            text, end = piped
            return Link(stroke, arrow, length, text, end if text is not None else match.end())
    for opening, stop, closing in _OPEN:
        match = opening.match(s, i)
        if not match:
            continue
        line_end = s.find("\n", match.end())
        line_end = len(s) if line_end < 0 else line_end
        stop_at = stop.search(s, match.end(), line_end)
        if stop_at is None and _ANY_END.search(s, match.end(), line_end) is None:
            # Mermaid lets an edge text run on over lines (`A --assign` / `to --> B`)
            stop_at = stop.search(s, match.end())
        close = closing.match(s, stop_at.start()) if stop_at else None
        if stop_at is None or close is None:
            other = _ANY_END.search(s, match.end(), line_end)
            if other is not None:
                return (
                    f"edge starts with `{match.group(1).strip()}` but ends with "
                    f"`{other.group()}`: use the same stroke on both sides "
                    "(`-- x -->`, `== x ==>`, `-. x .->`)"
                )
            return (
                f"edge label opened with `{match.group(1).strip()}` is never closed: "
                "finish it with an arrow such as `-- text -->`"
            )
        body, markdown = unquote(s[match.end() : stop_at.start()])
        if "\n" in body:  # each line of a text that runs on is trimmed, as Mermaid does
            body = "\n".join(line.strip() for line in body.split("\n"))
        stroke, arrow, length = _end_parts(close.group(1))
        start_stroke, start_arrow = _start_parts(match.group(1))
        if start_stroke != stroke:
            return (
                f"edge starts with `{match.group(1).strip()}` but ends with `{close.group(1)}`: "
                "use the same stroke on both sides (`-- x -->`, `== x ==>`, `-. x .->`)"
            )
        if start_arrow != "arrow_open":
            if start_arrow != arrow.removeprefix("double_"):
                return (
                    f"edge heads `{match.group(1).strip()}` and `{close.group(1)}` differ: "
                    "use matching heads"
                )
            arrow = "double_" + start_arrow
        return Link(stroke, arrow, length, label_text(body, markdown=markdown), close.end())
    return None
