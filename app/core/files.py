"""Finding and reading note files safely: size, binary, encoding, symlink loops, permissions,
odd files (FIFOs, devices) and file names that are not UTF-8."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from importers.model import Problem

MAX_BYTES = 5 * 1024 * 1024
NOTE_SUFFIXES = (".md", ".markdown")
SKIP_DIRS = {".git", ".obsidian", ".trash", "node_modules", ".venv", "__pycache__"}


@dataclass(frozen=True)
class NoteFile:
    """A note found under an import root."""

    root: Path  # the notes root: a known root holding the path, else the folder imported
    path: Path  # resolved absolute path
    rel: str  # posix path relative to root: the card's source path

    @property
    def shown(self) -> str:
        """The file as messages name it (the link, not its target, when it is a symlink)."""
        return display(self.root / self.rel)


@dataclass
class ImportGroup:
    """What one given path found: its notes root, what was imported under it, the notes."""

    root: Path
    scope: Path  # the folder or file imported: only files under it may be retired
    files: list[NoteFile]
    is_folder: bool


def display(path: Path | str) -> str:
    """A path as messages show it: relative to the working directory when possible, with bytes
    that are not UTF-8 shown as U+FFFD (so it can always be printed and stored)."""
    try:
        text = os.path.relpath(path)
    except ValueError:
        text = str(path)
    return printable(text)


def printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _known_root(resolved: Path, known_roots: list[Path]) -> Path | None:
    """The deepest known notes root holding `resolved` (or equal to it)."""
    holding = [r for r in known_roots if resolved == r or resolved.is_relative_to(r)]
    return max(holding, key=lambda r: len(r.parts), default=None)


def discover(paths: list[Path], known_roots: list[Path] | None = None
             ) -> tuple[list[ImportGroup], list[Problem]]:
    """Markdown files under each path, grouped by notes root (a subfolder or file of a known
    root keeps that root; ARCHITECTURE.md)."""
    groups: list[ImportGroup] = []
    problems: list[Problem] = []
    for given in paths:
        shown = printable(str(given))
        if not given.exists() and not given.is_symlink():
            problems.append(Problem(shown, 0, "no such file or folder: check the path"))
            continue
        try:
            resolved = given.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Problem(shown, 0, "symlink loop or broken link: the path points "
                                    "nowhere; fix or remove the link"))
            continue
        if resolved.is_dir():
            root = _known_root(resolved, known_roots or []) or resolved
            found = _walk(resolved, root, problems)
            groups.append(ImportGroup(root, resolved, found, True))
        elif resolved.name.lower().endswith(NOTE_SUFFIXES) or not resolved.is_file():
            root = _known_root(resolved.parent, known_roots or []) or resolved.parent
            found = [NoteFile(root, resolved, resolved.relative_to(root).as_posix())]
            groups.append(ImportGroup(root, resolved, found, False))
        else:
            found = []
        if not found:
            problems.append(Problem(shown, 0, f"no Markdown files in {shown}: notes end in .md "
                                    "or .markdown"))
    return groups, problems


def _walk(top: Path, root: Path, problems: list[Problem]) -> list[NoteFile]:
    found: list[NoteFile] = []
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        problems.append(Problem(display(Path(exc.filename or top)), 0, f"cannot read this "
                                f"folder ({exc.strerror}): check its permissions"))

    for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=unreadable):
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
        bad_dirs = [d for d in dirnames if not _is_utf8(d)]
        for d in bad_dirs:
            problems.append(Problem(display(here / d), 0, "folder name is not valid UTF-8: "
                                    "rename it; its notes were skipped"))
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and _is_utf8(d))
        real_here: Path | None = None  # the folder's real path, resolved once for its files
        for name in sorted(filenames):
            if not name.lower().endswith(NOTE_SUFFIXES):
                continue
            full = here / name
            if not _is_utf8(name):
                problems.append(Problem(display(full), 0, "file name is not valid UTF-8: "
                                        "rename it (e.g. convmv -t UTF-8); it was skipped"))
                continue
            try:
                if os.path.islink(full):  # only a link needs resolving (one lstat otherwise)
                    real = full.resolve(strict=True)
                else:
                    real_here = real_here or here.resolve(strict=True)
                    real = real_here / name
            except (OSError, RuntimeError):
                problems.append(Problem(display(full), 0, "broken or looping symlink: fix "
                                        "or remove the link"))
                continue
            found.append(NoteFile(root, real, full.relative_to(root).as_posix()))
    return found


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    content_hash: str | None
    problem: Problem | None


def _too_big(note: NoteFile, size: int, *, grew: bool = False) -> ReadResult:
    what = "grew while being read past" if grew else f"is {size / 1048576:.1f} MB, over"
    return ReadResult(None, None, Problem(note.shown, 0, f"file {what} the 5 MB limit "
                                          "for a note: split it"))


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | str:
    """At most `limit` + 1 bytes of a regular file, or why it cannot be read. Opened without
    blocking, so a FIFO never hangs the import; a device is refused before it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"cannot read the file ({exc.strerror}): check its permissions"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "not a regular file (a pipe, device or socket): it was skipped"
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return f"cannot read the file ({exc.strerror}): check its permissions"
    finally:
        os.close(fd)


def read_note(note: NoteFile, size: int) -> ReadResult:
    """The note's text, or a problem saying why it cannot be imported."""
    if size > MAX_BYTES:
        return _too_big(note, size)
    data = read_bytes(note.path)
    if isinstance(data, str):
        return ReadResult(None, None, Problem(note.shown, 0, data))
    if len(data) > MAX_BYTES:  # it grew after stat()
        return _too_big(note, len(data), grew=True)
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:8192]:
        return ReadResult(None, digest, Problem(note.shown, 0, "binary file, not "
                                                "Markdown text: remove it from the notes "
                                                "folder or rename it"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ReadResult(None, digest, Problem(note.shown, line, "text is not UTF-8: "
                                                "save the file as UTF-8 (e.g. iconv -t UTF-8)"))
    return ReadResult(text.replace("\r\n", "\n").replace("\r", "\n"), digest, None)
