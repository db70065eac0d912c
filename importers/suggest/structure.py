"""A note's block structure for the suggestion rules: sections, paragraphs, lists, tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

# Block structure only (inline parsing skipped: each inline token keeps its source as `content`).
_MD = (MarkdownIt("commonmark").use(front_matter_plugin).enable("table")
       .disable(["inline", "text_join"]))


@dataclass
class Item:
    """One list item: its first paragraph's text, its nested items, its 1-based line."""

    line: int
    text: str
    children: list[Item] = field(default_factory=list)
    extra: bool = False  # holds more than a paragraph and one nested list (code, 2nd paragraph)


@dataclass
class Block:
    """A top-level block of a section."""

    kind: str  # "paragraph" | "list" | "table" | "fence" | "other"
    line: int  # 1-based first line
    end: int  # 1-based last line
    text: str = ""  # paragraph text; fence content
    lang: str = ""  # fence info word
    items: list[Item] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # 1-based line of each row
    ordered: bool = False


@dataclass
class Section:
    """The blocks under one heading (the part before the first heading has no title)."""

    title: str
    level: int
    line: int
    breadcrumb: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)


def sections(text: str) -> list[Section]:
    """Split a note into sections, each with its heading breadcrumb and top-level blocks."""
    tokens = _MD.parse(text)
    result = [Section("", 0, 1, ())]
    stack: list[tuple[int, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        start, end = tok.map if tok.map else (0, 0)
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            title = tokens[i + 1].content.strip()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            result.append(Section(title, level, start + 1, tuple(t for _, t in stack)))
            i += 3
            continue
        block, i = _block(tokens, i)
        if block is not None:
            result[-1].blocks.append(block)
    return result


def _block(tokens: list[Token], i: int) -> tuple[Block | None, int]:
    """The block starting at token i and the index after it."""
    tok = tokens[i]
    start, end = tok.map if tok.map else (0, 0)
    if tok.type == "paragraph_open":
        return Block("paragraph", start + 1, end, text=tokens[i + 1].content), i + 3
    if tok.type in ("fence", "code_block"):
        lang = tok.info.strip().split(" ")[0].strip("{}").lower() if tok.info else ""
        return Block("fence", start + 1, end, text=tok.content, lang=lang), i + 1
    if tok.type in ("bullet_list_open", "ordered_list_open"):
        items, j = _list(tokens, i)
        return Block("list", start + 1, end, items=items,
                     ordered=tok.type == "ordered_list_open"), j
    if tok.type == "table_open":
        header, rows, lines, j = _table(tokens, i)
        return Block("table", start + 1, end, header=header, rows=rows, row_lines=lines), j
    if tok.nesting == 1:  # blockquote and the like: skipped whole
        return Block("other", start + 1, end), _close(tokens, i) + 1
    return (Block("other", start + 1, end) if tok.map else None), i + 1


def _close(tokens: list[Token], i: int) -> int:
    """Index of the token closing the one opened at i."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _list(tokens: list[Token], i: int) -> tuple[list[Item], int]:
    close = _close(tokens, i)
    items: list[Item] = []
    j = i + 1
    while j < close:
        tok = tokens[j]
        if tok.type != "list_item_open":
            j += 1
            continue
        item_close = _close(tokens, j)
        item = Item(line=(tok.map[0] + 1) if tok.map else 0, text="")
        k = j + 1
        parts = 0
        while k < item_close:
            inner = tokens[k]
            if inner.type == "paragraph_open" and not item.text and parts == 0:
                item.text = tokens[k + 1].content.strip()
                k += 3
            elif inner.type in ("bullet_list_open", "ordered_list_open") and not item.children:
                item.children, k = _list(tokens, k)
            else:
                item.extra = True
                k = _close(tokens, k) + 1 if inner.nesting == 1 else k + 1
            parts += 1
        items.append(item)
        j = item_close + 1
    return items, close + 1


def _table(tokens: list[Token], i: int
           ) -> tuple[list[str], list[list[str]], list[int], int]:
    close = _close(tokens, i)
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    line = 0
    in_head = False
    row: list[str] = []
    for tok in tokens[i + 1:close]:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
            line = tok.map[0] + 1 if tok.map else 0
        elif tok.type == "inline":
            row.append(tok.content.strip())
        elif tok.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
                lines.append(line)
    return header, rows, lines, close + 1
