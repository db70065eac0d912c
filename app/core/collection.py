"""`Collection`: the one API the CLI and the TUI use: open a collection, import, study, browse,
count, read diagrams, and hand the exporter its plain values.

It holds the store, the clock, the time zone, the daily limits and the scheduler, so callers
never pass them around; every method reads time from the injected clock. Writing and reading
Anki packages needs genanki, which the core may not import: `app.export.package`
(`export_anki`, `sync_anki`) takes a `Collection` and does the file side.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.store import CardRow, Store, default_collection_path
from app.core.timeutil import day_bounds, utc

if TYPE_CHECKING:  # the session (fsrs) and queries load where used: `import` needs neither
    import fsrs

    from app.core.browse import CardInfo
    from app.core.checking import CheckResult
    from app.core.deck_options import DeckOptions
    from app.core.deck_tree import DeckLine
    from app.core.diagram_quiz import LoadedQuiz
    from app.core.drill import Drill, DrillSummary, Rebuilt
    from app.core.drilling import Case, DrillStats
    from app.core.evaluation import EvalReport
    from app.core.export_values import ExportCard, ExportDiagram
    from app.core.importing import ImportReport
    from app.core.note_walk import Progress
    from app.core.optimizing import Proposal
    from app.core.queries import DeckCounts
    from app.core.review_logs import LogRow, ReviewLogReport
    from app.core.review_merge import ExternalReview, ReviewMerge
    from app.core.session import Limits, StudySession
    from app.core.stats_data import StudyStats
    from app.core.suggesting import SuggestResult
    from app.core.suggestion_review import SuggestionDesk


class Collection:
    """One open collection with its clock; one per thread (its connection belongs to it)."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime], tz: tzinfo | None = None,
                 limits: Limits | None = None, scheduler: fsrs.Scheduler | None = None) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz
        self.limits = limits  # None: each deck's options (`blueprint deck set`)
        self.scheduler = scheduler  # None: the parameters in force at each deck's retention
        self._diagrams: dict[tuple[str, str], object] = {}  # parsed once per diagram content

    @classmethod
    def open(cls, path: Path | str | None, *, clock: Callable[[], datetime],
             tz: tzinfo | None = None, limits: Limits | None = None,
             scheduler: fsrs.Scheduler | None = None) -> Collection:
        """Open (or create) the collection file; None: the default place."""
        if path is None:  # the default data folder is created when missing, no other folder
            default = default_collection_path()
            store = Store(default, clock=clock,
                          create_folder=not os.environ.get("BLUEPRINT_COLLECTION"))
        else:
            store = Store(path, clock=clock)
        return cls(store, clock=clock, tz=tz, limits=limits, scheduler=scheduler)

    def reopen(self) -> Collection:
        """The same file through a new connection, for a worker thread."""
        if self.store.path is None:
            from app.core.errors import StoreError

            raise StoreError("an in-memory collection cannot be shared with a worker",
                             "open a collection file (--collection PATH)")
        return Collection.open(self.store.path, clock=self.clock, tz=self.tz,
                               limits=self.limits, scheduler=self.scheduler)

    @property
    def path(self) -> Path | None:
        return self.store.path

    def setting(self, name: str) -> str | None:
        """A user setting kept in the collection (the TUI's theme)."""
        return self.store.meta(f"setting.{name}")

    def set_setting(self, name: str, value: str) -> None:
        self.store.set_meta(f"setting.{name}", value)

    def close(self) -> None:
        self.store.close()

    def defer_checkpoints(self) -> None:
        """Commits never copy the WAL into the file (`Store.defer_checkpoints`): the TUI runs
        `checkpoint` off its event loop instead."""
        self.store.defer_checkpoints()

    def checkpoint(self) -> tuple[int, int, int] | None:
        """The WAL copied into the file from a connection of its own (any thread)."""
        return self.store.checkpoint_wal()

    def now(self) -> datetime:
        return utc(self.clock())

    # -- notes in -------------------------------------------------------------------------
    def import_paths(self, paths: list[Path], *, deck: str | None = None, strict: bool = False,
                     dry_run: bool = False, force: bool = False, allow_retire: bool = False,
                     progress: Progress | None = None,
                     waiting: Callable[[], None] | None = None,
                     changes: bool = False) -> ImportReport:
        from app.core.importing import import_paths

        report = import_paths(self.store, paths, now=self.now(), deck=deck, strict=strict,
                              dry_run=dry_run, force=force, allow_retire=allow_retire,
                              progress=progress, waiting=waiting, changes=changes)
        if report.osr_notes and not dry_run:
            from app.core.osr_import import apply_osr_schedules

            apply_osr_schedules(self.store, report, tz=self.tz)
        return report

    def import_shipped_decks(self) -> ImportReport | None:
        """On an empty collection, once: the shipped decks (None when nothing was done)."""
        from app.core.decks import import_shipped_once

        return import_shipped_once(self.store, lambda folder: self.import_paths([folder]))

    @staticmethod
    def check(paths: list[Path]) -> CheckResult:
        """Parse only; nothing is read from or written to a collection."""
        from app.core.checking import check_paths

        return check_paths(paths)

    @staticmethod
    def suggest(paths: list[Path], *, cap: int | None) -> SuggestResult:
        """Cards drafted from plain notes; parse only, like `check`."""
        from app.core.suggesting import suggest_paths

        return suggest_paths(paths, cap=cap)

    def reimport_source(self, card: CardRow) -> ImportReport:
        from app.core.editing import reimport_source

        return reimport_source(self.store, card, now=self.now())

    def suggestions(self) -> SuggestionDesk:
        """Drafts suggested from plain notes, and the decisions on them."""
        from app.core.suggestion_review import SuggestionDesk

        return SuggestionDesk(self.store, self.clock)

    # -- study ----------------------------------------------------------------------------
    def study(self, deck: str | None = None) -> StudySession:
        """A session over today's queue; it grades, undoes, suspends and buries."""
        from app.core.session import StudySession

        return StudySession(self.store, clock=self.clock, deck=deck, limits=self.limits,
                            tz=self.tz, scheduler=self.scheduler)

    def deck_lines(self) -> list[DeckLine]:
        """The deck list: counts summed into parents, capped by what today's limits allow."""
        return [line for line, _ in self.deck_lines_with_options()]

    def deck_lines_with_options(self) -> list[tuple[DeckLine, DeckOptions]]:
        """The deck list with each line's options; counts capped by its own daily limits and
        as a session of that deck would offer them."""
        from app.core.deck_tree import offered_deck_lines

        return offered_deck_lines(self.store, now=self.now(), tz=self.tz, limits=self.limits)

    def deck_counts(self) -> list[DeckCounts]:
        from app.core.queries import deck_counts

        return deck_counts(self.store, now=self.now(), tz=self.tz)

    def studied_today(self) -> tuple[int, int]:
        """(new, review) cards graded today: what the daily limits have used."""
        start, _ = day_bounds(self.now(), self.tz)
        return self.store.studied_since(start)

    # -- cards ----------------------------------------------------------------------------
    def card(self, card_id: int) -> CardRow:
        return self.store.card(card_id)

    def decks(self) -> list[str]:
        return self.store.decks()

    def tags(self) -> list[str]:
        return self.store.tags()

    def search(self, *, text: str = "", deck: str | None = None, tag: str | None = None,
               state: str = "any", limit: int = 500, order: str | None = None,
               descending: bool = False) -> list[CardRow]:
        return self.store.search_cards(text=text, deck=deck, tag=tag, state=state, limit=limit,
                                       order=order, descending=descending)

    def card_info(self, card_id: int) -> CardInfo:
        from app.core.browse import card_info

        return card_info(self.store, card_id, now=self.now())

    def set_suspended(self, card: CardRow, suspended: bool) -> None:
        self.store.set_suspended([card.id], suspended)

    def list_cards(self, *, deck: str | None = None, due: bool = False,
                   include_retired: bool = True) -> list[CardRow]:
        from app.core.queries import list_cards

        return list_cards(self.store, now=self.now(), deck=deck, due=due, tz=self.tz,
                          include_retired=include_retired)

    def iter_cards(self, *, deck: str | None = None, due: bool = False) -> Iterator[CardRow]:
        """`list_cards`, read one card at a time (for `list` on any size of collection)."""
        from app.core.queries import iter_cards

        return iter_cards(self.store, now=self.now(), deck=deck, due=due, tz=self.tz)

    def stats(self) -> dict:
        from app.core.queries import stats

        return stats(self.store, now=self.now(), tz=self.tz)

    def forecast(self, *, new_per_day: int = 20, retention: float = 0.9,
                 simulate: bool = True) -> dict:
        """`forecast`: cards due each of the next 30 days; `simulation` (when `simulate`): the
        reviews a day `new_per_day` new cards and `retention` would bring (an FSRS simulation,
        seconds on a big collection)."""
        from app.core.forecast import forecast_json

        return forecast_json(self.store, now=self.now(), tz=self.tz, new_per_day=new_per_day,
                             retention=retention, simulate=simulate)

    def study_stats(self) -> StudyStats:
        from app.core.stats_data import study_stats

        return study_stats(self.store, now=self.now(), tz=self.tz)

    # -- scheduling -----------------------------------------------------------------------
    def import_review_log(self, log: Path, *, deck: str | None = None,
                          read: tuple[list[LogRow], list[str]] | None = None) -> ReviewLogReport:
        """A review log: its cards and reviews join the collection once each. `read`: its rows
        and problems when read elsewhere (an Anki package's revlog); else `log` is a CSV."""
        from app.core.evaluation import collection_scheduler
        from app.core.review_logs import import_log_rows, read_review_csv

        rows, problems = read if read is not None else read_review_csv(log)
        return import_log_rows(self.store, rows, source=log.name, problems=problems,
                               now=self.now(), deck=deck,
                               scheduler=collection_scheduler(self.store, fuzz=False))

    def evaluate(self, *, fit: bool = False) -> EvalReport:
        """How well the parameters in force predict this collection's recall; `fit` adds
        parameters fitted on each fold's past (needs PyTorch)."""
        from app.core.evaluation import evaluate_collection
        from app.core.fsrs_eval import Trainer

        extra: list[tuple[str, Trainer]] = []
        if fit:
            from app.core.optimizing import fitted_trainer

            extra.append(("FSRS-6 fitted on each fold's past", fitted_trainer))
        return evaluate_collection(self.store, extra)

    def propose_parameters(self, progress: Callable[[int, int], None] | None = None
                           ) -> Proposal:
        """FSRS parameters fitted to the log beside those in force; nothing is written.
        `progress(done, total)` hears how far the fit is (it may raise to stop it)."""
        from app.core.optimizing import propose

        return propose(self.store, progress)

    def apply_parameters(self, proposal: Proposal) -> int:
        """Put fitted parameters in force; returns how many cards were rescheduled."""
        from app.core.optimizing import apply

        return apply(self.store, proposal, now=self.now())

    def undo_parameters(self) -> int:
        from app.core.optimizing import undo

        return undo(self.store)

    def set_deck_options(self, deck: str, **values: float | int | None) -> DeckOptions:
        from app.core.deck_options import set_options

        return set_options(self.store, deck, **values)  # type: ignore[arg-type]

    def has_deck(self, deck: str) -> bool:
        from app.core.store_scheduling import deck_exists

        return deck_exists(self.store, deck)

    # -- drill --------------------------------------------------------------------------
    def drill_cases(self) -> list[Case]:
        """Case studies with checklists: what can be drilled."""
        from app.core.drilling import cases

        return cases(self.store)

    def start_drill(self, case: str | None = None, *, minutes: int = 45) -> Drill:
        """A drill of `case` (file stem or title; None: the one drilled least recently)."""
        from app.core.drilling import find_case, start

        return start(self.store, find_case(self.store, case), minutes=minutes, clock=self.clock)

    def finish_drill(self, drill: Drill) -> DrillSummary:
        """Store the drill; the cards of its missed points become due today."""
        from app.core.drilling import finish

        return finish(self.store, drill, now=self.now())

    def drill_rebuild(self, drill: Drill) -> LoadedQuiz | None:
        """The case's serving diagram as a "rebuild from memory" quiz (None: it has none)."""
        from app.core.drilling import rebuild_quiz

        return rebuild_quiz(self.store, drill)

    def score_rebuild(self, loaded: LoadedQuiz, typed: str) -> Rebuilt:
        from app.core.drilling import score_rebuild

        return score_rebuild(loaded, typed)

    def drill_history(self) -> list[dict]:
        from app.core.drilling import history

        return history(self.store)

    def drill_stats(self) -> DrillStats:
        from app.core.drilling import drill_stats

        return drill_stats(self.store)

    # -- diagrams -------------------------------------------------------------------------
    def find_card(self, ident: str) -> CardRow:
        """The one card `ident` names: a uid, a unique uid prefix, or `diagram_id:key`."""
        from app.core.card_preview import find_card

        return find_card(self.store, ident)

    def card_preview(self, card: CardRow, *, back: bool, width: int, height: int | None = None,
                     answer: str | None = None) -> Any:
        """A card as the review shows it (a rich renderable): `blueprint card show`."""
        from app.core.card_preview import preview

        return preview(self.store, card, back=back, width=width, height=height, answer=answer)

    def load_quiz(self, card: CardRow) -> LoadedQuiz:
        """The diagram card's diagram and quiz card, for the review screen."""
        from app.core.diagram_quiz import load_quiz

        return load_quiz(self.store, card, self._diagrams)

    # -- Anki -----------------------------------------------------------------------------
    def export_values(self, deck: str | None = None
                      ) -> tuple[list[ExportCard], list[ExportDiagram], list[str]]:
        """Active cards and their diagrams as the exporter's plain values, and problems."""
        from app.core.export_values import export_values

        return export_values(self.store, deck)

    def cache_dir(self) -> Path:
        """Where rendered images are kept between exports."""
        from app.core.export_values import cache_dir

        return cache_dir(self.store)

    def merge_reviews(self, reviews: list[ExternalReview], *, origin_prefix: str) -> ReviewMerge:
        """Reviews made elsewhere join the log once each; their cards are rescheduled."""
        from app.core.evaluation import collection_scheduler
        from app.core.review_merge import merge_reviews

        return merge_reviews(self.store, reviews, origin_prefix=origin_prefix,
                             scheduler=self.scheduler or collection_scheduler(self.store))
