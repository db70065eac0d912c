"""Rule: a heading (or a short list item) over a short list of 2-5 items -> "What are the ...?"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from importers.suggest.definitions import find_definition
from importers.suggest.model import Suggestion, make
from importers.suggest.structure import Block, Item, Section
from importers.suggest.text import (
    brackets_free,
    has_math,
    is_link_only,
    lower_words,
    plain,
    plural,
    title,
    words,
)

MIN_ITEMS, MAX_ITEMS = 2, 5
_MAX_ITEM_CHARS = 100  # an answer list of sentences is hard to recall: names and short phrases
_CLOZE_WORDS = 5  # items this short are blanked one by one in a cloze
# Sections that hold navigation or tasks, not knowledge.
_SKIP_TITLES = re.compile(r"^(?:table of )?contents$|^toc$|^references?$|^links?$|^resources?$|"
                          r"^see also$|^further reading$|^checklist|^sources?$|^credits?$|"
                          r"^acknowledg|^license$|^related|^navigation$|^next steps?$", re.I)
_NUMBER_WORD = re.compile(r"^(?:two|three|four|five|\d+)\s+(?=\S)", re.I)
_LEADING_BOLD = re.compile(r"^(\*\*|__)(.+?)\1")
_DANGLING = re.compile(r"\b(?:with|to|for|of|in|on|by|as|from|into|the|a|an|and|or|is|are)$",
                       re.I)
_CHECKBOX = re.compile(r"^\[[ xX]\]\s")


def list_rule(section: Section) -> Iterator[Suggestion]:
    """A section that is one short list, and list items that head a short nested list."""
    heading = title(section.title)
    lists = [b for b in section.blocks if b.kind == "list"]
    others = [b for b in section.blocks if b.kind not in ("list", "paragraph")]
    paragraphs = [b for b in section.blocks if b.kind == "paragraph"]
    for before, block in zip([None, *section.blocks], section.blocks, strict=False):
        intro = _intro(before) if block.kind == "list" else None
        if intro:  # `Two fixes:` says more than the heading
            yield from _list_cards(intro, block.items, section.breadcrumb, intro=True)
        elif block.kind == "list" and heading and len(lists) == 1 and not others \
                and len(paragraphs) <= 1:
            yield from _list_cards(heading, block.items, section.breadcrumb)
    for block in lists:
        for item in _walk(block.items):
            label = _label(item)
            if label:
                yield from _list_cards(label, item.children, section.breadcrumb,
                                       line=item.line)


def _intro(block: Block | None) -> str | None:
    """The sentence that introduces a list (`Two mitigations:`, `Scale on a signal:`)."""
    if block is None or block.kind != "paragraph" or not block.text.rstrip().endswith(":"):
        return None
    last = re.split(r"(?<=[.!?])\s+", plain(block.text))[-1].rstrip(":").strip()
    return last if 0 < words(last) <= 12 else None


def _walk(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _label(item: Item) -> str | None:
    """An item that names what its nested items are (`Offline metrics` over `- AUC`)."""
    text = plain(item.text).rstrip(":;").strip()
    if not item.children or not text or words(text) > 5 or text.endswith((".", "?")):
        return None
    if ":" in text or is_link_only(item.text) or _DANGLING.search(text):
        return None  # `Integrity deals with:` is half a sentence, not a name
    return text


def _answers(items: list[Item]) -> list[str]:
    """Each item's text, or the term it defines or opens with in bold (the list's names)."""
    texts = []
    for item in items:
        found = find_definition(item.text, list_item=True)
        bold = _LEADING_BOLD.match(item.text)
        if found:
            texts.append(found.term)
        elif bold:
            texts.append(plain(bold.group(2)).rstrip(".:"))
        else:
            texts.append(plain(item.text).rstrip(";,."))
    return texts


def _items_ok(items: list[Item]) -> bool:
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
        return False
    if sum(1 for i in items if i.children) * 2 > len(items):
        return False  # an outline: its items head lists of their own
    for item in items:
        text = plain(item.text)
        if (not text or item.extra or is_link_only(item.text)
                or _CHECKBOX.match(item.text) or text.endswith("?")):
            return False
    return True


def _list_cards(heading: str, items: list[Item], crumbs: tuple[str, ...],
                line: int | None = None, intro: bool = False) -> Iterator[Suggestion]:
    if _SKIP_TITLES.search(heading) or not _items_ok(items):
        return
    texts = _answers(items)
    if any(not t or len(t) > _MAX_ITEM_CHARS or t.endswith(":") for t in texts):
        return
    named = [t for t in texts if t.lower() in heading.lower()]
    if len(named) * 2 >= len(texts):
        return  # `Scaling, Monitoring, and Updates` over its three items: the front tells them
    n = len(texts)
    counted = _NUMBER_WORD.sub("", heading)  # `Two stores` -> `stores`: the count is said
    if words(counted) <= 4 and plural(counted) and not re.search(r",|&|\band\b", counted):
        front = f"What are the {n} {lower_words(counted)}?"
    elif intro:
        front = f"{heading}: which {n}?"
    else:
        front = f"What are the {n} points under {heading}?"
    answer = "\n".join(f"- {t}" for t in texts)
    source = heading + "\n" + "\n".join(i.text for i in items)
    where = line if line is not None else items[0].line
    score = 2.5 - len(answer) / 300
    yield make("list", "basic", front, answer, f"Q: {front}\nA:\n{answer}", line=where,
               source_text=source, breadcrumb=crumbs, score=score)
    short = [t for t in texts if words(t) <= _CLOZE_WORDS and brackets_free(t)
             and not has_math(t) and ":" not in t and t not in named]
    # a cloze only over a list of names: with a sentence beside it, the blank is a guess
    if len(short) == len(texts) and brackets_free(heading) and not has_math(heading):
        parts = [f"[{t}]" if t in short else t for t in texts]
        cloze = f"{heading}: {', '.join(parts)}."
        yield make("list", "cloze", cloze, "", f"C: {cloze}", line=where, source_text=source,
                   breadcrumb=crumbs, score=score - 0.4)
