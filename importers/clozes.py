"""Cloze cards: hashcards `[deletions]` in `C:` blocks, Anki `{{c1::x}}`, and `==highlights==`."""

from __future__ import annotations

import hashlib
import re

from importers.card_meta import split_card_meta
from importers.model import CardDraft, Problem

_ANKI = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_HIGHLIGHT = re.compile(r"(?<!=)==(?!=)(.*?)(?<!=)==(?!=)")
_EMPTY_HIGHLIGHT = re.compile(r"(?<!=)====(?!=)")
BLANK = "[...]"


def _family(text: str) -> str:
    return "cloze:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _bracket_spans(text: str) -> list[tuple[int, int, str]]:
    """`[x]` deletions: not images, links, footnotes or text inside inline code."""
    code = _code_spans(text)
    found: list[tuple[int, int, str]] = []
    ref_label_at = -1  # where the `[ref]` of a `[text][ref]` reference link starts
    i = 0
    while i < len(text):
        if text[i] == "[" and not _inside(code, i) and (i == 0 or text[i - 1] not in "!\\"):
            depth, j = 1, i + 1
            while j < len(text) and depth:
                if text[j] == "[":
                    depth += 1
                elif text[j] == "]":
                    depth -= 1
                j += 1
            if depth == 0:
                inner = text[i + 1 : j - 1]
                follows = text[j : j + 1]
                # `[x](url)`, `[x][ref]`, footnotes `[^1]` and a link reference definition
                # `[x]: url` (on a line of its own below the first) are Markdown, not
                # deletions; `[6]:[9]` mid-line is two deletions, as hashcards reads it.
                nl = text.rfind("\n", 0, i)
                ref_def = follows == ":" and nl >= 0 and not text[nl + 1 : i].strip()
                if follows == "[":
                    ref_label_at = j
                elif i != ref_label_at and not ref_def and not inner.startswith("^") \
                        and follows != "(":
                    found.append((i, j, inner))
                i = j
                continue
        i += 1
    return found


def _cards(
    text: str,
    spans: list[tuple[int, int, int, str]],  # start, end, ordinal, answer
    hints: dict[int, str],
    *, source_path: str, line: int, deck: str, tags: tuple[str, ...],
    breadcrumb: tuple[str, ...], explicit_id: str | None,
) -> list[CardDraft]:
    cloze_text = _rebuild(text, spans, lambda s: "{{c" + f"{s[2]}::{s[3]}" + (
        "::" + hints[s[2]] if s[2] in hints else "") + "}}")
    family = _family(cloze_text)
    cards = []
    ordinals = sorted({s[2] for s in spans})
    for ordinal in ordinals:
        front = _rebuild(text, spans, lambda s, o=ordinal: (
            f"[{hints[o]}]" if s[2] == o and o in hints else BLANK) if s[2] == o else s[3])
        back = _rebuild(text, spans, lambda s, o=ordinal: f"**{s[3]}**" if s[2] == o else s[3])
        cards.append(CardDraft(
            kind="cloze", front=front, back=back, deck=deck, source_path=source_path,
            line=line, tags=tags, breadcrumb=breadcrumb,
            explicit_id=f"{explicit_id}-c{ordinal}" if explicit_id else None,
            family=family, cloze_text=cloze_text, cloze_ordinal=ordinal,
        ))
    return cards


def _rebuild(text: str, spans: list[tuple[int, int, int, str]], show) -> str:  # type: ignore[no-untyped-def]
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
    return _cards(body, spans, {}, source_path=source_path, line=line, deck=deck, tags=tags,
                  breadcrumb=breadcrumb, explicit_id=explicit_id), problems


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
    return _cards(para, spans, hints, source_path=source_path, line=line, deck=deck, tags=tags,
                  breadcrumb=breadcrumb, explicit_id=explicit_id), problems


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
    return _cards(para, spans, {}, source_path=source_path, line=line, deck=deck, tags=tags,
                  breadcrumb=breadcrumb, explicit_id=explicit), problems
