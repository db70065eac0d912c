"""The second pass over a note: a walk over its lines reading Q/A and `C:` cards and diagram
blocks, with the breadcrumb of headings above each. The walk's state is one object."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from diagrams.quantity import is_quantity
from importers.card_meta import EXPLICIT_ID, split_card_meta
from importers.clozes import bracket_cloze_cards
from importers.markdown_blocks import Blocks
from importers.model import CardDraft, DiagramBlock, ParsedNote, Problem

DIAGRAM_LANGS = {"mermaid": "mermaid", "dot": "dot", "graphviz": "dot"}

# `**Q: ...**` (a bold question, as many public interview notes write it) is a question too.
_Q = re.compile(r"^ {0,3}(?:\*\*)?Q:(?:\*\*)?(?:\s|$)")
_A = re.compile(r"^ {0,3}(?:\*\*)?A:(?:\*\*)?(?:\s|$)")
_A_TIGHT = re.compile(r"^ {0,3}A:\S")  # `A:yes` (hashcards, repeater): only after a `Q:`
_C = re.compile(r"^ {0,3}C:(?:\s|$)")
_STRAY = re.compile(r"^\s*([QAC])\s+:(\s|$)")
_MARKERS = ("Q", "A", "C")


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


class LineWalk:
    """Reads cards and diagrams line by line into `note`; `consumed` ends as the lines the
    cards took (the later passes skip paragraphs touching them)."""

    def __init__(self, lines: list[str], blocks: Blocks, note: ParsedNote, deck: str,
                 file_tags: tuple[str, ...]) -> None:
        self.lines, self.blocks, self.note = lines, blocks, note
        self.deck, self.file_tags = deck, file_tags
        self.consumed: set[int] = set()
        self.breadcrumb: list[tuple[int, str]] = []
        self.crumbs: tuple[str, ...] | None = ()  # the breadcrumb's titles (None: not made)
        self.card: _Open | None = None
        self.diagram_index = 0
        self.stray_start = False  # after a `Q :` / `C :` was reported, until a card or break
        # lines any block claims: every other line is text, read without asking each map
        self.marked = set(blocks.headings).union(blocks.setext, blocks.fences, blocks.comments,
                                                 blocks.excluded, blocks.breaks)

    def run(self) -> None:
        lines, marked, cloze_paras = self.lines, self.marked, self.blocks.cloze_paras
        n, total = 0, len(lines)
        while n < total:
            if n in marked:
                n = self._step(n)
                continue
            line = lines[n]
            if line.lstrip().lstrip("*")[:1] in _MARKERS or n in cloze_paras:
                self._text(n, line)
            elif self.card is not None:  # a plain line: the open card's (as _text adds it)
                card = self.card
                (card.question if card.answer is None else card.answer).append(line)
                card.lines.add(n)
            n += 1
        self._finish()

    def _step(self, n: int) -> int:
        """Read line `n` (and the block it starts); the next line to read."""
        if n not in self.marked:
            self._text(n, self.lines[n])
            return n + 1
        blocks = self.blocks
        if n in blocks.headings:
            self._finish()
            self._enter(*blocks.headings[n])
            return n + 1
        if n in blocks.setext:
            return self._setext(n)
        if n in blocks.fences:
            return self._fence(n)
        if n in blocks.comments:
            end = blocks.comments[n]
            block = "\n".join(self.lines[n:end]).strip()
            if self.card is not None and EXPLICIT_ID.fullmatch(" " + block):
                _append(self.card, [block], range(n, end))
            return end
        if n in blocks.excluded:
            return n + 1
        if n in blocks.breaks:
            self._finish()
            self.stray_start = False
            return n + 1
        self._text(n, self.lines[n])
        return n + 1

    def _crumbs(self) -> tuple[str, ...]:
        if self.crumbs is None:  # made once per heading entered, when a card asks
            self.crumbs = tuple(text for _, text in self.breadcrumb)
        return self.crumbs

    def _enter(self, level: int, title: str) -> None:
        while self.breadcrumb and self.breadcrumb[-1][0] >= level:
            self.breadcrumb.pop()
        self.breadcrumb.append((level, title))
        self.crumbs = None

    def _finish(self) -> None:
        if self.card is not None:
            _emit(self.card, self.note, self.deck, self.file_tags, self.note.source_path)
            self.consumed.update(self.card.lines)
            self.card = None

    def _setext(self, n: int) -> int:
        blocks = self.blocks
        end, level, title = blocks.setext[n]
        if self.card is not None or _starts_card(self.lines[n]):
            # Inside a card, `---` under a line ends the card (README), not a heading.
            blocks.headings.pop(n, None)
            blocks.setext.pop(n)
            blocks.breaks.add(end - 1)
            self.marked.add(end - 1)
            return n  # read again as text
        self._finish()
        self.stray_start = False
        blocks.headings[n] = (level, title)
        self._enter(level, title)
        return end

    def _fence(self, n: int) -> int:
        end, lang, content = self.blocks.fences[n]
        if lang in DIAGRAM_LANGS:
            self._finish()
            self.diagram_index += 1
            self.note.diagrams.append(DiagramBlock(
                lang=DIAGRAM_LANGS[lang], source=content, source_path=self.note.source_path,
                line=n + 2, index=self.diagram_index, deck=self.deck,
                breadcrumb=self._crumbs(), tags=self.file_tags))
        elif self.card is not None:
            _append(self.card, self.lines[n:end], range(n, end))
        return end

    def _text(self, n: int, line: str) -> None:
        # every card marker regex needs Q, A or C first (after an optional `**`): its own letter
        first = line.lstrip().lstrip("*")[:1]
        marker = first in _MARKERS
        if marker and self._stray(n, line):
            return
        if self.card is not None and n in self.blocks.cloze_paras and not _starts_card(line):
            self._finish()  # a paragraph holding {{cN::...}} is a card of its own
        if not marker:
            if self.card is not None:
                _append(self.card, [line], [n])
            return
        is_q = first == "Q" and _Q.match(line) is not None
        is_c = first == "C" and _C.match(line) is not None
        if is_q or is_c:
            self.stray_start = False
        if is_q:
            self._finish()
            bold = line.lstrip().startswith("**Q:") and not line.lstrip().startswith("**Q:**")
            self.card = _Open("Q", n + 1, self._crumbs(), [_after_marker(line)], None, {n},
                              bold=bold)
        elif is_c:
            self._finish()
            self.card = _Open("C", n + 1, self._crumbs(), [_after_marker(line)], None, {n})
        elif first == "A" and (_A.match(line) or (_awaits_answer(self.card)
                                                  and _A_TIGHT.match(line))):
            self._answer(n, line)
        elif self.card is not None:
            _append(self.card, [line], [n])

    def _stray(self, n: int, line: str) -> bool:
        """Report `Q :`, `A :` or `C :`; True when the line was taken (a card meant to start)."""
        stray = _STRAY.match(line)
        if not stray:
            return False
        # one message per mistake: the `A:` after a `Q :`, or the missing answer of a
        # `Q:` followed by `A :`, are consequences of this one and not reported again
        if stray.group(1) == "A" and _awaits_answer(self.card):
            assert self.card is not None
            self.card.stray_answer = True
        self.note.problems.append(Problem(
            self.note.source_path, n + 1, f"'{line.strip()[:30]}' has a space before the "
            f"colon: write '{stray.group(1)}:' with no space"))
        if stray.group(1) in "QC":  # it meant to start a card: end the one before
            self._finish()
            self.stray_start = True
            return True
        return False

    def _answer(self, n: int, line: str) -> None:
        if self.card is not None and _awaits_answer(self.card):
            self.card.answer = [_after_marker(line)]
            self.card.lines.add(n)
        elif not self.stray_start:
            self.note.problems.append(Problem(
                self.note.source_path, n + 1,
                "'A:' with no 'Q:' before it: add the question on a 'Q:' line above"))


def _awaits_answer(card: _Open | None) -> bool:
    return card is not None and card.kind == "Q" and card.answer is None


def _starts_card(line: str) -> bool:
    return bool(_Q.match(line) or _A.match(line) or _C.match(line))


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


def _emit(card: _Open, note: ParsedNote, deck: str, file_tags: tuple[str, ...], path: str) -> None:
    question = _dedent("\n".join(card.question)).strip()
    if card.bold and question.endswith("**"):  # `**Q: question**`: drop the closing marker
        question = question[:-2].rstrip()
    if card.kind == "C":
        body, explicit, tags = split_card_meta(question)
        cards, problems = bracket_cloze_cards(
            body, source_path=path, line=card.line, deck=deck, tags=merge_tags(file_tags, tags),
            breadcrumb=card.breadcrumb, explicit_id=explicit,
        )
        note.cards.extend(cards)
        note.problems.extend(problems)
        return
    if card.answer is None:
        if not card.stray_answer:
            note.problems.append(Problem(
                path, card.line, "'Q:' with no 'A:': add an 'A:' line with the answer below "
                "the question (before the next heading, 'Q:' or '---')"))
        return
    answer, explicit, tags = split_card_meta(_dedent("\n".join(card.answer)).strip())
    question, q_explicit, q_tags = split_card_meta(question)
    if not question:
        note.problems.append(Problem(path, card.line,
                                     "'Q:' has no question text: write it after 'Q:'"))
    elif not answer:
        note.problems.append(Problem(path, card.line,
                                     "'A:' has no answer text: write it after 'A:'"))
    else:
        note.cards.append(CardDraft(  # an answer that is only a quantity makes a numeric card
            kind="numeric" if is_quantity(answer) else "basic", front=question, back=answer,
            deck=deck, source_path=path, line=card.line,
            tags=merge_tags(file_tags, q_tags + tags), breadcrumb=card.breadcrumb,
            explicit_id=explicit or q_explicit,
        ))


def merge_tags(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _dedent(text: str) -> str:
    # No line starts with a blank: nothing to remove (and no whitespace-only line to empty).
    if not text[:1].isspace() and "\n " not in text and "\n\t" not in text:
        return text
    return textwrap.dedent(text)
