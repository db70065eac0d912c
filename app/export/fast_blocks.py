"""The HTML of a field made of paragraphs and tight one-line lists whose lines the inline fast
path (fast_inline) writes, as markdown-it + nh3 would give it: most multi-line card backs (a
sentence, then a few bullet points or numbered steps). Anything else gives None and the caller
takes the full path; tests/test_export_fields.py holds the two to the same output."""

from __future__ import annotations

import re

from app.export.fast_inline import inline_html

# A list item on one line: up to three spaces, a marker, one space, then its text.
_ITEM = re.compile(r"( {0,3})(?:([-*+])|(\d{1,9})([.)])) (.*)")


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
        block = _block(lines[at:end])
        if block is None:
            return None
        html, after_list = block
        blocks.append(html)
        at = end
    return "\n".join(blocks)


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
