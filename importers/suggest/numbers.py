"""Rule: a sentence holding one number with a unit -> a numeric card (`A: ~40 ms`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from importers.suggest.model import Suggestion, make
from importers.suggest.structure import Item, Section
from importers.suggest.text import has_math, plain, words

_UNITS = (r"ns|µs|us|ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|"
          r"weeks?|months?|years?|B|bytes?|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|QPS|RPS|TPS|qps|rps|%|"
          r"x|×|million|billion|thousand|trillion")
_COUNTS = r"[kKMBT]"  # `30k`, `10M`, `2B`: only written against the number
QUANTITY = re.compile(
    r"(?<![\w.$^/@-])(?P<approx>~|≈|about |around |roughly |approximately |under |over )?"
    r"(?P<num>\d+(?:[.,]\d+)*)(?:\s*(?:-|–|to)\s*(?P<num2>\d+(?:\.\d+)?))?"
    r"(?:(?P<count>" + _COUNTS + r")(?:\s?(?P<unit2>" + _UNITS + r"))?|\s?(?P<unit>" + _UNITS +
    r"))(?![\w/])")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)\]][.!?])\s+(?=[A-Z(])")
_MIN_WORDS, _MAX_WORDS = 6, 40
_HYPOTHETICAL = re.compile(r"\b(?:can|could|might|may|would|say|e\.g|for example|for instance|"
                           r"imagine|suppose|illustrative|hypothetical)\b", re.I)


def quantities(sentence: str) -> list[re.Match[str]]:
    """Numbers with a unit in a sentence (years, versions and bare numbers are not)."""
    found = []
    for m in QUANTITY.finditer(sentence):
        unit = m.group("unit") or ""
        if unit in ("x", "×", "B", "h") and m.group(0)[-2:-1] == " ":
            continue  # `5 x 5`, `a 2 B`, `3 h` are too often not quantities
        found.append(m)
    return found


def numeric_rule(section: Section) -> Iterator[Suggestion]:
    for block in section.blocks:
        if block.kind == "paragraph":
            yield from _from_text(block.text, block.line, section.breadcrumb)
        elif block.kind == "list":
            for item in _walk(block.items):
                yield from _from_text(item.text, item.line, section.breadcrumb)


def _walk(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _from_text(text: str, line: int, crumbs: tuple[str, ...]) -> Iterator[Suggestion]:
    if has_math(text) or "`" in text or "|" in text or "](" in text:
        return  # math, code, tables and link titles read badly with a blank
    for sentence in _SENTENCE_END.split(plain(text)):
        found = quantities(sentence)
        if len(found) != 1 or not _MIN_WORDS <= words(sentence) <= _MAX_WORDS:
            continue
        if _HYPOTHETICAL.search(sentence):
            continue  # `a model can score 95%`, `say 50 ms`: an illustration, not a fact
        m = found[0]
        blanked = (sentence[: m.start()] + "___" + sentence[m.end():]).strip()
        if blanked.startswith("___"):
            continue  # a sentence that opens with the number reads badly blanked
        answer = _answer(m)
        front = f"Fill in the number: {blanked}"
        yield make("numeric", "numeric", front, answer, f"Q: {front}\nA: {answer}", line=line,
                   source_text=sentence, breadcrumb=crumbs, score=1.5 - len(sentence) / 400)


def _answer(m: re.Match[str]) -> str:
    """`about 40ms` -> `~40 ms`; a range stays a range (`1-2%`)."""
    num, num2 = m.group("num").replace(",", ""), m.group("num2")
    count = m.group("count") or ""
    unit = m.group("unit") or m.group("unit2") or ""
    value = f"{num}-{num2}" if num2 else num
    value += count
    if unit:
        value += unit if unit in ("%", "x", "×") or (count and not m.group("unit2")) else f" {unit}"
    return value if num2 else f"~{value}"
