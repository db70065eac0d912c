"""Top-down box drawing of a diagram for the terminal, as a rich Text; needs no Graphviz.

Layout choice: grandalf's Sugiyama layering and crossing reduction, then our own character-grid
placement, ports and channel routing (terminal_layout.py). The team measured termaid too: its
output is good but it slows down past 20 nodes and it would be a second Mermaid parser beside ours;
grandalf works on the parsed graph, orders a 20-node graph in a few milliseconds, and leaves the
drawing to us, so a blank, offline edges and latencies look the way the quiz needs.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.text import Text

from diagrams.display import node_lines
from diagrams.model import Diagram
from diagrams.terminal_fit import Route, plan
from diagrams.terminal_layout import Item, Layout
from diagrams.terminal_links import DOTTED, MISSED, THICK, WRONG
from diagrams.view import View, strip_durations

N, E, S, W = 1, 2, 4, 8
_LIGHT = {N | S: "│", E | W: "─", S | E: "┌", S | W: "┐", N | E: "└", N | W: "┘",
          N | S | E: "├", N | S | W: "┤", E | W | S: "┬", E | W | N: "┴", N | E | S | W: "┼",
          N: "╵", S: "╷", E: "╶", W: "╴"}
_HEAVY = {N | S: "┃", E | W: "━", S | E: "┏", S | W: "┓", N | E: "┗", N | W: "┛",
          N | S | E: "┣", N | S | W: "┫", E | W | S: "┳", E | W | N: "┻", N | E | S | W: "╋",
          N: "╹", S: "╻", E: "╺", W: "╸"}
_DOTTED = {N | S: "┆", E | W: "┄"}
_DOUBLE = {N | S: "║", E | W: "═", S | E: "╔", S | W: "╗", N | E: "╚", N | W: "╝",
           N | S | E: "╠", N | S | W: "╣", E | W | S: "╦", E | W | N: "╩", N | E | S | W: "╬",
           N: "║", S: "║", E: "═", W: "═"}
_SWAP = {N: W, W: N, S: E, E: S}  # transposing a drawing swaps these directions
_LINE_STYLE = {DOTTED: "dim", 1: "", THICK: "bold", WRONG: "red", MISSED: "bold red"}
_ROUNDED = frozenset({"round", "stadium", "circle", "doublecircle", "ellipse", "oval"})

BORDER_STYLE = "blue"
BLANK_STYLE = "bold black on yellow"
BLANK_BORDER_STYLE = "bold yellow"
HIGHLIGHT_STYLE = "bold green"
PATH_STYLE = "green"
LABEL_STYLE = "italic"


class _Canvas:
    """A grid of terminal cells; `across` transposes the edge lines (the layout's rows are the
    drawing's columns), while text is always put in drawing coordinates."""

    def __init__(self, height: int, width: int, *, across: bool = False) -> None:
        if across:
            height, width = width, height
        self.across = across
        self.chars = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.bits: dict[tuple[int, int], list[int]] = {}

    def line(self, row: int, col: int, bits: int, kind: int) -> None:
        if self.across:
            row, col = col, row
            bits = sum(_SWAP[bit] for bit in (N, E, S, W) if bits & bit)
        cell = self.bits.setdefault((row, col), [0, kind])
        cell[0] |= bits
        cell[1] = max(cell[1], kind)

    def put(self, row: int, col: int, text: str, style: str = "") -> None:
        """Text from (row, col); a wide character takes two cells."""
        line, styles = self.chars[row], self.styles[row]
        for char in text:
            if col >= len(line):
                break
            line[col], styles[col] = char, style
            if cell_len(char) == 2 and col + 1 < len(line):
                line[col + 1], styles[col + 1] = "", style
                col += 1
            col += 1

    def free(self, row: int, col: int, length: int) -> bool:
        if not 0 <= row < len(self.chars):
            return False
        width = len(self.chars[row])
        cells = range(col, col + length)
        return col >= 0 and col + length <= width and all(
            self.chars[row][c] == " " and (row, c) not in self.bits for c in cells
        )

    def tuck(self, text: str, style: str) -> bool:
        """Put `text` in an empty stretch of a row inside the drawing, as low and right as it
        goes, with a free cell each side; False when there is none."""
        used = [r for r, row in enumerate(self.chars) if any(ch != " " for ch in row)]
        length = cell_len(text) + 2
        for row in reversed(used):
            for col in range(len(self.chars[row]) - length, -1, -1):
                if self.free(row, col, length):
                    self.put(row, col + 1, text, style)
                    return True
        return False

    def flush_lines(self) -> None:
        for (row, col), (bits, kind) in self.bits.items():
            table = _HEAVY if kind == THICK else _DOUBLE if kind == MISSED else _LIGHT
            char = (_DOTTED.get(bits) if kind == DOTTED else None) or table.get(bits, "┼")
            self.chars[row][col] = char
            self.styles[row][col] = _LINE_STYLE[kind]

    def text(self) -> Text:
        used = [c for row in self.chars for c, ch in enumerate(row) if ch != " "]
        left = min(used) if used else 0
        out = Text(no_wrap=True, overflow="ignore")
        rows = [i for i, chars in enumerate(self.chars) if any(ch != " " for ch in chars)]
        kept = list(zip(self.chars, self.styles, strict=True))
        kept = kept[rows[0]:rows[-1] + 1] if rows else []
        for index, (chars, styles) in enumerate(kept):
            end = max((c + 1 for c, ch in enumerate(chars) if ch != " "), default=0)
            col = left
            while col < end:
                stop = col
                while stop < end and styles[stop] == styles[col]:
                    stop += 1
                out.append("".join(chars[col:stop]), styles[col] or None)
                col = stop
            if index < len(kept) - 1:
                out.append("\n")
        return out


def draw(diagram: Diagram, *, blank: str | None = None, highlight: str | None = None,
         width: int = 120, height: int | None = None, view: View | None = None) -> Text:
    """Draw a diagram in at most `width` columns (up to about 20 nodes at 120) and, where a
    packing allows, `height` rows; flowchart LR/RL runs left to right.

    `view` says what may show (diagrams.view.View); `blank`/`highlight` are its short form. A
    blank node shows a highlighted "?" and none of its label; highlighted nodes (the answer) and
    the marked path are green. Offline edges are dotted and dim, thick edges heavy; on a rebuild's
    back, missed edges are double red lines and wrong ones red arrows ending in ✗.
    """
    view = view or View.of(blank, highlight)
    _check_view(diagram, view)
    if view.hide_edges:
        return Text("(the arrows are the answer: not drawn)", style="dim")
    if diagram.graph.number_of_nodes() == 0:
        return Text("(empty diagram)", style="dim")
    below = _lines_below(diagram, view, width)
    # The first line under the drawing (a legend) usually finds room inside it (below).
    lay, routes = plan(diagram, view, width, height, max(0, len(below) - 1))
    canvas = _Canvas(routes.length, lay.canvas_w, across=lay.across)
    _paint_edges(canvas, lay, routes)
    for rank, layer in enumerate(lay.layers):
        for item in layer:
            if item.node is not None and lay.across:
                _box_across(canvas, diagram, lay, item, routes.tops[rank], view)
            elif item.node is not None:
                _box(canvas, diagram, lay, item, routes.tops[rank], view)
    notes = _paint_labels(canvas, diagram, lay, routes, view)
    if below and canvas.tuck(*below[0]):
        below = below[1:]
    out = canvas.text()
    for note, style in notes:
        out.append("\n")
        out.append(note[:width], style)
    for line, style in below:
        out.append("\n")
        out.append(line, style)
    return out


def _check_view(diagram: Diagram, view: View) -> None:
    for role, nodes in (("blank", view.blank), ("highlight", view.highlight + view.path)):
        for node in nodes:
            if node not in diagram.graph:
                raise ValueError(f"{role} node {node!r} is not in diagram {diagram.id!r}")


def _paint_edges(canvas: _Canvas, lay: Layout, routes: Route) -> None:
    """Each segment down its upper port, along its track, down into its lower port."""
    for rank in range(len(lay.layers)):
        channel_top, placed = routes.tracks[rank]
        for segment in routes.channels[rank]:
            kind = lay.links[segment.link].kind
            upper, s, d = segment.upper, segment.top_col, segment.bottom_col
            start = routes.tops[rank] + upper.h if upper.node is not None else routes.tops[rank]
            end = routes.tops[rank + 1] - 1
            turn = channel_top + placed.get(id(segment), 0)
            if s == d:
                for r in range(start, end + 1):
                    canvas.line(r, s, N | S, kind)
                continue
            for r in range(start, turn):
                canvas.line(r, s, N | S, kind)
            east = d > s
            canvas.line(turn, s, N | (E if east else W), kind)
            for c in range(min(s, d) + 1, max(s, d)):
                canvas.line(turn, c, E | W, kind)
            canvas.line(turn, d, S | (W if east else E), kind)
            for r in range(turn + 1, end + 1):
                canvas.line(r, d, N | S, kind)
    canvas.flush_lines()


def _paint_labels(canvas: _Canvas, diagram: Diagram, lay: Layout, routes: Route,
                  view: View) -> list[tuple[str, str]]:
    """Edge texts beside their last run; those with no room, and self-loops, as notes."""
    notes: list[tuple[str, str]] = []
    for rank, channel in enumerate(routes.channels):
        for segment in channel:
            link = lay.links[segment.link]
            if not link.text or segment.lower.node is None:
                continue
            label_row = routes.label_rows[rank]
            text = link.text if len(link.text) <= 18 else link.text[:17] + "…"
            style = LABEL_STYLE + (" dim" if link.kind == DOTTED else "")
            col = segment.bottom_col
            if lay.across:
                spots = [(r, label_row) for r in (col - 1, col + 1) if label_row is not None]
            else:
                spots = [(label_row, c) for c in (col + 2, col - cell_len(text) - 1)
                         if label_row is not None]
            spot = next(((r, c) for r, c in spots if canvas.free(r, c - 1, cell_len(text) + 2)),
                        None)
            if spot is not None:
                canvas.put(spot[0], spot[1], text, style)
            else:
                notes.append((f"{_name(diagram, link.upper, view)} – "
                              f"{_name(diagram, link.lower, view)}: {link.text}", style))
    for source, _target, label in lay.loops:
        notes.append((f"{_name(diagram, source, view)} ↻ itself"
                      + (f": {label}" if label else ""), LABEL_STYLE))
    return notes


def _lines_below(diagram: Diagram, view: View, width: int) -> list[tuple[str, str]]:
    """The legend and the subgraph lines printed under the drawing."""
    out = []
    if any(attrs.get("kind") == "dotted" or attrs.get("offline")
           for _u, _v, attrs in diagram.all_edges()):
        legend = "┄┄ offline: batch, logging, feedback (not on the latency path)"
        out.append((legend if len(legend) <= width else "┄┄ offline", "dim"))
    if view.missed or view.wrong:
        marks = "══ missed: an arrow you left out · ✗ wrong: an arrow the diagram does not have"
        out.append((marks if len(marks) <= width else "══ missed · ✗ wrong", "red"))
    out += [(line, "dim") for line in _subgraph_lines(diagram, view, width)]
    return out


def _subgraph_lines(diagram: Diagram, view: View, width: int) -> list[str]:
    """Subgraph membership as text lines under the drawing (boxes are not grouped in the grid)."""
    members: dict[str, list[str]] = {}
    for node, sub in diagram.graph.nodes(data="subgraph"):
        if sub is not None:
            members.setdefault(sub, []).append(_name(diagram, node, view))
    out = []
    for sub, names in members.items():
        title = diagram.subgraphs.get(sub) or sub
        out += textwrap.wrap(f"▢ {title}: {', '.join(names)}", width, subsequent_indent="  ")
    return out


def _name(diagram: Diagram, node: str, view: View) -> str:
    if node in view.blank:
        return "?"
    text = str(diagram.graph.nodes[node].get("name") or node_lines(diagram.graph, node)[0])
    return strip_durations(text) if view.hide_latencies else text


def _box(canvas: _Canvas, diagram: Diagram, lay: Layout, item: Item, top: int,
         view: View) -> None:
    x, w, h = item.x, item.w, item.h
    node = item.node
    border = BLANK_BORDER_STYLE if node in view.blank else (
        HIGHLIGHT_STYLE if node in view.highlight else
        PATH_STYLE if node in view.path else BORDER_STYLE)
    rounded = str(diagram.graph.nodes[node].get("shape") or "") in _ROUNDED
    corners = "╭╮╰╯" if rounded else "┌┐└┘"
    canvas.put(top, x, corners[0] + "─" * (w - 2) + corners[1], border)
    canvas.put(top + h - 1, x, corners[2] + "─" * (w - 2) + corners[3], border)
    inner = w - 2
    for index, line in enumerate(item.lines):
        r = top + 1 + index
        canvas.put(r, x, "│", border)
        canvas.put(r, x + w - 1, "│", border)
        if node in view.blank:
            canvas.put(r, x + 1, _center(line, inner), BLANK_STYLE)
        else:
            canvas.put(r, x + 1, _center(line, inner), "bold" if index == 0 else "")
    for segment in item.tops:
        link = lay.links[segment.link]
        marker = _marker(link.kind, link.head_down, down=True)
        canvas.put(top, segment.bottom_col, marker, _LINE_STYLE[link.kind])
    for segment in item.bottoms:
        link = lay.links[segment.link]
        marker = _marker(link.kind, link.head_up, down=False)
        canvas.put(top + h - 1, segment.top_col, marker, _LINE_STYLE[link.kind])


def _marker(kind: int, head: str | None, *, down: bool) -> str:
    """The character where an edge meets a box border: an arrowhead or a plain joint."""
    if head == "wrong":
        return "✗"
    if head == "cross":
        return "×"
    if head == "circle":
        return "○"
    if head == "point":
        if kind == DOTTED:
            return "▽" if down else "△"
        return "▼" if down else "▲"
    if kind == THICK:
        return "┻" if down else "┳"
    return "┴" if down else "┬"


def _center(text: str, cells: int) -> str:
    """`text` centred in `cells` terminal cells (wide characters count 2)."""
    spare = max(0, cells - cell_len(text))
    return " " * (spare // 2) + text + " " * (spare - spare // 2)


def _box_across(canvas: _Canvas, diagram: Diagram, lay: Layout, item: Item, left: int,
                view: View) -> None:
    """A box of a left-to-right drawing: edges arrive on its left side, leave on its right."""
    node = item.node
    x, y = left, item.x
    w, h = item.real
    border = BLANK_BORDER_STYLE if node in view.blank else (
        HIGHLIGHT_STYLE if node in view.highlight else
        PATH_STYLE if node in view.path else BORDER_STYLE)
    rounded = str(diagram.graph.nodes[node].get("shape") or "") in _ROUNDED
    corners = "╭╮╰╯" if rounded else "┌┐└┘"
    canvas.put(y, x, corners[0] + "─" * (w - 2) + corners[1], border)
    canvas.put(y + h - 1, x, corners[2] + "─" * (w - 2) + corners[3], border)
    for r in range(y + 1, y + h - 1):
        canvas.put(r, x, "│" + " " * (w - 2) + "│", border)
    for index, line in enumerate(item.lines):
        style = BLANK_STYLE if node in view.blank else ("bold" if index == 0 else "")
        canvas.put(y + 1 + index, x + 1, _center(line, w - 2), style)
    for segment in item.tops:
        link = lay.links[segment.link]
        canvas.put(segment.bottom_col, x, _ACROSS.get(_marker(link.kind, link.head_down,
                                                               down=True), "┤"),
                   _LINE_STYLE[link.kind])
    for segment in item.bottoms:
        link = lay.links[segment.link]
        canvas.put(segment.top_col, x + w - 1, _ACROSS.get(_marker(link.kind, link.head_up,
                                                                    down=False), "├"),
                   _LINE_STYLE[link.kind])


# Arrowheads and joints of a top-down drawing, turned for a left-to-right one.
_ACROSS = {"▼": "▶", "▲": "◀", "▽": "▷", "△": "◁", "┴": "┤", "┬": "├", "┻": "┫", "┳": "┣",
           "×": "×", "○": "○", "✗": "✗"}
