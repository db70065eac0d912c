"""Cloze cards: hashcards `[deletions]` in `C:` blocks, Anki `{{c1::x}}`, and `==highlights==`."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable

from importers.card_meta import split_card_meta
from importers.model import CardDraft, Problem

_ANKI = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_HIGHLIGHT = re.compile(r"(?<!=)==(?!=)(.*?)(?<!=)==(?!=)")
_EMPTY_HIGHLIGHT = re.compile(r"(?<!=)====(?!=)")
_BRACKET = re.compile(r"[\[\]]")
BLANK = "[...]"
# One deletion's card repeats its whole paragraph, so a paragraph's cards hold (cards x length)
# characters: over this a paragraph is refused with a message, not turned into gigabytes.
MAX_CLOZE_CHARS = 10_000_000


def _family(text: str) -> str:
    return "cloze:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """`pos` is inside one of `spans` (sorted, not overlapping): a bisect, not a scan."""
    k = bisect_right(spans, (pos, _END)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_END = 1 << 62  # sorts after any end position


def _closing_brackets(text: str) -> dict[int, int]:
    """Each `[` -> the position after its matching `]`, in one pass (unmatched ones absent)."""
    close: dict[int, int] = {}
    stack: list[int] = []
    for m in _BRACKET.finditer(text):
        if m.group() == "[":
            stack.append(m.start())
        elif stack:
            close[stack.pop()] = m.end()
    return close


def _bracket_spans(text: str) -> list[tuple[int, int, str]]:
    """`[x]` deletions: not images, links, footnotes or text inside inline code."""
    code = _code_spans(text)
    close = _closing_brackets(text)
    found: list[tuple[int, int, str]] = []
    ref_label_at = -1  # where the `[ref]` of a `[text][ref]` reference link starts
    i = text.find("[")
    while i >= 0:
        j = close.get(i)
        if j is None or _inside(code, i) or (i > 0 and text[i - 1] in "!\\"):
            i = text.find("[", i + 1)
            continue
        inner = text[i + 1 : j - 1]
        follows = text[j : j + 1]
        # `[x](url)`, `[x][ref]`, footnotes `[^1]` and a link reference definition
        # `[x]: url` (on a line of its own below the first) are Markdown, not
        # deletions; `[6]:[9]` mid-line is two deletions, as hashcards reads it.
        if follows == "[":
            ref_label_at = j
        elif i != ref_label_at and not inner.startswith("^") and follows != "(" \
                and not (follows == ":" and _starts_line_below_first(text, i)):
            found.append((i, j, inner))
        i = text.find("[", j)
    return found


def _starts_line_below_first(text: str, i: int) -> bool:
    nl = text.rfind("\n", 0, i)
    return nl >= 0 and not text[nl + 1 : i].strip()


def _cards(
    text: str,
    spans: list[tuple[int, int, int, str]],  # start, end, ordinal, answer
    hints: dict[int, str],
    *, source_path: str, line: int, deck: str, tags: tuple[str, ...],
    breadcrumb: tuple[str, ...], explicit_id: str | None,
) -> tuple[list[CardDraft], list[Problem]]:
    ordinals = sorted({s[2] for s in spans})
    if len(ordinals) * len(text) > MAX_CLOZE_CHARS:
        return [], [Problem(source_path, line, f"cloze paragraph too big: its {len(ordinals)} "
                            f"cards would each repeat its {len(text):,} characters, over the "
                            f"{MAX_CLOZE_CHARS:,} characters one paragraph's cards may hold; "
                            "split it into smaller paragraphs")]
    revealed = _Revealed(text, spans)
    cloze_text = revealed.cloze_text(hints)
    family = _family(cloze_text)
    cards = []
    for ordinal in ordinals:
        blank = f"[{hints[ordinal]}]" if ordinal in hints else BLANK
        cards.append(CardDraft(
            kind="cloze", front=revealed.but(ordinal, blank),
            back=revealed.but(ordinal, None), deck=deck,
            source_path=source_path, line=line, tags=tags, breadcrumb=breadcrumb,
            explicit_id=f"{explicit_id}-c{ordinal}" if explicit_id else None,
            family=family, cloze_text=cloze_text, cloze_ordinal=ordinal,
        ))
    return cards, []


class _Revealed:
    """The text with every deletion shown as its answer, built once; each card's side is that
    text with only its own deletions drawn otherwise (slices: linear in the text per card)."""

    def __init__(self, text: str, spans: list[tuple[int, int, int, str]]) -> None:
        self.text, self.spans = text, spans
        pieces: list[str] = []
        self.at: list[tuple[int, int]] = []  # each span's answer: start, end in `shown`
        pos = size = 0
        self.of: dict[int, list[int]] = {}  # ordinal -> indexes of its spans
        for k, span in enumerate(spans):
            gap = text[pos : span[0]]
            pieces += (gap, span[3])
            size += len(gap)
            self.at.append((size, size + len(span[3])))
            size += len(span[3])
            pos = span[1]
            self.of.setdefault(span[2], []).append(k)
        pieces.append(text[pos:])
        self.shown = "".join(pieces)

    def but(self, ordinal: int, blank: str | None) -> str:
        """The shown text with the ordinal's deletions as `blank` (None: the answer in bold)."""
        out: list[str] = []
        pos = 0
        for k in self.of[ordinal]:
            start, end = self.at[k]
            out += (self.shown[pos:start], f"**{self.spans[k][3]}**" if blank is None else blank)
            pos = end
        out.append(self.shown[pos:])
        return "".join(out)

    def cloze_text(self, hints: dict[int, str]) -> str:
        return _rebuild(self.text, self.spans, lambda s: "{{c" + f"{s[2]}::{s[3]}" + (
            "::" + hints[s[2]] if s[2] in hints else "") + "}}")


def _rebuild(text: str, spans: list[tuple[int, int, int, str]],
             show: Callable[[tuple[int, int, int, str]], str]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span[0]])
        out.append(show(span))
        pos = span[1]
    out.append(text[pos:])
    return "".join(out)


def bracket_cloze_cards(
    body: str, *, source_path: str, line: int, deck: str, tags: tuple[str, ...],
    breadcrumb: tuple[str, ...], explicit_id: str | None = None,
) -> tuple[list[CardDraft], list[Problem]]:
    """One card per `[deletion]` of a `C:` block, as hashcards does."""
    found = _bracket_spans(body)
    if not found:
        return [], [Problem(source_path, line, "'C:' card has no [deletion]: put the words "
                            "to hide in square brackets, e.g. 'The [hashing trick] ...'")]
    problems: list[Problem] = []
    spans: list[tuple[int, int, int, str]] = []
    for start, end, inner in found:
        if not inner.strip():
            problems.append(Problem(source_path, line, "empty cloze deletion '[]': put the "
                                    "hidden text inside the brackets or remove them"))
            continue
        spans.append((start, end, len(spans) + 1, inner.strip()))
    if not spans:
        return [], problems
    cards, big = _cards(body, spans, {}, source_path=source_path, line=line, deck=deck,
                        tags=tags, breadcrumb=breadcrumb, explicit_id=explicit_id)
    return cards, problems + big


def anki_cloze_cards(
    para: str, *, source_path: str, line: int, deck: str, tags: tuple[str, ...],
    breadcrumb: tuple[str, ...], explicit_id: str | None = None,
) -> tuple[list[CardDraft], list[Problem]]:
    """One card per cloze number of an Anki-style `{{cN::text::hint}}` paragraph."""

    para, explicit, extra_tags = split_card_meta(para)
    explicit_id = explicit_id or explicit
    tags = tuple(dict.fromkeys(tags + extra_tags))
    spans: list[tuple[int, int, int, str]] = []
    hints: dict[int, str] = {}
    problems: list[Problem] = []
    code = _code_spans(para)
    for m in _ANKI.finditer(para):
        if _inside(code, m.start()):
            continue
        ordinal, answer, hint = int(m.group(1)), m.group(2), m.group(3)
        if not answer.strip():
            problems.append(Problem(source_path, line + para[: m.start()].count("\n"),
                                    f"empty cloze '{{{{c{ordinal}::}}}}': put the hidden text "
                                    f"after 'c{ordinal}::' or remove the cloze"))
            continue
        if ordinal == 0:
            problems.append(Problem(source_path, line, "cloze number c0 is not allowed: "
                                    "number clozes from c1"))
            continue
        spans.append((m.start(), m.end(), ordinal, answer))
        if hint:
            hints[ordinal] = hint
    if not spans:
        return [], problems
    cards, big = _cards(para, spans, hints, source_path=source_path, line=line, deck=deck,
                        tags=tags, breadcrumb=breadcrumb, explicit_id=explicit_id)
    return cards, problems + big


def highlight_cloze_cards(
    para: str, *, source_path: str, line: int, deck: str, tags: tuple[str, ...],
    breadcrumb: tuple[str, ...],
) -> tuple[list[CardDraft], list[Problem]]:
    """`==x==` deletions in a flashcards-tagged note: one card per highlight."""

    para, explicit, extra_tags = split_card_meta(para)
    tags = tuple(dict.fromkeys(tags + extra_tags))
    code = _code_spans(para)
    spans: list[tuple[int, int, int, str]] = []
    problems: list[Problem] = []
    for m in _HIGHLIGHT.finditer(para):
        if _inside(code, m.start()):
            continue
        if not m.group(1).strip():
            problems.append(Problem(source_path, line, "empty highlight '====': put the "
                                    "hidden text between the == marks"))
            continue
        spans.append((m.start(), m.end(), len(spans) + 1, m.group(1)))
    masked = _rebuild(para, spans, lambda s: "\0" * (s[1] - s[0]))
    for m in _EMPTY_HIGHLIGHT.finditer(masked):  # `====`: the regex above never matches it
        if not _inside(code, m.start()):
            problems.append(Problem(source_path, line + para[: m.start()].count("\n"),
                                    "empty highlight '====': put the hidden text between the "
                                    "== marks or remove them"))
    if not spans:
        return [], problems
    cards, big = _cards(para, spans, {}, source_path=source_path, line=line, deck=deck,
                        tags=tags, breadcrumb=breadcrumb, explicit_id=explicit)
    return cards, problems + big
