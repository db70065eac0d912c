"""Text cut and padded to terminal cells (CJK and emoji take two), not to characters."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells (an ellipsis marks the cut) and padded to exactly `width`."""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def fit_middle(text: str, width: int) -> str:
    """Like `fit`, but the cut is in the middle, so both ends stay (a deck path's leaf)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    tail_width = (width - 1) // 2 + (width - 1) % 2
    head = set_cell_size(text, width - 1 - tail_width)
    tail = text
    while cell_len(tail) > tail_width:
        tail = tail[1:]
    return set_cell_size(head + "…" + tail, width)


def fit_start(text: str, width: int) -> str:
    """Like `fit`, but the cut is at the start, so the end stays (a deck path's leaf)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    tail = text
    while cell_len(tail) > width - 1:
        tail = tail[1:]
    return set_cell_size("…" + tail, width)
