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
BLANK = "[...]"
# One deletion's card repeats its whole paragraph, so a paragraph's cards hold (cards x length)
# characters: over this a paragraph is refused with a message, not turned into gigabytes.
MAX_CLOZE_CHARS = 10_000_000


_SHA256 = hashlib.sha256()  # copied per family: cheaper than a new hash object each time


def _family(text: str) -> str:
    digest = _SHA256.copy()
    digest.update(text.encode("utf-8"))
    return "cloze:" + digest.hexdigest()[:16]


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)] if "`" in text else []


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """`pos` is inside one of `spans` (sorted, not overlapping): a bisect, not a scan."""
    k = bisect_right(spans, (pos, _END)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_END = 1 << 62  # sorts after any end position


def _closing_brackets(text: str) -> dict[int, int]:
    """Each `[` -> the position after its matching `]`, in one pass (unmatched ones absent)."""
    close: dict[int, int] = {}
    stack: list[int] = []
    find = text.find
    opening, closing = find("["), find("]")
    while closing >= 0:  # the next bracket is the nearer of the two
        if 0 <= opening < closing:
            stack.append(opening)
            opening = find("[", opening + 1)
        else:
            if stack:
                close[stack.pop()] = closing + 1
            closing = find("]", closing + 1)
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
        if j is None or (code and _inside(code, i)) or (i > 0 and text[i - 1] in "!\\"):
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
    ordinals = [spans[0][2]] if len(spans) == 1 else sorted({s[2] for s in spans})
    if len(ordinals) * len(text) > MAX_CLOZE_CHARS:
        return [], [Problem(source_path, line, f"cloze paragraph too big: its {len(ordinals)} "
                            f"cards would each repeat its {len(text):,} characters, over the "
                            f"{MAX_CLOZE_CHARS:,} characters one paragraph's cards may hold; "
                            "split it into smaller paragraphs")]
    cloze_text, sides = _texts(text, spans, hints, ordinals)
    family = _family(cloze_text)
    return [CardDraft(
        kind="cloze", front=front, back=back, deck=deck,
        source_path=source_path, line=line, tags=tags, breadcrumb=breadcrumb,
        explicit_id=f"{explicit_id}-c{ordinal}" if explicit_id else None,
        family=family, cloze_text=cloze_text, cloze_ordinal=ordinal,
    ) for ordinal, front, back in sides], []


def _texts(text: str, spans: list[tuple[int, int, int, str]], hints: dict[int, str],
           ordinals: list[int]) -> tuple[str, list[tuple[int, str, str]]]:
    """The paragraph in Anki syntax, and each ordinal's (ordinal, front, back)."""
    if len(spans) == 1:  # a lone deletion, the usual card: each text is three pieces
        start, end, ordinal, answer = spans[0]
        head, tail = text[:start], text[end:]
        hint = hints.get(ordinal)
        return f"{head}{_anki(ordinal, answer, hint)}{tail}", [
            (ordinal, head + _blank(hint) + tail, f"{head}**{answer}**{tail}")]
    revealed = _Revealed(text, spans, hints)
    return revealed.cloze_text, [
        (ordinal, *revealed.sides(ordinal, _blank(hints.get(ordinal)))) for ordinal in ordinals]


def _anki(ordinal: int, answer: str, hint: str | None) -> str:
    """One deletion in Anki syntax: {{c1::answer}} or {{c1::answer::hint}}."""
    return f"{{{{c{ordinal}::{answer}}}}}" if hint is None else \
        f"{{{{c{ordinal}::{answer}::{hint}}}}}"


def _blank(hint: str | None) -> str:
    """What a card's front shows for its own deletion: [...] or its [hint]."""
    return BLANK if hint is None else f"[{hint}]"


class _Revealed:
    """The text with every deletion shown as its answer, and in Anki syntax, built in one pass;
    each card's sides are the shown text with only its own deletions drawn otherwise (slices:
    linear in the text per card)."""

    __slots__ = ("at", "cloze_text", "of", "shown", "spans")

    def __init__(self, text: str, spans: list[tuple[int, int, int, str]],
                 hints: dict[int, str]) -> None:
        self.spans = spans
        shown: list[str] = []
        anki: list[str] = []
        self.at: list[tuple[int, int]] = []  # each span's answer: start, end in `shown`
        self.of: dict[int, list[int]] = {}  # ordinal -> indexes of its spans
        pos = size = 0
        for k, (start, end, ordinal, answer) in enumerate(spans):
            gap = text[pos:start]
            hint = hints.get(ordinal)
            shown += (gap, answer)
            anki += (gap, _anki(ordinal, answer, hint))
            size += len(gap)
            self.at.append((size, size + len(answer)))
            size += len(answer)
            pos = end
            self.of.setdefault(ordinal, []).append(k)
        shown.append(text[pos:])
        anki.append(text[pos:])
        self.shown = "".join(shown)
        self.cloze_text = "".join(anki)

    def sides(self, ordinal: int, blank: str) -> tuple[str, str]:
        """(front, back): the shown text with the ordinal's deletions as `blank`, then as
        their answers in bold."""
        shown, of = self.shown, self.of[ordinal]
        if len(of) == 1:  # the usual deletion: one slice before it, one after
            start, end = self.at[of[0]]
            head, tail = shown[:start], shown[end:]
            return head + blank + tail, f"{head}**{self.spans[of[0]][3]}**{tail}"
        front: list[str] = []
        back: list[str] = []
        pos = 0
        for k in of:
            start, end = self.at[k]
            gap = shown[pos:start]
            front += (gap, blank)
            back += (gap, f"**{self.spans[k][3]}**")
            pos = end
        front.append(shown[pos:])
        back.append(shown[pos:])
        return "".join(front), "".join(back)


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
        if code and _inside(code, m.start()):
            continue
        number, answer, hint = m.groups()
        ordinal = int(number)
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
