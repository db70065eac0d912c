"""Small text helpers shared by the suggestion rules: plain text of Markdown, titles, links."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_ITALIC = re.compile(r"(?<![\w*])[*_]([^*_\s][^*_]*?)[*_](?![\w*])")
_NUMBERING = re.compile(r"^(?:(?:step|part|chapter|section)\s+)?\d+(?:\.\d+)*[.):]?\s+", re.I)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")
_WIKILINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")


def one_line(text: str) -> str:
    """Collapse a paragraph's lines (and runs of spaces) into one line."""
    return " ".join(text.split())


def plain(text: str) -> str:
    """Markdown inline text without links' targets, emphasis markers or emoji."""
    text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ITALIC.sub(r"\1", text)
    text = _EMOJI.sub("", text)
    return one_line(text)


def title(heading: str) -> str:
    """A heading as a phrase: no numbering (`2. Metrics`), emphasis, emoji or trailing colon."""
    text = _NUMBERING.sub("", plain(heading)).strip()
    return text.rstrip(":;,").strip()


def is_link_only(text: str) -> bool:
    """An item that is a link (table of contents, link lists), perhaps with a short note."""
    stripped = text.strip()
    if "](" not in stripped and "[[" not in stripped and "://" not in stripped:
        return False
    rest = _WIKILINK.sub("", _LINK.sub("", stripped))
    rest = re.sub(r"https?://\S+", "", rest)
    return len(rest.strip(" -–—:|*_()")) < 3 or stripped.lstrip("*_ ").startswith(("[", "http"))


def has_math(text: str) -> bool:
    return "$" in text or "\\(" in text


def words(text: str) -> int:
    return len(text.split())


def lower_words(phrase: str) -> str:
    """`Data Sources` -> `data sources`; acronyms (`CTR`) and words with inner capitals stay."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w
                    for w in phrase.split())


def plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower() if phrase.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "sis"))


def brackets_free(text: str) -> bool:
    """Text that can sit in a `C:` card: its own brackets would read as deletions."""
    return "[" not in text and "]" not in text
