"""The Textual app: `make_app` wires the store and the clock into `BlueprintApp` and its screens."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from app.core.session import Limits
from app.core.store import Store

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class BlueprintApp(App[None]):
    """Decks, review, diagram quiz, browse, stats, import and export over one collection."""

    CSS_PATH = "app.tcss"
    TITLE = "Blueprint"
    BINDINGS = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, store: Store, *, clock: Callable[[], datetime],
                 review_deck: str | None = None, start_review: bool = False,
                 limits: Limits | None = None, tz: tzinfo | None = None,
                 scheduler: object | None = None, theme: str = DARK_THEME) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.review_deck = review_deck
        self.start_review = start_review
        self.limits = limits or Limits()
        self.tz = tz
        self.scheduler = scheduler  # an fsrs.Scheduler for the session; None: FSRS-6 defaults
        self.theme = theme

    def on_mount(self) -> None:
        from app.tui.screens.decks import DecksScreen

        if self.start_review:  # straight in: the deck list is built only when it is shown
            self.action_study(self.review_deck)
        else:
            self.push_screen(DecksScreen())

    # -- actions ----------------------------------------------------------------------------
    def action_study(self, deck: str | None = None) -> None:
        """Open a review session of `deck` (all decks when None)."""
        from app.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(deck))

    def action_decks(self) -> None:
        from app.tui.screens.decks import DecksScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, DecksScreen):
            self.push_screen(DecksScreen())
        else:
            self.screen.refresh_counts()

    def action_browse(self) -> None:
        from app.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen())

    def action_stats(self) -> None:
        from app.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_import(self) -> None:
        from app.tui.screens.import_notes import ImportScreen

        self.push_screen(ImportScreen())

    def action_suggestions(self) -> None:
        from app.core.suggestion_review import SuggestionDesk
        from app.tui.screens.suggestions import SuggestionsScreen

        self.push_screen(SuggestionsScreen(SuggestionDesk(self.store, self.clock)))

    def action_export(self) -> None:
        from app.tui.screens.export_anki import ExportScreen

        self.push_screen(ExportScreen())

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
        yield SystemCommand("Keys", "Show every key of this screen", self.action_help)
        yield SystemCommand("Toggle light/dark", "Switch the theme", self.action_toggle_theme)
        screen_commands = getattr(screen, "palette_commands", None)
        if callable(screen_commands):
            yield from screen_commands()
        yield from super().get_system_commands(screen)


def make_app(store: Store, *, clock: Callable[[], datetime], review_deck: str | None = None,
             start_review: bool = False, limits: Limits | None = None,
             tz: tzinfo | None = None, scheduler: object | None = None,
             theme: str = DARK_THEME) -> BlueprintApp:
    """The one way to build the app: the CLI and every test go through here."""
    return BlueprintApp(store, clock=clock, review_deck=review_deck, start_review=start_review,
                        limits=limits, tz=tz, scheduler=scheduler, theme=theme)
