"""The HTML of a one-line Markdown paragraph made only of the commonest inline marks (`code`,
**strong**, *emphasis*, _emphasis_, **_both_**, [links](url)), written directly: markdown-it
and nh3 cost about 0.1 ms a field, most of an export's time. Anything this module is not sure
to write exactly as they would gives None, and the caller takes the full path; a differential
test (tests/test_export_fields.py) holds the two to the same output."""

from __future__ import annotations

import html
import re

# Characters that mean nothing to Markdown or HTML in running text (no `*_[]`<&\\$!|#`; no
# `~~`; `>` only past the first character, where it quotes no block, written `&gt;`): ASCII
# ones, and any other but a no-break space (nh3 writes it as an entity), line or paragraph
# separators and a byte-order mark.
# Written as what is left out: a class of many wide ranges takes milliseconds to compile.
_SAFE = r"^\x00-\x1f!#$&*<\[\\\]_`|~\x7f-\xa0\u2028\u2029\ufeff"
_INNER = rf"[A-Za-z0-9](?:[{_SAFE}]*[A-Za-z0-9])?"  # alphanumeric at both ends: flanking is clear
_TOKEN = re.compile(
    rf"(?P<text>(?:[{_SAFE}]|~(?!~))+)"
    r"|`(?P<code>[^`\s](?:[^`]*[^`\s])?)`"
    rf"|(?P<strong>\*\*|__)(?P<strong_in>{_INNER})(?P=strong)"
    rf"|(?P<both>\*\*|__)(?P<both_em>[*_])(?P<both_in>{_INNER})(?P=both_em)(?P=both)"
    rf"|(?P<em>[*_])(?P<em_in>{_INNER})(?P=em)"
    rf"|\[(?P<label>{_INNER})\]\((?P<url>(?:https?://)?[A-Za-z0-9._/#-]+)\)"
    rf"|(?P<bracket>\[[{_SAFE}]*\])(?![(\[:])"  # a cloze blank "[...]": no link, no reference
)
# Beside a mark, only a space, the text's end or plain punctuation: never a letter (intraword
# `_` rules), another delimiter, a backtick (code spans pair runs of equal length) or a bracket.
_NEIGHBOUR = frozenset(" ,.;:?'()/%=+{}@^-")
# The first character never opens a list, heading, quote, fence or code block.
_FIRST = re.compile(r"[^\x00-@\[-_{-\xa0\U00010000-\U0010ffff]"  # A-Z, a-z, `, U+00A1-U+FFFF
                    r"|~(?!~)|\d(?!\d{0,8}[.)](?:\s|$))"
                    r"|\*\*[^\s*]|__[^\s_]|[*_\[][^\s*_]")


def inline_html(text: str) -> str | None:
    """`<p>...</p>` for `text` as markdown-it + nh3 give it, or None when not sure."""
    text = text.rstrip(" ")
    # markdown-it trims any other white space at either end (an em space, U+3000, U+1680).
    if "\n" in text or not _FIRST.match(text) or text[0].isspace() or text[-1].isspace():
        return None
    out: list[str] = []
    at = 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            return None
        start, at = m.span()
        if m["text"] is not None or m["bracket"] is not None:
            out.append(_gt(m.group()))
            continue
        if (start > 0 and text[start - 1] not in _NEIGHBOUR) or (
                at < len(text) and text[at] not in _NEIGHBOUR):
            return None
        if m["both"] is not None and m["both"][0] == m["both_em"]:
            return None  # `***a***` nests the other way round
        out.append(_mark(m))
    return f"<p>{''.join(out)}</p>"


def _mark(m: re.Match[str]) -> str:
    if m["code"] is not None:
        return f"<code>{html.escape(m['code'], quote=False)}</code>"
    if m["both"] is not None:
        return f"<strong><em>{_gt(m['both_in'])}</em></strong>"
    if m["strong"] is not None:
        return f"<strong>{_gt(m['strong_in'])}</strong>"
    if m["em"] is not None:
        return f"<em>{_gt(m['em_in'])}</em>"
    return f'<a href="{m["url"]}" rel="noopener noreferrer">{_gt(m["label"])}</a>'


def _gt(text: str) -> str:
    # `>` is the one character of running text that nh3 writes as an entity.
    return text.replace(">", "&gt;")
