"""A disk cache for exports: rendered fields and diagram image paths, so re-exports are cheap."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from app.core.store_files import FieldKey, load_render_cache, save_render_cache

CACHE_FILE = "anki-export-cache.sqlite"


@dataclass(frozen=True)
class CachedMedia:
    path: str
    mtime_ns: int
    size: int
    name: str

    def still_valid(self) -> bool:
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_mtime_ns, stat.st_size) == (self.mtime_ns, self.size)


@dataclass(frozen=True)
class CachedField:
    html: str
    media: tuple[CachedMedia, ...]
    problems: tuple[str, ...]


def _renderer_fingerprint() -> str:
    # Any change to the renderer's code or to the libraries it uses makes every field stale, so
    # no one has to remember to bump a version number.
    here = Path(__file__).resolve().parent
    parts = [hashlib.sha256((here / name).read_bytes()).hexdigest()
             for name in ("html.py", "fast_inline.py", "fast_blocks.py")]
    parts += [module_stamp(name) for name in ("markdown_it", "mdit_py_plugins", "nh3")]
    return json.dumps(parts)


def module_stamp(name: str) -> str:
    """Where an installed module lives and when its file last changed: a new version of it
    changes this, and finding it imports nothing (importlib.metadata alone costs 10-20 ms)."""
    spec = find_spec(name)
    origin = spec.origin if spec is not None else None
    if origin is None:
        return f"{name}: not found"
    stat = os.stat(origin)
    return f"{origin}:{stat.st_mtime_ns}:{stat.st_size}"


class FieldCache:
    """Rendered field HTML keyed by (text, source, import root), in one SQLite file.

    Also holds plain string values under caller-made keys (`get_value`/`put_value`), which the
    diagram images use to find a rendered file without rebuilding its DOT source. Keys are the
    raw tuples, not hashes: a lookup costs one dict access.
    """

    def __init__(self, cache_dir: Path) -> None:
        self._path = cache_dir / CACHE_FILE
        self._loaded = False
        self._fields: dict[FieldKey, str] = {}
        self._values: dict[str, str] = {}
        self._new_fields: dict[FieldKey, str] = {}
        self._new_values: dict[str, str] = {}
        self._used: set[FieldKey] = set()
        self._fingerprint = ""

    @staticmethod
    def key(text: str, source: str, media_root: Path | None) -> FieldKey:
        return (text, source, str(media_root) if media_root else "")

    def get_plain(self, key: FieldKey) -> str | None:
        """The cached HTML of a field that has no media and no problem (the common case)."""
        if not self._loaded:
            self._load()
        value = self._fields.get(key)
        if value is None or not value.startswith("H"):
            return None
        self._used.add(key)
        return value[1:]

    def get(self, key: FieldKey) -> CachedField | None:
        self._load()
        value = self._fields.get(key)
        if value is None:
            return None
        entry = _decode(value)
        if entry.media and not all(m.still_valid() for m in entry.media):
            return None
        self._used.add(key)
        return entry

    def put(self, key: FieldKey, entry: CachedField) -> None:
        self._load()
        self._fields[key] = self._new_fields[key] = _encode(entry)
        self._used.add(key)

    def get_value(self, key: str) -> str | None:
        self._load()
        return self._values.get(key)

    def put_value(self, key: str, value: str) -> None:
        self._load()
        self._values[key] = self._new_values[key] = value

    def flush(self) -> None:
        """Write new entries; drop unused fields once they outnumber the used ones 3 to 1."""
        prune = len(self._fields) > 3 * len(self._used) + 1000
        if not (self._new_fields or self._new_values or prune):
            return
        drop = [k for k in self._fields if k not in self._used] if prune else []
        save_render_cache(self._path, self._fingerprint, self._new_fields, self._new_values,
                          drop)
        self._new_fields.clear()
        self._new_values.clear()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        self._fingerprint = _renderer_fingerprint()
        fields, values = load_render_cache(self._path, self._fingerprint)
        self._fields.update(fields)
        self._values.update(values)


# Most fields have no media and no problem: those are stored as "H" + html, skipping JSON.
def _encode(entry: CachedField) -> str:
    if not entry.media and not entry.problems:
        return "H" + entry.html
    media = [[m.path, m.mtime_ns, m.size, m.name] for m in entry.media]
    return "J" + json.dumps([entry.html, media, list(entry.problems)])


def _decode(value: str) -> CachedField:
    if value.startswith("H"):
        return CachedField(value[1:], (), ())
    html, media, problems = json.loads(value[1:])
    return CachedField(html, tuple(CachedMedia(*m) for m in media), tuple(problems))
