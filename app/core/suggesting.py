"""`blueprint suggest`: cards drafted from plain notes, listed or written as a drafts file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import BlueprintError
from app.core.files import NoteFile, discover, display, read_note
from importers.model import Problem
from importers.suggest import DEFAULT_CAP, Suggestion, suggest_note


@dataclass
class SuggestResult:
    suggestions: list[Suggestion] = field(default_factory=list)  # source_path as displayed
    counts: dict[str, int] = field(default_factory=dict)  # displayed path -> suggestions
    notes: list[NoteFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def no_cards_hint(count: int, paths: list[Path]) -> str:
    """What to tell the user when notes hold text but no cards (once per run)."""
    where = " ".join(_quoted(display(p)) for p in paths) or "PATH"
    files = "1 file has" if count == 1 else f"{count} files have"
    return (f"{files} notes but no cards: `blueprint suggest {where}` drafts cards from them, "
            "or see the card syntax in the README")


def _quoted(path: str) -> str:
    return path if re.fullmatch(r"[\w./~-]+", path) else "'" + path.replace("'", "'\\''") + "'"


def suggest_paths(paths: list[Path], *, cap: int | None = DEFAULT_CAP) -> SuggestResult:
    """Suggestions for every Markdown file under the paths, best first within each file."""
    result = SuggestResult()
    groups, problems = discover(paths)
    result.problems.extend(problems)
    for group in groups:
        for note in group.files:
            text = read_text(note, result.problems)
            if text is None:
                continue
            shown = display(note.path)
            found = [s.with_path(shown) for s in suggest_note(text, note.rel, cap=cap)]
            result.notes.append(note)
            result.suggestions.extend(found)
            result.counts[shown] = len(found)
    if not result.notes and all(p.message.startswith("no Markdown files in")
                                for p in result.problems):
        raise BlueprintError("no Markdown files found",
                             "give a .md file or a folder holding some")
    return result


def read_text(note: NoteFile, problems: list[Problem]) -> str | None:
    """A note's text, or None with the reason added to `problems`."""
    try:
        size = note.path.stat().st_size
    except OSError as exc:
        problems.append(Problem(display(note.path), 0, f"cannot read the file ({exc.strerror})"))
        return None
    read = read_note(note, size)
    if read.problem is not None:
        problems.append(read.problem)
        return None
    return read.text


def drafts_markdown(suggestions: list[Suggestion]) -> str:
    """The drafts in card syntax, file by file in the notes' order, each with its source."""
    out = ["<!-- Cards drafted by `blueprint suggest`: keep what is right, edit the rest, then "
           "paste them into your notes (or import this file). -->", ""]
    by_file: dict[str, list[Suggestion]] = {}
    for s in suggestions:
        by_file.setdefault(s.source_path, []).append(s)
    for path, items in by_file.items():
        out += [f"# {path}", ""]
        for s in sorted(items, key=lambda s: (s.line, s.id)):
            context = " > ".join(s.breadcrumb)
            out.append(f"<!-- {path}:{s.line} {s.rule}" + (f" · {context}" if context else "")
                       .replace("--", "—") + " -->")
            out += [s.markdown, ""]
    return "\n".join(out)


def write_drafts(result: SuggestResult, out: Path) -> None:
    """Write the drafts file; never over one of the notes that were read."""
    target = out.expanduser().resolve()
    if any(note.path == target for note in result.notes):
        raise BlueprintError(f"{display(out)} is one of the notes being read; Blueprint never "
                             "writes into your notes", "give --out a new file name")
    try:
        target.write_text(drafts_markdown(result.suggestions), encoding="utf-8")
    except OSError as exc:
        raise BlueprintError(f"cannot write {display(out)} ({exc.strerror})",
                             "check the folder exists and is writable") from exc
