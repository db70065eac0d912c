"""Reviewing suggested cards: what is pending, accepting (as drafted or edited), rejecting, and
the cards accepted suggestions give at every import (they are not in the notes, so the import
re-derives them from the decisions, keeping their explicit `sg-...` ids and so their history).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import BlueprintError
from app.core.files import NoteFile, display
from app.core.store import Store
from app.core.store_suggestions import Decision
from app.core.suggesting import read_text
from app.core.timeutil import format_utc
from importers.frontmatter import parse_front_matter
from importers.markdown import deck_from_path, parse_note
from importers.model import CardDraft, Problem
from importers.suggest import Suggestion, suggest_note

if TYPE_CHECKING:
    from app.core.importing import ImportReport

_CONTEXT = 3  # source lines shown above and below a suggestion's line


@dataclass(frozen=True)
class Pending:
    """A suggestion waiting for a decision, with the note lines it was drafted from."""

    suggestion: Suggestion
    path_key: str
    root: str
    source_lines: tuple[tuple[int, str], ...]  # (1-based line, text) around the source line

    @property
    def where(self) -> str:
        return f"{self.suggestion.source_path}:{self.suggestion.line}"

    @property
    def short_where(self) -> str:
        """`path:line` under the notes root, as cards show their source."""
        rel = self.path_key[len(self.root) + 1:] if self.path_key.startswith(self.root + "/") \
            else Path(self.path_key).name
        return f"{rel}:{self.suggestion.line}"


def pending_suggestions(store: Store) -> list[Pending]:
    """Undecided suggestions of every imported note, file by file, best first in each file."""
    return draft_pending(pending_inputs(store))


PendingInputs = tuple[list[tuple[str, str, str | None]], dict[str, dict[str, Decision]]]


def pending_inputs(store: Store) -> PendingInputs:
    """What `draft_pending` needs from the collection (read on the store's own thread)."""
    return store.note_files(), store.suggestion_decisions()


def draft_pending(inputs: PendingInputs) -> list[Pending]:
    """Read the notes and draft their undecided suggestions: no database, so a worker thread
    may run it while the screen stays live."""
    from app.core.decks import shipped_decks_dir

    files, decided = inputs
    result: list[Pending] = []
    problems: list[Problem] = []
    shipped = shipped_decks_dir()
    for path_key, root, _deck in files:
        if shipped is not None and Path(root) == shipped.resolve():
            continue  # the shipped decks are written as cards; their README is not a note
        rel = path_key[len(root) + 1:] if path_key.startswith(root + "/") else Path(path_key).name
        note = NoteFile(Path(root), Path(path_key), rel)
        text = read_text(note, problems) if note.path.is_file() else None
        if text is None:
            continue
        lines = text.split("\n")
        known = decided.get(path_key, {})
        shown = display(note.path)
        for s in suggest_note(text, rel, diagrams=False):
            if s.id in known:
                continue
            s = s.with_path(shown)
            lo, hi = max(1, s.line - _CONTEXT), min(len(lines), s.line + _CONTEXT)
            around = tuple((n, lines[n - 1]) for n in range(lo, hi + 1))
            result.append(Pending(s, path_key, root, around))
    return result


def check_markdown(markdown: str, where: str) -> None:
    """An edited draft must still be card syntax: at least one card and no problem."""
    parsed = parse_note(markdown, "draft.md")
    if parsed.problems:
        first = parsed.problems[0]
        raise BlueprintError(f"{where}: the edited card has a problem (line {first.line}: "
                             f"{first.message})", "fix it, or press escape to keep the draft")
    if not parsed.cards:
        raise BlueprintError(f"{where}: the edited text holds no card",
                             "write it as 'Q: …' and 'A: …', or 'C: … [deletion] …'")


def decide(store: Store, items: list[tuple[Pending, str, str | None]], *, now: datetime) -> None:
    """Record decisions: (pending, 'accepted' | 'rejected', edited markdown or None)."""
    decisions = []
    for p, status, edited in items:
        markdown = None
        if status == "accepted":
            markdown = edited if edited is not None else p.suggestion.markdown
            check_markdown(markdown, p.where)
        decisions.append(Decision(p.path_key, p.suggestion.id, status, markdown,
                                  p.suggestion.line))
    store.decide_suggestions(decisions, stamp=format_utc(now))


def import_targets(store: Store, pendings: list[Pending]) -> list[tuple[Path, str | None]]:
    """What to re-import so accepted suggestions become cards: each file's root (or the file
    itself when it was imported alone), with the deck it was imported with."""
    decks = {key: deck for key, _root, deck in store.note_files()}
    targets: dict[Path, str | None] = {}
    for p in pendings:
        rel = p.path_key[len(p.root) + 1:]
        target = Path(p.path_key) if "/" not in rel else Path(p.root)
        targets[target] = decks.get(p.path_key)
    return list(targets.items())


def accepted_drafts(decisions: dict[str, Decision], text: str, source_path: str,
                    deck: str | None) -> list[CardDraft]:
    """The cards of a note's accepted suggestions whose source text is still there."""
    accepted = {k: d for k, d in decisions.items() if d.status == "accepted" and d.markdown}
    if not accepted:
        return []
    current = {s.id: s for s in suggest_note(text, source_path, cap=None, diagrams=False)}
    deck = deck or _note_deck(text, source_path)
    drafts: list[CardDraft] = []
    for sid, decision in accepted.items():
        s = current.get(sid)
        if s is None or decision.markdown is None:
            continue  # its source text changed: the suggestion is pending again
        parsed = parse_note(f"{decision.markdown}\n<!-- id: {sid} -->", source_path, deck=deck)
        drafts.extend(replace(d, line=s.line, breadcrumb=s.breadcrumb) for d in parsed.cards)
    return drafts


def _note_deck(text: str, source_path: str) -> str:
    """The deck a note's own cards would get: front matter `deck:`, else its folder path."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            front, _ = parse_front_matter(text[4:end], source_path)
            if front.deck:
                return front.deck
    return deck_from_path(source_path)


class SuggestionDesk:
    """What the Suggestions screen needs of the collection: pending drafts and decisions, each
    decision followed by the re-import that turns accepted drafts into cards."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def pending(self) -> list[Pending]:
        return pending_suggestions(self.store)

    def pending_inputs(self) -> PendingInputs:
        """Read on this thread; hand to `draft_pending` in a worker."""
        return pending_inputs(self.store)

    def accept(self, items: list[tuple[Pending, str | None]]) -> ImportReport:
        """Accept drafts (with an edited text, or None for the draft as it is)."""
        return self._decide([(p, "accepted", edited) for p, edited in items])

    def reject(self, items: list[Pending]) -> None:
        self._decide([(p, "rejected", None) for p in items])

    def _decide(self, items: list[tuple[Pending, str, str | None]]) -> ImportReport:
        from app.core.importing import ImportReport, import_paths

        now = self.clock()
        decide(self.store, items, now=now)
        report = ImportReport()
        accepted = [p for p, status, _ in items if status == "accepted"]
        for target, deck in import_targets(self.store, accepted):
            one = import_paths(self.store, [target], now=now, deck=deck)
            report.added += one.added
            report.problems += one.problems
        return report
