"""Finding and reading note files safely: size, binary, encoding, symlink loops, permissions,
odd files (FIFOs, devices) and file names that are not UTF-8."""

from __future__ import annotations

import operator
import os
import stat
from pathlib import Path
from typing import NamedTuple

from importers.problem import Problem

MAX_BYTES = 5 * 1024 * 1024
NOTE_SUFFIXES = (".md", ".markdown")
SKIP_DIRS = {".git", ".obsidian", ".trash", "node_modules", ".venv", "__pycache__"}


class NoteFile:
    """A note found under an import root (and its stat, when the walk took it)."""

    __slots__ = ("_path", "mtime_ns", "rel", "root", "size")

    def __init__(self, root: Path, path: Path | str, rel: str, size: int = -1,
                 mtime_ns: int = -1) -> None:
        self.root = root  # the notes root: a known root holding the path, else the folder
        self._path = path  # resolved absolute path (a str from the walk: made a Path on use)
        self.rel = rel  # posix path relative to root: the card's source path
        self.size = size  # the walk's stat (-1: not taken)
        self.mtime_ns = mtime_ns

    @property
    def path(self) -> Path:
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    @property
    def real(self) -> str:
        """The resolved path as a string (what a stat or open needs)."""
        return str(self._path)

    @property
    def shown(self) -> str:
        """The file as messages name it (the link, not its target, when it is a symlink)."""
        return display(self.root / self.rel)

    def __repr__(self) -> str:
        return f"NoteFile({self.root!r}, {self.real!r}, {self.rel!r})"


# NamedTuples, not dataclasses, here: a dataclass's methods are compiled at every start-up,
# and a re-import with nothing changed is mostly start-up.
class ImportGroup(NamedTuple):
    """What one given path found: its notes root, what was imported under it, the notes."""

    root: Path
    scope: Path  # the folder or file imported: only files under it may be retired
    files: list[NoteFile]
    is_folder: bool


def path_key(root: object, rel: str) -> str:
    """Cards are grouped by their file's absolute path, whatever root imported them."""
    return f"{root}/{rel}"


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
    """The notes under `top`, folders and files in name order, each stat'ed once (os.scandir:
    no per-file Path, and only a symlink is resolved)."""
    found: list[NoteFile] = []
    seen_dirs: set[tuple[int, int]] = set()
    rel_top = top.relative_to(root).as_posix()
    stack = [(str(top), "" if rel_top == "." else rel_top + "/")]
    while stack:
        folder, rel_dir = stack.pop()
        entries = _folder_entries(folder, seen_dirs, problems)
        if entries is None:
            continue
        subdirs: list[tuple[str, str]] = []
        real_here: str | None = None  # the folder's real path, resolved once for its files
        real_dir = ""  # and with its slash
        for entry in entries:
            name = entry.name
            if _is_dir(entry):
                if name in SKIP_DIRS:
                    continue
                if not (name.isascii() or _is_utf8(name)):
                    problems.append(Problem(display(entry.path), 0, "folder name is not valid "
                                            "UTF-8: rename it; its notes were skipped"))
                    continue
                subdirs.append((entry.path, rel_dir + name + "/"))
            elif name.lower().endswith(NOTE_SUFFIXES):
                if real_here is None:
                    real_here = os.path.realpath(folder)
                    real_dir = real_here + "/" if real_here != "/" else "/"
                if name.isascii() and not entry.is_symlink():  # the usual note, inline
                    try:
                        st = entry.stat()
                    except OSError:
                        pass  # told by _note below
                    else:
                        found.append(NoteFile(root, real_dir + name, rel_dir + name,
                                              st.st_size, st.st_mtime_ns))
                        continue
                note = _note(entry, root, rel_dir, real_here, problems)
                if note is not None:
                    found.append(note)
        stack.extend(reversed(subdirs))  # depth first, in name order, as os.walk goes
    return found


_NAME = operator.attrgetter("name")


def _folder_entries(folder: str, seen_dirs: set[tuple[int, int]],
                    problems: list[Problem]) -> list[os.DirEntry[str]] | None:
    """The folder's entries sorted by name; None (and maybe a problem) when it is skipped."""
    try:
        st = os.stat(folder)
        with os.scandir(folder) as it:
            entries = sorted(it, key=_NAME)
    except OSError as exc:
        problems.append(Problem(display(exc.filename or folder), 0, f"cannot read this "
                                f"folder ({exc.strerror}): check its permissions"))
        return None
    key = (st.st_dev, st.st_ino)
    if key in seen_dirs:
        problems.append(Problem(display(folder), 0, "symlink loop: this folder was already "
                                "visited through another link; it was skipped"))
        return None
    seen_dirs.add(key)
    return entries


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links, as the walk always did
    except OSError:
        return False


def _note(entry: os.DirEntry[str], root: Path, rel_dir: str, real_here: str,
          problems: list[Problem]) -> NoteFile | None:
    name = entry.name
    if not (name.isascii() or _is_utf8(name)):
        problems.append(Problem(display(entry.path), 0, "file name is not valid UTF-8: "
                                "rename it (e.g. convmv -t UTF-8); it was skipped"))
        return None
    try:
        if entry.is_symlink():  # only a link needs resolving
            real = str(Path(entry.path).resolve(strict=True))
        else:
            real = real_here + "/" + name if real_here != "/" else "/" + name
        st = entry.stat()
    except (OSError, RuntimeError):
        problems.append(Problem(display(entry.path), 0, "broken or looping symlink: fix "
                                "or remove the link"))
        return None
    return NoteFile(root, real, rel_dir + name, st.st_size, st.st_mtime_ns)


class ReadResult(NamedTuple):
    text: str | None
    content_hash: str | None
    problem: Problem | None


def _too_big(note: NoteFile, size: int, *, grew: bool = False) -> ReadResult:
    what = "grew while being read past" if grew else f"is {size / 1048576:.1f} MB, over"
    return ReadResult(None, None, Problem(note.shown, 0, f"file {what} the 5 MB limit "
                                          "for a note: split it"))


def read_bytes(path: Path | str, limit: int = MAX_BYTES) -> bytes | str:
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
    data = read_bytes(note.real)
    if isinstance(data, str):
        return ReadResult(None, None, Problem(note.shown, 0, data))
    if len(data) > MAX_BYTES:  # it grew after stat()
        return _too_big(note, len(data), grew=True)
    import hashlib  # loaded when a note is read: a no-change re-import reads none

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
