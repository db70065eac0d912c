"""Markdown notes to card drafts: Q/A, hashcards and Anki clozes, Obsidian SR syntaxes, diagrams."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from diagrams.quantity import is_quantity
from importers.card_meta import EXPLICIT_ID, split_card_meta
from importers.clozes import anki_cloze_cards, bracket_cloze_cards, highlight_cloze_cards
from importers.frontmatter import FrontMatter, parse_front_matter
from importers.model import CardDraft, DiagramBlock, ParsedNote, Problem
from importers.osr import osr_cards
from importers.osr_schedule import strip_sr_comments

# Only block structure (token maps, fences, headings) is used: inline parsing is skipped.
_MD = MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])

DIAGRAM_LANGS = {"mermaid": "mermaid", "dot": "dot", "graphviz": "dot"}

# `**Q: ...**` (a bold question, as many public interview notes write it) is a question too.
_Q = re.compile(r"^ {0,3}(?:\*\*)?Q:(?:\*\*)?(?:\s|$)")
_A = re.compile(r"^ {0,3}(?:\*\*)?A:(?:\*\*)?(?:\s|$)")
_A_TIGHT = re.compile(r"^ {0,3}A:\S")  # `A:yes` (hashcards, repeater): only after a `Q:`
_C = re.compile(r"^ {0,3}C:(?:\s|$)")
_STRAY = re.compile(r"^\s*([QAC])\s+:(\s|$)")
_MARKERS = ("Q", "A", "C")
_FLASHCARDS_TAG = re.compile(r"(?<![\S])#flashcards(?:/([\w/-]+))?")
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


@dataclass
class _Open:
    """A Q/A or C card being read, line by line."""

    kind: str  # "Q" or "C"
    line: int  # 1-based line of the Q:/C:
    breadcrumb: tuple[str, ...]
    question: list[str] = field(default_factory=list)
    answer: list[str] | None = None
    lines: set[int] = field(default_factory=set)  # 0-based lines consumed
    stray_answer: bool = False  # an `A :` (space before the colon) was already reported
    bold: bool = False  # opened by `**Q:` whose closing `**` ends the question


def deck_from_path(source_path: str) -> str:
    """`ads/ctr.md` -> `ads::ctr` (the folder path under the import root, then the file stem)."""
    parts = [p for p in source_path.replace("\\", "/").split("/") if p]
    if not parts:
        return "Default"
    last = parts[-1]
    if "." in last:
        last = last.rsplit(".", 1)[0]
    parts[-1] = last
    return "::".join(parts)


def parse_note(text: str, source_path: str, *, deck: str | None = None) -> ParsedNote:
    """Parse one note. `source_path` is relative to the import root; `deck` overrides the deck."""
    note = ParsedNote(source_path=source_path)
    text = strip_sr_comments(text)  # Obsidian SR schedules are read by app.core.osr_import
    lines = text.split("\n")
    tokens = _MD.parse(text)

    front = FrontMatter()
    excluded: set[int] = set()  # lines that never start or hold cards
    fences: dict[int, tuple[int, str, str]] = {}  # start line -> (end, lang, content)
    comments: dict[int, int] = {}  # html block start -> end
    headings: dict[int, tuple[int, str]] = {}  # line -> (level, text)
    setext: dict[int, tuple[int, int, str]] = {}  # "text\n---" headings: start -> (end, ...)
    breaks: set[int] = set()
    paragraphs: list[tuple[int, int]] = []

    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        start, end = tok.map
        if tok.type == "front_matter":
            front, problems = parse_front_matter(tok.content, source_path)
            note.problems.extend(problems)
            excluded.update(range(start, end))
        elif tok.type in ("fence", "code_block"):
            excluded.update(range(start, end))
            lang = tok.info.strip().split(" ")[0].strip("{}").lower() if tok.info else ""
            fences[start] = (end, lang, tok.content)
            if tok.type == "fence" and _unterminated(lines, start, end, tok.markup):
                note.problems.append(
                    Problem(
                        source_path,
                        start + 1,
                        f"code fence {tok.markup} is never closed, so the rest of the file "
                        f"is read as code: add a closing {tok.markup} line",
                    )
                )
        elif tok.type == "html_block":
            excluded.update(range(start, end))
            comments[start] = end
        elif tok.type == "heading_open":
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            if tok.markup in ("-", "="):
                setext[start] = (end, int(tok.tag[1]), inline.strip())
            else:
                excluded.update(range(start, end))
                headings[start] = (int(tok.tag[1]), inline.strip())
        elif tok.type == "hr":
            breaks.add(start)
        elif tok.type == "paragraph_open":
            paragraphs.append((start, end))

    cloze_paras = {start for start, end in paragraphs if _has_anki_cloze(lines[start:end])}
    flash_tag = _flashcards_tag(text, excluded)
    tagged = front.cards or flash_tag is not None
    if deck is None:
        if front.deck:
            deck = front.deck
        elif front.flashcards_deck or flash_tag:
            deck = (front.flashcards_deck or flash_tag or "").replace("/", "::")
        else:
            deck = deck_from_path(source_path)
    file_tags = tuple(front.tags)

    breadcrumb: list[tuple[int, str]] = []
    consumed: set[int] = set()
    open_card: _Open | None = None
    diagram_index = 0

    def crumbs() -> tuple[str, ...]:
        return tuple(text for _, text in breadcrumb)

    def finish() -> None:
        nonlocal open_card
        if open_card is not None:
            _emit(open_card, note, deck, file_tags, source_path)
            consumed.update(open_card.lines)
            open_card = None

    stray_start = False  # after a `Q :` / `C :` was reported, until the next card or break
    n = 0
    while n < len(lines):
        line = lines[n]
        if n in headings:
            finish()
            level, title = headings[n]
            while breadcrumb and breadcrumb[-1][0] >= level:
                breadcrumb.pop()
            breadcrumb.append((level, title))
            n += 1
            continue
        if n in setext:
            end, level, title = setext[n]
            if open_card is not None or _starts_card(line):
                # Inside a card, `---` under a line ends the card (README), not a heading.
                headings.pop(n, None)
                setext.pop(n)
                breaks.add(end - 1)
                continue
            finish()
            stray_start = False
            headings[n] = (level, title)
            while breadcrumb and breadcrumb[-1][0] >= level:
                breadcrumb.pop()
            breadcrumb.append((level, title))
            n = end
            continue
        if n in fences:
            end, lang, content = fences[n]
            if lang in DIAGRAM_LANGS:
                finish()
                diagram_index += 1
                note.diagrams.append(
                    DiagramBlock(
                        lang=DIAGRAM_LANGS[lang],
                        source=content,
                        source_path=source_path,
                        line=n + 2,
                        index=diagram_index,
                        deck=deck,
                        breadcrumb=crumbs(),
                        tags=file_tags,
                    )
                )
            elif open_card is not None:
                _append(open_card, lines[n:end], range(n, end))
            n = end
            continue
        if n in comments:
            end = comments[n]
            block = "\n".join(lines[n:end]).strip()
            if open_card is not None and EXPLICIT_ID.fullmatch(" " + block):
                _append(open_card, [block], range(n, end))
            n = end
            continue
        if n in excluded:
            n += 1
            continue
        if n in breaks:
            finish()
            stray_start = False
            n += 1
            continue
        # every card marker regex needs Q, A or C first (after an optional `**`)
        marker = line.lstrip().lstrip("*")[:1] in _MARKERS
        stray = marker and _STRAY.match(line)
        if stray:
            # one message per mistake: the `A:` after a `Q :`, or the missing answer of a
            # `Q:` followed by `A :`, are consequences of this one and not reported again
            if stray.group(1) == "A" and _awaits_answer(open_card):
                assert open_card is not None
                open_card.stray_answer = True
            note.problems.append(
                Problem(
                    source_path,
                    n + 1,
                    f"'{line.strip()[:30]}' has a space before the colon: "
                    f"write '{stray.group(1)}:' with no space",
                )
            )
            if stray.group(1) in "QC":  # it meant to start a card: end the one before
                finish()
                stray_start = True
                n += 1
                continue
        if open_card is not None and n in cloze_paras and not _starts_card(line):
            finish()  # a paragraph holding {{cN::...}} is a card of its own
        if not marker:
            if open_card is not None:
                _append(open_card, [line], [n])
            n += 1
            continue
        if _Q.match(line) or _C.match(line):
            stray_start = False
        if _Q.match(line):
            finish()
            open_card = _Open("Q", n + 1, crumbs(), [_after_marker(line)], None, {n},
                              bold=line.lstrip().startswith("**Q:") and
                              not line.lstrip().startswith("**Q:**"))
        elif _C.match(line):
            finish()
            open_card = _Open("C", n + 1, crumbs(), [_after_marker(line)], None, {n})
        elif _A.match(line) or (_awaits_answer(open_card) and _A_TIGHT.match(line)):
            if open_card is not None and _awaits_answer(open_card):
                open_card.answer = [_after_marker(line)]
                open_card.lines.add(n)
            elif not stray_start:
                note.problems.append(
                    Problem(
                        source_path,
                        n + 1,
                        "'A:' with no 'Q:' before it: add the question on a 'Q:' line above",
                    )
                )
        elif open_card is not None:
            _append(open_card, [line], [n])
        n += 1
    finish()

    # Anki clozes: a paragraph outside Q/A/C cards holding {{cN::...}} is one note.
    for start, end in paragraphs:
        if any(k in consumed for k in range(start, end)):
            continue
        para = "\n".join(lines[start:end]).strip()
        if start in cloze_paras:
            consumed.update(range(start, end))
            cards, problems = anki_cloze_cards(
                para, source_path=source_path, line=start + 1, deck=deck,
                tags=file_tags, breadcrumb=_crumbs_at(headings, start),
            )
            note.cards.extend(cards)
            note.problems.extend(problems)

    if tagged:
        cards, problems = osr_cards(
            lines, paragraphs, consumed, source_path=source_path, deck=deck, tags=file_tags,
            breadcrumb_at=lambda ln: _crumbs_at(headings, ln),
        )
        note.cards.extend(cards)
        note.problems.extend(problems)
        for start, end in paragraphs:
            if any(k in consumed for k in range(start, end)):
                continue
            para = "\n".join(lines[start:end]).strip()
            if "==" in para:
                cards, problems = highlight_cloze_cards(
                    para, source_path=source_path, line=start + 1, deck=deck,
                    tags=file_tags, breadcrumb=_crumbs_at(headings, start),
                )
                note.cards.extend(cards)
                note.problems.extend(problems)

    note.cards.sort(key=lambda c: (c.line, c.cloze_ordinal or 0))
    return note


def _has_anki_cloze(block: list[str]) -> bool:
    para = "\n".join(block)
    return "{{c" in para and bool(_ANKI_CLOZE.search(_INLINE_CODE.sub("", para)))


def _crumbs_at(headings: dict[int, tuple[int, str]], line: int) -> tuple[str, ...]:
    stack: list[tuple[int, str]] = []
    for n in sorted(headings):
        if n >= line:
            break
        level, title = headings[n]
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
    return tuple(t for _, t in stack)


def _awaits_answer(card: _Open | None) -> bool:
    return card is not None and card.kind == "Q" and card.answer is None


def _starts_card(line: str) -> bool:
    return bool(_Q.match(line) or _A.match(line) or _C.match(line))


def _unterminated(lines: list[str], start: int, end: int, markup: str) -> bool:
    """A fence whose last line is not a closing fence ran to the end of the file."""
    last = lines[end - 1].strip() if end - 1 < len(lines) else ""
    closed = end - 1 > start and last.startswith(markup) and set(last) <= {markup[0]}
    return not closed


def _after_marker(line: str) -> str:
    text = line.strip()
    if text.startswith("**"):
        text = text[2:]
    text = text[2:]
    if text.startswith("**"):
        text = text[2:]
    return text.strip()


def _append(card: _Open, new: list[str], numbers: range | list[int]) -> None:
    if card.answer is not None:
        card.answer.extend(new)
    else:
        card.question.extend(new)
    card.lines.update(numbers)


def _flashcards_tag(text: str, excluded: set[int]) -> str | None:
    """The `#flashcards[/deck]` tag of a note: '' for a bare tag, the deck path, or None."""
    if "#flashcards" not in text:
        return None
    for n, line in enumerate(text.split("\n")):
        if n in excluded or "#flashcards" not in line:
            continue
        if "`" in line:
            line = re.sub(r"`[^`]*`", "", line)
        m = _FLASHCARDS_TAG.search(line)
        if m:
            return m.group(1) or ""
    return None


def _emit(card: _Open, note: ParsedNote, deck: str, file_tags: tuple[str, ...], path: str) -> None:
    question = _dedent("\n".join(card.question)).strip()
    if card.bold and question.endswith("**"):  # `**Q: question**`: drop the closing marker
        question = question[:-2].rstrip()
    if card.kind == "Q":
        if card.answer is None:
            if card.stray_answer:
                return
            note.problems.append(
                Problem(path, card.line, "'Q:' with no 'A:': add an 'A:' line with the answer "
                        "below the question (before the next heading, 'Q:' or '---')")
            )
            return
        answer_raw = _dedent("\n".join(card.answer)).strip()
        answer, explicit, tags = split_card_meta(answer_raw)
        question, q_explicit, q_tags = split_card_meta(question)
        explicit = explicit or q_explicit
        if not question:
            note.problems.append(
                Problem(path, card.line, "'Q:' has no question text: write it after 'Q:'")
            )
            return
        if not answer:
            note.problems.append(
                Problem(path, card.line, "'A:' has no answer text: write it after 'A:'")
            )
            return
        note.cards.append(
            CardDraft(  # an answer that is only a quantity (`~40 ms`) makes a typed numeric card
                kind="numeric" if is_quantity(answer) else "basic", front=question,
                back=answer, deck=deck, source_path=path,
                line=card.line, tags=_merge(file_tags, q_tags + tags),
                breadcrumb=card.breadcrumb, explicit_id=explicit,
            )
        )
        return
    body, explicit, tags = split_card_meta(question)
    cards, problems = bracket_cloze_cards(
        body, source_path=path, line=card.line, deck=deck, tags=_merge(file_tags, tags),
        breadcrumb=card.breadcrumb, explicit_id=explicit,
    )
    note.cards.extend(cards)
    note.problems.extend(problems)


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _dedent(text: str) -> str:
    # No line starts with a blank: nothing to remove (and no whitespace-only line to empty).
    if not text[:1].isspace() and "\n " not in text and "\n\t" not in text:
        return text
    return textwrap.dedent(text)


__all__ = ["parse_note", "deck_from_path", "split_card_meta", "FrontMatter"]
