"""Markdown to sanitised Anki field HTML: math for MathJax, local images as content-hashed media."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import nh3

from app.export.fast_blocks import field_html
from app.export.field_cache import CachedField, CachedMedia, FieldCache

if TYPE_CHECKING:  # markdown-it loads only when a field needs the full path
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Media a card may carry; anything else under the import root (a .env, a database) stays home.
MEDIA_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico", ".mp3", ".ogg"}
)

_TAGS = set(nh3.ALLOWED_TAGS) | {"tfoot"}
_ATTRIBUTES: dict[str, set[str]] = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("code", "pre", "span", "div", "p", "td", "th", "table", "img", "a"):
    _ATTRIBUTES.setdefault(_tag, set()).add("class")
_ATTRIBUTES["img"] |= {"title"}
_ATTRIBUTES["a"] |= {"title"}
_URL_SCHEMES = {"http", "https", "mailto"}
# Content of these goes too, not only the tag: a <script>'s text is never meant to be read.
_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


# One line of text with nothing Markdown or HTML would read as markup: a paragraph as written.
# (No leading digit, `-`, `+` or space: no list, code block or heading; no `&<>"` to escape.)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:?'()/%=+{}@^-]*")


class MediaSet:
    """The media files of one package: local path -> content-hashed name, each file read once.

    With a cache, a file whose size and modification time are unchanged is not read again.
    """

    def __init__(self, cache: FieldCache | None = None) -> None:
        self._cache = cache
        self._by_path: dict[Path, str] = {}
        self.files: dict[str, Path] = {}  # media name -> file to copy into the package

    def adopt(self, path: Path, name: str) -> None:
        """Register a file whose media name is already known (from the field cache)."""
        self._by_path.setdefault(path, name)
        self.files.setdefault(name, path)

    def add(self, path: Path, *, prefix: str = "bp") -> str:
        """Register `path`; returns its media name `<prefix>-<sha256[:20]><suffix>`."""
        name = self._by_path.get(path)
        if name is None:
            key = None
            if self._cache is not None:
                stat = path.stat()
                key = f"media\x00{prefix}\x00{path}\x00{stat.st_mtime_ns}\x00{stat.st_size}"
                name = self._cache.get_value(key)
            if name is None:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
                name = f"{prefix}-{digest}{path.suffix.lower()}"
                if key is not None and self._cache is not None:
                    self._cache.put_value(key, name)
            self._by_path[path] = name
            self.files.setdefault(name, path)
        return name


def _math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "\\(" + html.escape(tokens[idx].content, quote=False) + "\\)"


def _math_display_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "\\[" + html.escape(tokens[idx].content.strip(), quote=False) + "\\]"


def _math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "<p>\\[" + html.escape(tokens[idx].content.strip(), quote=False) + "\\]</p>\n"


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    lang = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    cls = f' class="bp-code language-{html.escape(lang)}"' if lang else ' class="bp-code"'
    return f"<pre{cls}><code>{html.escape(token.content, quote=False)}</code></pre>\n"


def _make_markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True, "breaks": False})
    md.enable(["table", "strikethrough"])
    # Pandoc's rule: no space inside the dollars, no digit after the closing one, so prices
    # ("$5 and $10") stay text.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_inline_double", _math_display_inline)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("math_block_label", _math_block)
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _fence)
    return md


def _cleaner(rewrite: Callable[[str, str, str], str | None] | None) -> nh3.Cleaner:
    # A Cleaner is built once and reused: nh3.clean() converts the allow-lists on every call,
    # which cost more than the sanitising itself.
    return nh3.Cleaner(tags=_TAGS, clean_content_tags=_DROP_WITH_CONTENT, attributes=_ATTRIBUTES,
                       attribute_filter=rewrite, url_schemes=_URL_SCHEMES,
                       link_rel="noopener noreferrer")


def _fast(text: str) -> str | None:
    """The field's HTML without markdown-it and nh3, or None when it needs them."""
    if _PLAIN.fullmatch(text):
        return f"<p>{text.strip()}</p>"  # what markdown-it and nh3 make of it, without them
    return field_html(text)


class FieldRenderer:
    """Turns a card's Markdown into the HTML of one Anki field; collects media and problems."""

    def __init__(
        self, media: MediaSet, problems: list[str], cache: FieldCache | None = None
    ) -> None:
        self._md: MarkdownIt | None = None
        self._cleaner: nh3.Cleaner | None = None
        self._media = media
        self._problems = problems
        self._cache = cache
        self._added: list[CachedMedia] = []

    def render(self, text: str, *, source: str = "", media_root: Path | None = None) -> str:
        """Markdown -> sanitised HTML; local images are renamed to their media names."""
        if not text.strip():
            return ""
        # The fast paths cost about what a cache lookup costs: only the full path is cached
        # (which also keeps a first export from writing every field to the cache).
        quick = _fast(text)
        if quick is not None:
            return quick
        if self._cache is None:
            return self.full_render(text, source, media_root)
        key = (text, source, str(media_root) if media_root else "")
        plain = self._cache.get_plain(key)
        if plain is not None:
            return plain
        hit = self._cache.get(key)
        if hit is not None:
            for media in hit.media:
                self._media.adopt(Path(media.path), media.name)
            self._problems.extend(hit.problems)
            return hit.html
        self._added = []
        known = len(self._problems)
        result = self.full_render(text, source, media_root)
        # A field with a problem is rendered again next time: the missing image may be there.
        if len(self._problems) == known:
            self._cache.put(key, CachedField(result, tuple(self._added), ()))
        return result

    def full_render(self, text: str, source: str = "", media_root: Path | None = None) -> str:
        """markdown-it, then nh3: what the fast paths above must equal (tests compare them)."""
        if self._md is None:
            self._md = _make_markdown()
            self._cleaner = _cleaner(None)
        raw = self._md.render(text)
        if "<img" not in raw:
            assert self._cleaner is not None
            return str(self._cleaner.clean(raw)).strip()
        found: list[Path | None] = []  # the note's folder, resolved only when an image needs it

        def rewrite(tag: str, attr: str, value: str) -> str | None:
            if tag == "img" and attr == "src":
                if not found:
                    found.append(_note_dir(source, media_root))
                return self._media_src(value, source=source, root=media_root, note_dir=found[0])
            return value

        return str(_cleaner(rewrite).clean(raw)).strip()

    def inline_text(self, text: str) -> str:
        """Plain text (a breadcrumb, a source) escaped for a field."""
        return html.escape(text, quote=False)

    def _media_src(
        self, value: str, *, source: str, root: Path | None, note_dir: Path | None
    ) -> str | None:
        parts = urlsplit(value)
        if parts.scheme in ("http", "https"):
            return value  # remote images are shown by Anki when online; nothing to package
        if parts.scheme or parts.netloc:
            self._problem(source, f"image {value!r} refused: only local files or http(s) URLs")
            return None
        rel = unquote(parts.path)
        if root is None or note_dir is None:
            self._problem(source, f"image {rel!r} refused: no import root to resolve it against")
            return None
        root = root.resolve()
        target = (note_dir / rel).resolve()
        if not target.is_relative_to(root):
            self._problem(
                source,
                f"image {rel!r} refused: it lies outside the import root {root}; "
                "move it under the notes folder",
            )
            return None
        if target.suffix.lower() not in MEDIA_SUFFIXES:
            self._problem(source, f"image {rel!r} refused: not an image or sound file")
            return None
        if not target.is_file():
            self._problem(source, f"image {rel!r} not found (looked for {target})")
            return None
        name = self._media.add(target)
        stat = target.stat()
        self._added.append(CachedMedia(str(target), stat.st_mtime_ns, stat.st_size, name))
        return name

    def _problem(self, source: str, message: str) -> None:
        self._problems.append(f"{source or '<unknown>'}: {message}")


def _note_dir(source: str, media_root: Path | None) -> Path | None:
    """The folder of the note file named by `source` ("path:line"), inside `media_root`."""
    if media_root is None:
        return None
    path = re.sub(r":\d+$", "", source)
    if not path:
        return media_root.resolve()
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = media_root / candidate
    return candidate.resolve().parent


CLOZE_ORDINAL = re.compile(r"\{\{c(\d+)::")


def cloze_ordinals(field_html: str) -> set[int]:
    """The card ordinals Anki makes from a cloze field (c0 makes none)."""
    return {n for n in map(int, CLOZE_ORDINAL.findall(field_html)) if n >= 1}
