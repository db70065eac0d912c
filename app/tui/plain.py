"""Text from the user's notes shown as it is, never read as Textual or Rich markup.

Textual reads a `str` given to a DataTable cell (and Rich a `str` in a Table) as markup: a deck
`Ranking [i] basics` would lose `[i]` and a front with `[/]` would crash. Statics that show such
text are built with `markup=False`, toasts go through `BlueprintApp.notify` (plain), and cells
use `cell` here."""

from __future__ import annotations

from rich.text import Text


def cell(text: str) -> Text:
    """A one-line DataTable cell showing `text` literally (as a plain `str` cell looks)."""
    return Text(text, no_wrap=True, end="")
