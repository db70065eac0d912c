"""Mermaid label text as a reader sees it: `<br/>` and `\\n` as line breaks, entities, markdown."""

from __future__ import annotations

import html
import re

_BR_RE = re.compile(r"<br\s*/?\s*>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
# Mermaid's own entity codes: `#quot;`, `#35;`, `#lt;` stand for `&quot;`, `&#35;`, `&lt;`.
_MERMAID_ENTITY_RE = re.compile(r"#([A-Za-z]+|\d+);")
_BLANKS_RE = re.compile(r"[ \t\u00a0]+")
_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EM_UNDER_RE = re.compile(r"(?<![A-Za-z0-9])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9])")


def _entity(match: re.Match[str]) -> str:
    code = match.group(1)
    return f"&#{code};" if code.isdigit() else f"&{code};"


def _render_markdown(text: str) -> str:
    # Mermaid renders markdown strings with bold, italic and paragraphs only; blank lines between
    # paragraphs become single line breaks.
    text = re.sub(r"\n\s*\n+", "\n", text)
    text = _BOLD_RE.sub(r"\2", text)
    text = _EM_STAR_RE.sub(r"\1", text)
    return _EM_UNDER_RE.sub(r"\1", text)


def label_text(raw: str, *, markdown: bool = False) -> str:
    """The text Mermaid shows for a label body (quotes already removed), lines joined by "\\n"."""
    text = raw.replace("\r\n", "\n")
    if markdown:
        text = _render_markdown(text)
    text = _MERMAID_ENTITY_RE.sub(_entity, text)
    text = _BR_RE.sub("\n", text)
    text = text.replace("\\n", "\n")
    text = _TAG_RE.sub("", text)
    text = html.unescape(text)
    lines = [_BLANKS_RE.sub(" ", line).strip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def unquote(raw: str) -> tuple[str, bool]:
    """Strip `"..."` or `` "`...`" `` around a label; returns the body and "is markdown"."""
    body = raw.strip()
    if len(body) >= 2 and body[0] == '"' and body[-1] == '"':
        body = body[1:-1]
        if len(body) >= 2 and body[0] == "`" and body[-1] == "`":
            return body[1:-1], True
    return body, False
