"""The terminal drawing's plan: which way it runs, how tight it packs, and its edge routes.

`plan` tries the diagram's own direction first: a flowchart LR/RL runs left to right in the
roomiest packing that fits the width and, given a height, the rows too; a top-down flowchart that
is taller than the rows runs left to right when that fits. `route` gives each bent edge of a
channel its own track (a row, or a column across) and says where each layer starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from diagrams.model import Diagram
from diagrams.terminal_layout import (
    ACROSS_STYLES,
    AcrossStyle,
    Layout,
    Prepared,
    Segment,
    layout_across,
    layout_down,
    least_across,
    prepare,
    size_across,
)
from diagrams.view import View

_SLACK = 4  # spare cross-axis rows a left-to-right drawing may spread into


@dataclass
class Route:
    """Where each layer starts on the main axis, and each channel's tracks."""

    channels: list[list[Segment]]
    tops: list[int]
    tracks: list[tuple[int, dict[int, int]]]  # per layer: (first track's row, segment -> track)
    label_rows: list[int | None]
    length: int  # rows (top-down) or columns (across) of the whole drawing


def plan(diagram: Diagram, view: View, width: int, height: int | None,
         below: int = 0) -> tuple[Layout, Route]:
    """The layout and routes to draw: `below` rows under the drawing count against `height`."""
    prep = prepare(diagram, view)
    room = None if height is None else max(1, height - below)
    wanted = diagram.direction.upper() in ("LR", "RL")
    down_rows = None
    if not wanted:
        lay = layout_down(prep, view, width)
        routes = route(lay)
        if room is None or routes.length <= room:
            return lay, routes
        down_rows = routes.length
    across = _across(prep, view, width, room)
    if across is None:  # too wide: try with feedback loops drawn back beside the path
        compact = prepare(diagram, view, compact=True)
        if len(compact.layers) < len(prep.layers):
            prep, across = compact, _across(compact, view, width, room)
    if across is not None:
        style, cross = across
        if wanted or room is None or cross <= room or down_rows is None or cross < down_rows:
            lay = layout_across(prep, view, style, cross)
            return lay, route(lay)
    lay = layout_down(prep, view, width)
    return lay, route(lay)


def _across(prep: Prepared, view: View, width: int,
            room: int | None) -> tuple[AcrossStyle, int] | None:
    """The roomiest packing whose drawing fits `width` columns, with its cross extent; None when
    none does. Narrower wraps only make it taller, so the first that fits is the shortest."""
    count = len(prep.layers)
    narrowest = least_across(prep.raw, prep.layers, prep.links, view, ACROSS_STYLES[-1])
    if narrowest > width:
        return None
    bare: dict[int, int] = {}  # wrap -> least width without padding or extra runs
    for style in ACROSS_STYLES:
        if style.wrap not in bare:
            bare[style.wrap] = least_across(prep.raw, prep.layers, prep.links, view,
                                            AcrossStyle(style.wrap, 0, 0))
        if bare[style.wrap] + count * style.pad + (count - 1) * style.extra > width:
            continue
        least, cross = size_across(prep.raw, prep.layers, prep.links, view, style)
        if least > width:
            continue
        cross += _SLACK if room is None else max(0, min(_SLACK, room - cross))
        if route(layout_across(prep, view, style, cross)).length <= width:
            return style, cross
    return None


def route(lay: Layout) -> Route:
    """Tracks for the bent segments of each channel and the start of each layer."""
    channels: list[list[Segment]] = [[] for _ in lay.layers]
    for segment in lay.segments:
        if lay.links[segment.link].drawn:
            channels[segment.upper.layer].append(segment)
    tops, tracks, label_rows = [], [], []
    row = 0
    for rank, layer in enumerate(lay.layers):
        tops.append(row)
        row += max(item.h for item in layer)
        placed, count = _tracks(channels[rank])
        tracks.append((row, placed))
        labelled = any(lay.links[s.link].text and s.lower.node for s in channels[rank])
        label_rows.append(row + count if labelled else None)
        # Across, labels sit beside the last run of their edge: the channel makes room for them.
        room = (label_room(lay, channels[rank]) if lay.across else 1) if labelled else 0
        if rank < len(lay.layers) - 1:
            row += count + room + lay.extra
    return Route(channels, tops, tracks, label_rows, row)


def label_room(lay: Layout, channel: list[Segment]) -> int:
    texts = [lay.links[s.link].text or "" for s in channel if s.lower.node is not None]
    return min(max((len(t) for t in texts), default=0), 18) + 2


def _tracks(segments: list[Segment]) -> tuple[dict[int, int], int]:
    """Give each bent segment of one channel a row (a track).

    A segment leaving from column c must run above one arriving at column c, or the two would
    share a line. Softer: a segment whose vertical starts inside another's span goes above it,
    one whose vertical ends inside goes below, which avoids crossings where possible.
    """
    bent = sorted((s for s in segments if s.top_col != s.bottom_col),
                  key=lambda s: (min(s.top_col, s.bottom_col), s.top_col))
    span = {id(s): (min(s.top_col, s.bottom_col), max(s.top_col, s.bottom_col)) for s in bent}
    order = nx.DiGraph()
    order.add_nodes_from(range(len(bent)))
    hard, soft = [], []
    for i, a in enumerate(bent):
        for j, b in enumerate(bent):
            if i == j:
                continue
            low, high = span[id(b)]
            if a.top_col == b.bottom_col:
                hard.append((i, j))
            elif low < a.top_col < high:
                soft.append((i, j))
            elif low < a.bottom_col < high:
                soft.append((j, i))
    for above, below in hard + soft:
        if not order.has_edge(above, below) and not nx.has_path(order, below, above):
            order.add_edge(above, below)
    tracks: dict[int, int] = {}
    taken: list[list[tuple[int, int]]] = []
    for index in nx.lexicographical_topological_sort(order):
        low, high = span[id(bent[index])]
        track = max((tracks[id(bent[p])] + 1 for p in order.predecessors(index)), default=0)
        while track < len(taken) and any(not (high < a or low > b) for a, b in taken[track]):
            track += 1
        if track == len(taken):
            taken.append([])
        taken[track].append((low, high))
        tracks[id(bent[index])] = track
    return tracks, max(len(taken), 1)
