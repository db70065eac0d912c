"""Rich's Markdown with one shared markdown-it parser (imported only when a card needs it)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.markdown import Markdown

# the same plugins Rich's Markdown enables; Rich builds a new parser per instance (~1 ms)
_PARSER = MarkdownIt().enable("strikethrough").enable("table")


class SharedParserMarkdown(Markdown):
    """Rich's Markdown with Rich's defaults, parsed by the one shared parser."""

    def __init__(self, markup: str) -> None:  # Rich's attributes, Rich's defaults
        self.markup = markup
        self.parsed = _PARSER.parse(markup)
        self.code_theme = "monokai"
        self.justify = None
        self.style = "none"
        self.hyperlinks = True
        self.inline_code_lexer = None
        self.inline_code_theme = "monokai"
