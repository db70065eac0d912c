"""The HTML of a field made of paragraphs, tight one-line lists whose lines the inline fast
path (fast_inline) writes, and fenced code, as markdown-it + nh3 would give it: most
multi-line card backs (a sentence, a few bullet points or numbered steps, a snippet). Anything
else gives None and the caller takes the full path; tests/test_export_fields.py holds the two
to the same output."""

from __future__ import annotations

import html
import re

from app.export.fast_inline import inline_html

# A list item on one line: up to three spaces, a marker, one space, then its text.
_ITEM = re.compile(r"( {0,3})(?:([-*+])|(\d{1,9})([.)])) (.*)")
# A code fence with a plain language name (no indent, exactly three backticks), and a line of
# code with no control character, no-break space or line separator (nh3 rewrites those).
_FENCE_OPEN = re.compile(r"```([A-Za-z0-9_+-]*)")
_CODE_LINE = re.compile(r"[^\x00-\x1f\x7f-\xa0\u2028\u2029\ufeff]*")
_CLOSING = re.compile(r" {0,3}`{3,}[ \t]*")


def field_html(text: str) -> str | None:
    """What markdown-it + nh3 make of `text` (stripped), or None when not sure."""
    if "\n" not in text and not _ITEM.fullmatch(text):
        return inline_html(text)
    blocks: list[str] = []
    lines = text.split("\n")
    at = 0
    after_list = False
    while at < len(lines):
        if not lines[at].strip(" "):
            at += 1
            continue
        end = at
        while end < len(lines) and lines[end].strip(" "):
            end += 1
        if after_list and _ITEM.fullmatch(lines[at]):
            return None  # a list across a blank line is one loose list
        fence = _FENCE_OPEN.fullmatch(lines[at])
        if fence is not None:
            code = _fence(lines, at, fence.group(1))
            if code is None:
                return None
            html, at = code
            blocks.append(html)
            after_list = False
            continue
        block = _block(lines[at:end])
        if block is None:
            return None
        html, after_list = block
        blocks.append(html)
        at = end
    return "\n".join(blocks)


def _fence(lines: list[str], at: int, lang: str) -> tuple[str, int] | None:
    """A fenced code block opening at `lines[at]`: its HTML (as html._fence writes it, which nh3
    leaves alone) and the line after it; None unless it closes with a bare fence followed by a
    blank line or the end, its lines holding nothing nh3 would write differently."""
    try:
        close = lines.index("```", at + 1)
    except ValueError:
        return None  # open to the end of the field
    after = close + 1
    if after < len(lines) and lines[after].strip(" "):
        return None
    body = lines[at + 1:close]
    if not all(map(_CODE_LINE.fullmatch, body)) or any(map(_CLOSING.fullmatch, body)):
        return None  # a character nh3 rewrites, or a fence that closes before the bare one
    code = html.escape("".join(line + "\n" for line in body), quote=False)
    cls = f"bp-code language-{lang}" if lang else "bp-code"
    return f'<pre class="{cls}"><code>{code}</code></pre>', after


def _block(lines: list[str]) -> tuple[str, bool] | None:
    """The HTML of lines with no blank line between them; and whether they end in a list."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind: tuple[str, str] | None = None  # (indent, marker or delimiter) of the open list
    for line in lines:
        item = _ITEM.fullmatch(line)
        if item is None:
            if kind is not None:
                return None  # a lazy continuation of the item above
            paragraph.append(line)
            continue
        indent, bullet, number, delimiter, content = item.groups()
        this = (indent, bullet or delimiter)
        if kind is None:
            if paragraph:
                if number is not None and int(number) != 1:
                    return None  # only a list starting at 1 interrupts a paragraph
                html = _paragraph(paragraph)
                if html is None:
                    return None
                out.append(html)
                paragraph = []
            kind = this
            start = int(number) if number is not None else 1
            tag = "ul" if bullet else "ol"
            items.append(f"<{tag}>" if start == 1 else f'<{tag} start="{start}">')
        elif this != kind:
            return None  # another marker starts another list; not worth the care
        inner = inline_html(content)
        if inner is None:
            return None
        items.append(f"<li>{inner[3:-4]}</li>")
    if kind is not None:
        items.append("</ul>" if kind[1] in "-*+" else "</ol>")
        out.append("\n".join(items))
    elif paragraph:
        html = _paragraph(paragraph)
        if html is None:
            return None
        out.append(html)
    return "\n".join(out), kind is not None


def _paragraph(lines: list[str]) -> str | None:
    """Lines of one paragraph: each one the inline path takes; soft breaks kept as newlines."""
    inner: list[str] = []
    for n, line in enumerate(lines):
        if n < len(lines) - 1 and line.endswith(" "):
            return None  # trailing spaces: a hard break, or spaces markdown-it drops
        html = inline_html(line)
        if html is None:
            return None
        inner.append(html[3:-4])
    return "<p>" + "\n".join(inner) + "</p>"
