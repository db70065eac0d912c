"""The first pass over a note: its block structure from markdown-it tokens, by line number."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from importers.frontmatter import FrontMatter, parse_front_matter
from importers.model import Problem
from importers.quiet_markdown import quiet_block_rules

# Only block structure (token maps, fences, headings) is used: inline parsing is skipped. Its
# block rules do not call the logger each time they are tried (quiet_markdown).
_MD = quiet_block_rules(MarkdownIt("commonmark").use(front_matter_plugin)
                        .disable(["inline", "text_join"]))
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# Tokens the first pass does not look at (a heading's inline text is read from its opener)
_PLAIN = frozenset(("inline", "paragraph_close", "list_item_open", "list_item_close",
                    "bullet_list_open", "bullet_list_close", "ordered_list_open",
                    "ordered_list_close", "heading_close", "blockquote_open",
                    "blockquote_close"))


@dataclass
class Blocks:
    """Where a note's blocks are (0-based lines). The line walk refines it: a setext heading
    inside a card becomes a break, and the headings then hold the setext ones it kept."""

    front: FrontMatter = field(default_factory=FrontMatter)
    excluded: set[int] = field(default_factory=set)  # lines that never start or hold cards
    # fences and code blocks: start -> (end, lang, content)
    fences: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    comments: dict[int, int] = field(default_factory=dict)  # html block start -> end
    headings: dict[int, tuple[int, str]] = field(default_factory=dict)  # line -> (level, text)
    # "text\n---" headings: start -> (end, level, text)
    setext: dict[int, tuple[int, int, str]] = field(default_factory=dict)
    breaks: set[int] = field(default_factory=set)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    cloze_paras: set[int] = field(default_factory=set)  # paragraphs holding {{cN::...}}
    _crumbs: tuple[list[int], list[tuple[str, ...]]] | None = field(default=None, repr=False)

    def crumbs_at(self, line: int) -> tuple[str, ...]:
        """The headings above `line`, outermost first. Read after the line walk (which settles
        the headings): the breadcrumb at each heading is built once, then found by bisection,
        so a note of 10,000 headings and cards costs linear time, not 10,000 x 10,000."""
        if self._crumbs is None or len(self._crumbs[0]) != len(self.headings):
            starts = sorted(self.headings)
            stacks: list[tuple[str, ...]] = []
            stack: list[tuple[int, str]] = []
            for n in starts:
                level, title = self.headings[n]
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, title))
                stacks.append(tuple(t for _, t in stack))
            self._crumbs = (starts, stacks)
        starts, stacks = self._crumbs
        k = bisect_left(starts, line)  # the headings strictly above `line`
        return stacks[k - 1] if k else ()


def scan_blocks(text: str, lines: list[str], source_path: str,
                problems: list[Problem]) -> Blocks:
    """The note's blocks; front matter and unclosed fence problems go to `problems`."""
    tokens = _MD.parse(text)
    blocks = Blocks()
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in _PLAIN or tok.map is None:  # the most frequent tokens first
            continue
        start, end = tok.map
        if kind == "paragraph_open":
            blocks.paragraphs.append((start, end))
        elif kind == "front_matter":
            blocks.front, found = parse_front_matter(tok.content, source_path)
            problems.extend(found)
            blocks.excluded.update(range(start, end))
        elif kind in ("fence", "code_block"):
            _fence(blocks, tok, lines, source_path, problems)
        elif kind == "html_block":
            blocks.excluded.update(range(start, end))
            blocks.comments[start] = end
        elif kind == "heading_open":
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            if tok.markup in ("-", "="):
                blocks.setext[start] = (end, int(tok.tag[1]), inline.strip())
            else:
                blocks.excluded.update(range(start, end))
                blocks.headings[start] = (int(tok.tag[1]), inline.strip())
        elif kind == "hr":
            blocks.breaks.add(start)
    blocks.cloze_paras = {start for start, end in blocks.paragraphs
                          if _has_anki_cloze(lines[start:end])}
    return blocks


def _fence(blocks: Blocks, tok: Token, lines: list[str], source_path: str,
           problems: list[Problem]) -> None:
    assert tok.map is not None
    start, end = tok.map
    blocks.excluded.update(range(start, end))
    lang = tok.info.strip().split(" ")[0].strip("{}").lower() if tok.info else ""
    blocks.fences[start] = (end, lang, tok.content)
    if tok.type == "fence" and _unterminated(lines, start, end, tok.markup):
        problems.append(Problem(source_path, start + 1,
                                f"code fence {tok.markup} is never closed, so the rest of the "
                                f"file is read as code: add a closing {tok.markup} line"))


def _has_anki_cloze(block: list[str]) -> bool:
    para = "\n".join(block)
    if "{{c" not in para:
        return False
    return bool(_ANKI_CLOZE.search(_INLINE_CODE.sub("", para) if "`" in para else para))


def _unterminated(lines: list[str], start: int, end: int, markup: str) -> bool:
    """A fence whose last line is not a closing fence ran to the end of the file."""
    last = lines[end - 1].strip() if end - 1 < len(lines) else ""
    closed = end - 1 > start and last.startswith(markup) and set(last) <= {markup[0]}
    return not closed
