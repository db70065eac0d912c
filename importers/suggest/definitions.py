"""Rule: a term and its definition (`**Term**: text`, `**Term** — text`, `- Term: text`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from importers.suggest.model import Suggestion, make
from importers.suggest.structure import Item, Section
from importers.suggest.text import brackets_free, has_math, is_link_only, one_line, plain, words

_TERM = r"(?P<term>[^*_\n]{1,60}?)"
# `**Term**: text`, `**Term:** text`, `**Term.** text`, `__Term__: text`, `*Term*: text`
_EMPH_COLON = re.compile(r"^(?P<m>\*\*|__|\*|_)" + _TERM
                         + r"(?P=m)(?:\s*\([^)]{1,80}\))?\s*:\s*(?P<def>.+)$", re.S)
_EMPH_INSIDE = re.compile(r"^(?P<m>\*\*|__|\*|_)" + _TERM + r"[:.](?P=m)\s*(?P<def>.+)$", re.S)
# `**Term** — text`, `**Term** - text`, `**Term** – text`
_EMPH_DASH = re.compile(r"^(?P<m>\*\*|__)" + _TERM + r"(?P=m)\s*(?:—|–|--?)\s+(?P<def>.+)$", re.S)
# `**Term** (expansion) measures ...`: a paragraph or item that opens by naming what it defines
_EMPH_PROSE = re.compile(r"^(?P<m>\*\*|__)" + _TERM + r"(?P=m)(?P<def>(?:\s*\([^)]{1,80}\))?\s+"
                         r"(?:is|are|means|refers to|[a-z]{3,}(?<!ss)s)\s.+)$", re.S)
# `Term: text` as a list item: a short name, then the text
_PLAIN = re.compile(r"^(?P<term>[A-Za-z][\w /&+'’().-]{0,40}?)\s*:\s+(?P<def>\S.+)$", re.S)

# Names that introduce something other than a definition.
_NOT_TERMS = {"note", "notes", "tip", "tips", "warning", "example", "examples", "e.g", "eg",
              "pros", "cons", "pro", "con", "why", "how", "what", "when", "where", "who", "todo",
              "see", "source", "sources", "link", "links", "ref", "reference", "references",
              "answer", "question", "q", "a", "c", "important", "caution", "update", "edit",
              "result", "results", "output", "input", "step", "goal", "idea", "summary",
              "two", "three", "four", "five", "one", "option", "options", "use", "usage",
              # speakers of a dialogue (`**Interviewer:** ...`), not terms
              "candidate", "interviewer", "interviewee", "me", "you", "user", "assistant",
              "speaker", "host", "guest", "student", "teacher", "bob", "alice",
              # run-in labels of a paragraph (`**Tools.** ...`): what follows is not a definition
              "tools", "tool", "provenance", "worked", "takeaway", "takeaways", "caveat",
              "caveats", "intuition", "analogy", "bottom", "rule", "context", "background",
              "problem", "problems", "solution", "solutions", "fix", "fixes", "tradeoff",
              "tradeoffs", "trade-off", "trade-offs", "scalability", "requirements",
              "constraints", "assumptions", "motivation", "overview", "details", "detail",
              "verdict", "recap", "aside", "hint", "in", "key", "main", "bonus",
              "strengths", "strength", "weaknesses", "weakness", "limitations", "limitation",
              "benefits", "benefit", "advantages", "disadvantages", "drawbacks", "risks"}
_VERBS = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|"
                    r"would|should|must|may|might|we|you|i|they|it|this|that|these|those)\b", re.I)
_HEDGES = re.compile(r"\b(?:where|when|if|than|possible|never|always|should|must|do|don't|"
                     r"not|first|before|after)\b", re.I)
_LABELLED = re.compile(r"^(?:pros?|cons?|problems?|issues?|note|e\.g\.|eg|ex|example)\s*:", re.I)
_ARROW = re.compile(r"->|=>|→|<-")
_MAX_DEF = 320


@dataclass(frozen=True)
class Definition:
    term: str
    text: str  # the definition (for the prose form: the whole sentence)
    prose: bool  # the text names the term itself (`**AUC** measures ...`)


def find_definition(text: str, *, list_item: bool) -> Definition | None:
    """The term and definition a paragraph or list item opens with, or None."""
    text = text.strip()
    if not text or is_link_only(text) or "](" in text[:120]:
        return None  # a linked title (`[Feast: ...](url) -- notes`) names a source, not a term
    for pattern, prose in ((_EMPH_INSIDE, False), (_EMPH_COLON, False), (_EMPH_DASH, False),
                           (_EMPH_PROSE, True)):
        m = pattern.match(text)
        if m:
            term = plain(m.group("term")).strip(" :")
            if pattern is _EMPH_INSIDE and _lead_sentence(term):
                return None  # `**Drift rates differ.** ...`: a key point, not a term
            body = one_line(m.group("def"))
            if prose:
                body = f"{term} {body}"
            return _checked(term, body, prose)
    if list_item:
        m = _PLAIN.match(text)
        # without emphasis only a named thing (`Embedding: ...`, `CTR: ...`) over prose; terse
        # note-taking (`implicit: more data`, `top-view: input -> CNN`) defines nothing
        if (m and not _VERBS.search(m.group("term")) and words(m.group("def")) >= 4
                and m.group("term")[0].isupper() and not _ARROW.search(m.group("def"))):
            return _checked(plain(m.group("term")), one_line(m.group("def")), False)
    return None


def _lead_sentence(term: str) -> bool:
    """A bold opening sentence (`**Cold start is a representation problem.**`), not a name."""
    names = term.split()
    return len(names) > 3 or bool(_VERBS.search(term)) or (
        len(names) > 1 and names[-1].islower() and names[-1] in _SENTENCE_VERBS)


_SENTENCE_VERBS = {"differ", "differs", "matter", "matters", "fail", "fails", "win", "wins",
                   "work", "works", "drive", "drives", "help", "helps", "change", "changes",
                   "break", "breaks", "lie", "lies", "leak", "leaks", "dominate",
                   "dominates", "decide", "decides", "compound", "compounds", "drift", "drifts"}


def _checked(term: str, body: str, prose: bool) -> Definition | None:
    if not term or words(term) > 6 or "](" in term or "`" in term or "http" in term:
        return None
    first = term.split()[0].lower().rstrip(".:")
    if first in _NOT_TERMS or term[0].isdigit():
        return None
    body = _first_sentences(plain(body))
    if body.endswith(":"):  # `... The formula to use:` leads into something not kept here
        body = re.split(r"(?<=[.!?])\s+(?=[A-Z])", body)[0]
    if ("?" in body or _HEDGES.search(term) or _LABELLED.match(body) or " and " in term
            or re.search(r" / | vs\.? | versus ", term)):
        return None  # a question, or advice (`**Precompute where possible**`), defines nothing
    if words(body) < 3 or body.endswith(":") or "http" in body or len(body) > _MAX_DEF:
        return None
    return Definition(term, body, prose)


def _first_sentences(text: str) -> str:
    """The text cut after the sentence that passes about 200 characters."""
    if len(text) <= _MAX_DEF:
        return text
    for m in re.finditer(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])", text):
        if m.start() >= 120:
            return text[: m.start()]
    return text


def definition_rule(section: Section) -> Iterator[Suggestion]:
    """'What is Term?' for each definition, plus a cloze where the definition names the term."""
    for block in section.blocks:
        if block.kind == "paragraph":
            found = find_definition(block.text, list_item=False)
            if found:
                yield from _cards(found, block.line, block.text, section.breadcrumb)
        elif block.kind == "list":
            for item in _walk(block.items):
                found = find_definition(item.text, list_item=True)
                if found:
                    yield from _cards(found, item.line, item.text, section.breadcrumb)


def _walk(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _cards(found: Definition, line: int, source: str, crumbs: tuple[str, ...]
           ) -> Iterator[Suggestion]:
    question_term = re.sub(r"\s*\([^)]*\)\s*$", "", found.term) or found.term
    verb = "are" if _plural_term(question_term) else "is"
    front = f"What {verb} {question_term}?"
    if has_math(found.text) and found.text.count("$") % 2:
        return
    score = 3.0 - len(found.text) / 400
    yield make("definition", "basic", front, found.text, f"Q: {front}\nA: {found.text}",
               line=line, source_text=source, breadcrumb=crumbs, score=score)
    cloze = _cloze(found)
    if cloze:
        yield make("definition", "cloze", cloze, "", f"C: {cloze}", line=line,
                   source_text=source, breadcrumb=crumbs, score=score - 0.3)


def _plural_term(term: str) -> bool:
    last = term.split()[-1] if term.split() else ""
    if re.fullmatch(r"[A-Z]{2,}s", last):  # IDs, LLMs
        return True
    return last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _cloze(found: Definition) -> str | None:
    """The definition with the term blanked, when the definition names the term."""
    if not brackets_free(found.text) or not brackets_free(found.term) or has_math(found.text):
        return None
    names = [found.term]
    short = re.sub(r"\s*\([^)]*\)\s*$", "", found.term)
    if short and short != found.term:
        names.insert(0, short)
    for name in names:
        pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.I)
        if pattern.search(found.text):
            return pattern.sub(lambda m: f"[{m.group(0)}]", found.text, count=1)
    return None
