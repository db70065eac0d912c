"""One walk over found notes for import and check: progress, stat, read, parse, problems split."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from app.core.files import ImportGroup, NoteFile, ReadResult, read_note
from importers.problem import Problem

if TYPE_CHECKING:
    from importers.model import CardDraft, DiagramBlock, ParsedNote

# The parsers (markdown-it, the diagram parsers, networkx) are imported when a file is parsed:
# a re-import with nothing changed is a walk, a stat per file and the files table.

Progress = Callable[[int, int, str], None]


class NoteVisit(NamedTuple):  # a NamedTuple, not a dataclass: cheaper to define at start-up
    """A found note and its stat (size, mtime), or the problem that stopped the stat."""

    note: NoteFile
    size: int = 0
    mtime_ns: int = 0
    problem: Problem | None = None

    def read(self) -> ReadResult:
        """The note's text, or a problem (the stat's own, when it failed)."""
        if self.problem is not None:
            return ReadResult(None, None, self.problem)
        return read_note(self.note, self.size)


def walk_notes(groups: list[ImportGroup], progress: Progress | None = None
               ) -> Iterator[NoteVisit]:
    """Every note of the groups, in order, stat'ed; `progress(done, total, rel)` hears each
    before it is visited. Nothing is read: a caller that skips unchanged files reads no bytes."""
    total = sum(len(g.files) for g in groups)
    done = 0
    for group in groups:
        for note in group.files:
            done += 1
            if progress:
                progress(done, total, note.rel)
            yield visit_note(note)


def visit_note(note: NoteFile) -> NoteVisit:
    """The note with the walk's own stat (os.scandir: no second one), or one taken now."""
    if note.size >= 0:
        return NoteVisit(note, note.size, note.mtime_ns)
    try:
        st = os.stat(note.real)
    except OSError as exc:
        return NoteVisit(note, problem=Problem(
            note.shown, 0, f"cannot read the file ({exc.strerror}): check its permissions"))
    return NoteVisit(note, st.st_size, st.st_mtime_ns)


@cache
def _parsers() -> tuple[Callable[..., ParsedNote], Callable[
        [DiagramBlock], tuple[list[CardDraft], dict | None, list[Problem]]]]:
    """The parsers, imported at the first note parsed (an import statement per note costs
    more than this cached call)."""
    from importers.diagram_cards import diagram_drafts
    from importers.markdown import parse_note

    return parse_note, diagram_drafts


def parse_file(text: str, note: NoteFile, *, deck: str | None = None
               ) -> tuple[list[CardDraft], list[dict], list[Problem]]:
    """One note's card drafts (its diagrams' families included), diagram rows and problems."""
    parse_note, diagram_drafts = _parsers()
    parsed = parse_note(text, note.rel, deck=deck)
    found = list(parsed.problems)
    drafts = list(parsed.cards)
    rows = []
    for block in parsed.diagrams:
        d_drafts, d_row, d_problems = diagram_drafts(block)
        drafts.extend(d_drafts)
        found.extend(d_problems)
        if d_row is not None:
            rows.append(d_row)
    where = note.shown if found else ""  # a relative path costs a few syscalls: only if used
    return drafts, rows, [Problem(where, p.line, p.message, p.notice) for p in found]


def split_notices(found: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(problems, notices): a notice is told but is not a problem of the note."""
    return [p for p in found if not p.notice], [p for p in found if p.notice]


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def has_text(text: str) -> bool:
    """A note with something to learn from: a line that is not blank, a heading or front matter.
    (Here, not in `suggesting`: an import would load the suggestion rules for it.)"""
    body = _FRONT_MATTER.sub("", text, count=1)
    return any(line.strip() and not line.lstrip().startswith("#") for line in body.split("\n"))


def plain_note(drafts: list[CardDraft], problems: list[Problem], text: str) -> bool:
    """Text but no cards and no problem: a plain note (worth the `suggest` hint). A file whose
    cards were refused already has a problem naming its line; the hint would mislead."""
    return not drafts and not any(not p.notice for p in problems) and has_text(text)
