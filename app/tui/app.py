"""The Textual app: `make_app` hands the Collection to `BlueprintApp`, which hands it to screens."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from app.core.collection import Collection

if TYPE_CHECKING:
    from app.tui.screens.decks import DecksScreen

# The review screen's sheet (its CSS_PATH): read with the app's own sources when the app starts
# straight into a review, so pushing the screen finds it there and does not parse every sheet a
# second time (Textual re-parses all sources when a screen brings a new one). Same rules.
_REVIEW_CSS = Path(__file__).resolve().parent / "screens" / "review.tcss"

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class BlueprintApp(App[None]):
    """Decks, review, diagram quiz, browse, stats, import and export over one collection."""

    # No app-wide sheet: each screen loads its own .tcss beside it (CSS_PATH) when first shown,
    # so start-up applies only the first screen's rules. Layouts stay usable from 80x24 up.
    TITLE = "Blueprint"
    BINDINGS = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("q", "quit", "Quit", show=False),  # on every screen, unless typing
    ]

    def __init__(self, collection: Collection, *, review_deck: str | None = None,
                 start_review: bool = False, theme: str | None = None,
                 drill: tuple[str | None, int] | None = None,
                 notice: str | None = None) -> None:
        super().__init__()
        self.notice = notice  # said once the app is up (the first run's import)
        self.collection = collection
        self.review_deck = review_deck
        self.start_review = start_review
        self.theme = theme or collection.setting("theme") or DARK_THEME  # the last one chosen
        self.drill = drill  # (case, minutes): start straight into a drill
        if start_review:
            self.css_path = [*self.css_path, _REVIEW_CSS]
        collection.defer_checkpoints()  # the review screen checkpoints off the event loop

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.notice:
            self.notify(self.notice, title="Welcome", timeout=20)
        # Straight into a review, the review screen is already the first screen (below).
        if not self.start_review and self.drill is not None:
            self.action_drill(*self.drill)
        elif not self.start_review:  # (imported here: a review start never loads the deck list)
            from app.tui.screens.decks import DecksScreen

            self.push_screen(DecksScreen(self.collection))
        # Start-up made most of the objects that live as long as the app (modules, styles, the
        # queue); frozen, the collector stops rescanning them, and a full collection no longer
        # stalls a keypress for ~100 ms (measured with bench/bench_tui.py at 50k cards).
        self.call_after_refresh(_freeze)

    def get_default_screen(self) -> Screen:
        """Straight into a review, the review screen is the bottom of the stack: no blank screen
        is composed, laid out and drawn under it first (about 25 ms of a start, bench_tui).
        Leaving it puts the deck list over it (Textual cannot switch away from its first
        screen). Its sheet is read with the app's (`__init__`): this path loads no CSS_PATH."""
        if self.start_review:
            from app.tui.screens.review import ReviewScreen

            return ReviewScreen(self.collection, self.review_deck)
        return super().get_default_screen()

    def _handle_exception(self, error: Exception) -> None:
        """A value the collection holds and Blueprint cannot read (text in a time) ends the app
        with the CLI's "damaged" message and exit code 2, not a traceback (issue 16 item 25);
        any other error is a bug and shows as one."""
        told = _damaged(self.collection, error)
        if told is None:
            super()._handle_exception(error)
        else:
            self.exit(return_code=2, message=told)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast shows its message as it is: messages carry deck names, fronts, file paths
        and problems from the user's notes, which Textual would read as markup (`[i]` vanishes,
        `[/]` crashes). Screens' `notify` comes here too."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str):
            self.collection.set_setting("theme", name)

    # -- actions ----------------------------------------------------------------------------
    def action_study(self, deck: str | None = None) -> None:
        """Open a review session of `deck` (all decks when None)."""
        from app.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.collection, deck))

    def on_decks_screen_study_chosen(self, message: DecksScreen.StudyChosen) -> None:
        self.action_study(message.deck)

    def action_decks(self) -> None:
        from app.tui.screens.decks import DecksScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DecksScreen):
            self.pop_screen()
        if isinstance(self.screen, DecksScreen):
            self.screen.refresh_counts()
        else:  # on the first screen: Textual's blank one, or a review opened at start-up
            self.push_screen(DecksScreen(self.collection))

    def action_browse(self) -> None:
        from app.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(self.collection))

    def action_stats(self) -> None:
        from app.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.collection))

    def action_import(self) -> None:
        from app.tui.screens.import_notes import ImportScreen

        self.push_screen(ImportScreen(self.collection))

    def action_suggestions(self) -> None:
        from app.tui.screens.suggestions import SuggestionsScreen

        self.push_screen(SuggestionsScreen(self.collection.suggestions()))

    def action_drill(self, case: str | None = None, minutes: int = 45) -> None:
        """A timed mock interview of a case study (the one drilled least recently by default)."""
        from app.core.errors import BlueprintError
        from app.tui.screens.drill import DrillScreen

        try:
            drill = self.collection.start_drill(case, minutes=minutes)
        except BlueprintError as exc:
            self.notify(f"{exc.message}: {exc.hint}", severity="error", timeout=8)
            return
        self.push_screen(DrillScreen(self.collection, drill))

    def action_drill_stats(self) -> None:
        """Drills done: coverage per step, overruns, case studies not drilled yet."""
        from app.tui.screens.drill_stats import DrillStatsScreen

        self.push_screen(DrillStatsScreen(self.collection.drill_stats()))

    def action_export(self) -> None:
        from app.tui.screens.export_anki import ExportScreen

        self.push_screen(ExportScreen(self.collection))

    def action_help(self) -> None:
        from app.tui.modals.key_help import KeyHelpModal

        if not isinstance(self.screen, KeyHelpModal):
            self.push_screen(KeyHelpModal(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    # -- command palette ----------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Study all decks", "Review every due card", self.action_study)
        yield SystemCommand("Decks", "Back to the deck list", self.action_decks)
        yield SystemCommand("Browse cards", "Search by text, deck, tag, state",
                            self.action_browse)
        yield SystemCommand("Stats", "Reviews per day, retention, forecast", self.action_stats)
        yield SystemCommand("Import notes", "Import a Markdown file or folder",
                            self.action_import)
        yield SystemCommand("Suggestions", "Cards drafted from plain notes: accept, edit, reject",
                            self.action_suggestions)
        yield SystemCommand("Export to Anki", "Write an .apkg package", self.action_export)
        yield SystemCommand("Drill", "A timed mock interview of a case study, step by step",
                            self.action_drill)
        yield SystemCommand("Keys", "Show every key of this screen", self.action_help)
        yield SystemCommand("Toggle light/dark", "Switch the theme", self.action_toggle_theme)
        screen_commands = getattr(screen, "palette_commands", None)
        if callable(screen_commands):
            yield from screen_commands()
        ours = {"Keys", "Toggle light/dark"}
        for command in super().get_system_commands(screen):
            if command.title not in ours:  # Textual's own "Keys" would be listed twice
                yield command


def _damaged(collection: Collection, error: Exception) -> str | None:
    if not isinstance(error, ValueError | TypeError | KeyError) or collection.path is None:
        return None
    from app.core.store_damage import bad_values
    from app.core.store_file import damaged

    found = bad_values(collection.path)
    if not found:
        return None
    told = damaged(collection.path, "; ".join(found))
    return f"blueprint: {told.message}\n  {told.hint}"


def _freeze() -> None:
    """`gc.freeze`, behind a Python function: Textual reads a callback's signature, and a
    built-in's text signature is parsed with the tokenize module, whose first use compiles its
    patterns (3.3 ms of every start, in the window bench_tui measures)."""
    gc.freeze()


def make_app(collection: Collection, *, review_deck: str | None = None,
             start_review: bool = False, theme: str | None = None,
             drill: tuple[str | None, int] | None = None,
             notice: str | None = None) -> BlueprintApp:
    """The one way to build the app: the CLI and every test go through here. The collection
    brings the clock, time zone, limits and scheduler."""
    return BlueprintApp(collection, review_deck=review_deck, start_review=start_review,
                        theme=theme, drill=drill, notice=notice)
