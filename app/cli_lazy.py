"""A click group whose subcommands are imported only when one of them runs.

`blueprint --help` and `blueprint stats` should not pay for the diagram parser, networkx, the
suggestion engine or genanki. Each lazy command is named with its module and its one-line help
(tests/test_cli_lazy.py checks those lines against the real commands).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> ("module:attribute", the command's short help as `--help` lists it)
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "card": ("app.cli_card:card", "Look at one card."),
    "deck": ("app.cli_schedule:deck",
             "Deck options: desired retention and daily limits, for a deck and its subdecks."),
    "diagram": ("app.cli_diagram:diagram", "Architecture diagrams of notes."),
    "drill": ("app.cli_drill:drill",
              "Walk a case study through the 7 steps against the clock (the TUI's Drill screen)."),
    "eval": ("app.cli_schedule:eval_cmd",
             "How well the parameters predict your recall, beside FSRS defaults and a constant "
             "mean."),
    "export": ("app.cli_export:export", "Export decks to other tools."),
    "import-reviews": ("app.cli_schedule:import_reviews",
                       "Read a review log: a CSV (card_id, review_rating, review_time, "
                       "review_duration) or an Anki export (.apkg, .colpkg)."),
    "optimize": ("app.cli_schedule:optimize",
                 "Fit FSRS parameters to your own reviews (needs the optional PyTorch)."),
    "suggest": ("app.cli_suggest:suggest",
                "Draft cards from plain notes' structure (never writes into the notes)."),
    "sync-anki": ("app.cli_export:sync_anki",
                  "Bring reviews made in Anki (an .apkg/.colpkg exported on the phone) back."),
}


class LazyGroup(click.Group):
    """A group that imports `LAZY_COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: Any) -> None:
        """The command list from the table above, without importing the commands."""
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                help_line = click.Command(name, help=LAZY_COMMANDS[name][1])
                rows.append((name, help_line.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
