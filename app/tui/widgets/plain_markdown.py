"""Card text simple enough to draw without a Markdown parser, drawn exactly as Rich's Markdown.

Most fronts are one short paragraph of words with maybe **bold** or `code`. Drawing them needs
neither markdown-it nor rich.markdown (about a third of the review screen's start-up), so the
first card appears before they are imported. Anything outside this small grammar returns None
and goes through Rich's Markdown; tests/test_card_view.py holds the two to the same output.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.style import Style
from rich.text import Text

# A line starts with a word, a quote or a parenthesis (no list, heading, quote, code or table
# syntax) and holds only characters Markdown leaves alone, bold spans and code spans.
_LINE_START = re.compile(r"[^\W\d_]|[(\"']|\d+(?![\d.)])")
_PLAIN = r"[^\\*_`\[\]<>&~|\n\t\r\x00]"
_STRONG = r"\*\*[^\W_](?:[^\\*_`\[\]<>&~|\n\t\r\x00]*[^\W_])?\*\*"
_CODE = r"(?<!`)`[^`\s](?:[^`\n]*[^`\s])?`(?!`)"  # a run of one backtick each side
_LINE = re.compile(rf"(?:{_STRONG}(?=$|[\s.,:;?)])|{_CODE}|{_PLAIN})+")
_PIECE = re.compile(rf"({_STRONG}|{_CODE})")


def plain_text(console: Console, text: str) -> Text | None:
    """`text` as the Text Rich's Markdown would draw for it, or None if it needs the parser."""
    lines = text.split("\n")
    if not text or any(
        not line or line != line.strip() or not _LINE_START.match(line)
        or not _LINE.fullmatch(line) or _opens_bold(line) for line in lines):
        return None
    base = Style.null() + console.get_style("markdown.paragraph", default="none")
    strong = base + console.get_style("markdown.strong", default="none")
    code = base + console.get_style("markdown.code", default="none")
    out = Text(justify="left")
    for n, line in enumerate(lines):
        if n:
            out.append(" ", base)  # a soft line break reads as a space
        for piece in _PIECE.split(line):
            if piece.startswith("**"):
                out.append(piece[2:-2], strong)
            elif piece.startswith("`"):
                out.append(piece[1:-1], code)
            elif piece:
                out.append(piece, base)
    return out


def _opens_bold(line: str) -> bool:
    """A bold span must open at the start, after a space or a parenthesis (left-flanking)."""
    return any(m.start() > 0 and line[m.start() - 1] not in " (" for m in
               re.finditer(_STRONG, line))
