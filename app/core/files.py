"""Finding and reading note files safely: size, binary, encoding, symlink loops, permissions."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from importers.model import Problem

MAX_BYTES = 5 * 1024 * 1024
NOTE_SUFFIXES = (".md", ".markdown")
SKIP_DIRS = {".git", ".obsidian", ".trash", "node_modules", ".venv", "__pycache__"}


@dataclass(frozen=True)
class NoteFile:
    """A note found under an import root."""

    root: Path  # resolved folder the import was asked for (or the file's folder)
    path: Path  # resolved absolute path
    rel: str  # posix path relative to root: the card's source path


def display(path: Path) -> str:
    """A path as messages show it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def discover(paths: list[Path]) -> tuple[list[tuple[Path, list[NoteFile], bool]], list[Problem]]:
    """Markdown files under each path, grouped by import root (and whether it is a folder)."""
    groups: list[tuple[Path, list[NoteFile], bool]] = []
    problems: list[Problem] = []
    for given in paths:
        if not given.exists():
            problems.append(Problem(display(given), 0, "no such file or folder: check the path"))
            continue
        try:
            resolved = given.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Problem(display(given), 0, "symlink loop: the path points back at "
                                    "itself; fix or remove the link"))
            continue
        if resolved.is_file():
            groups.append((resolved.parent, [NoteFile(resolved.parent, resolved, resolved.name)],
                           False))
            continue
        found: list[NoteFile] = []
        seen_dirs: set[tuple[int, int]] = set()

        def unreadable(exc: OSError, top: Path = resolved) -> None:
            problems.append(Problem(display(Path(exc.filename or top)), 0, f"cannot read this "
                                    f"folder ({exc.strerror}): check its permissions"))

        for dirpath, dirnames, filenames in os.walk(resolved, followlinks=True,
                                                     onerror=unreadable):
            here = Path(dirpath)
            try:
                st = here.stat()
            except OSError:
                dirnames[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                problems.append(Problem(display(here), 0, "symlink loop: this folder was already "
                                        "visited through another link; it was skipped"))
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                if not name.lower().endswith(NOTE_SUFFIXES):
                    continue
                full = here / name
                try:
                    real = full.resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(Problem(display(full), 0, "broken or looping symlink: fix "
                                            "or remove the link"))
                    continue
                rel = (here / name).relative_to(resolved).as_posix()
                found.append(NoteFile(resolved, real, rel))
        groups.append((resolved, found, True))
    return groups, problems


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    content_hash: str | None
    problem: Problem | None


def read_note(note: NoteFile, size: int) -> ReadResult:
    """The note's text, or a problem saying why it cannot be imported."""
    if size > MAX_BYTES:
        return ReadResult(None, None, Problem(display(note.path), 0, f"file is "
                                              f"{size / 1048576:.1f} MB, over the 5 MB limit "
                                              "for a note: split it"))
    try:
        data = note.path.read_bytes()
    except OSError as exc:
        return ReadResult(None, None, Problem(display(note.path), 0, f"cannot read the file "
                                              f"({exc.strerror}): check its permissions"))
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:8192]:
        return ReadResult(None, digest, Problem(display(note.path), 0, "binary file, not "
                                                "Markdown text: remove it from the notes "
                                                "folder or rename it"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ReadResult(None, digest, Problem(display(note.path), line, "text is not UTF-8: "
                                                "save the file as UTF-8 (e.g. iconv -t UTF-8)"))
    return ReadResult(text.replace("\r\n", "\n").replace("\r", "\n"), digest, None)
