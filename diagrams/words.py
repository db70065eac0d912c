"""Comparing a typed name with an expected one word by word, so one wrong word is a wrong answer.

Characters alone say `offline store lookup` is 92% like "Online store lookup"; words say one
content word differs, and that is a different stage. The rules:

- both sides are normalised (case, accents, punctuation, articles; a trailing plural `s` off);
  joined spellings match (`two tower` = `two-tower` = `twotower`);
- each expected word is paired with a typed word: the same word, or a typo of it (one edit in a
  word of 4-7 letters, two in a longer one; never a digit); a pair that is not the same word is a
  typo and makes the answer a near miss, not right;
- an expected word with no partner and a typed word with no partner mean a word was replaced:
  wrong (`light ranker` for "Heavy ranker");
- words missing, none replaced: a near miss when at least half of the expected content words are
  there, else wrong; extra typed words (not generic ones such as "service"): a near miss.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

RIGHT, NEAR, WRONG = "right", "near", "wrong"
_RANK = {RIGHT: 2, NEAR: 1, WRONG: 0}
_ARTICLES = frozenset({"a", "an", "the"})
# Words that name no particular stage: typing them or leaving them out changes nothing.
GENERIC = frozenset({"of", "for", "and", "service", "stage", "step", "module", "component",
                     "system", "job", "layer", "box", "node"})


@dataclass(frozen=True)
class WordMatch:
    """The verdict of one typed name against one expected name; `score` is 0..1."""

    status: str  # RIGHT | NEAR | WRONG
    score: float
    replaced: bool = False  # a typed word stands where an expected word should be


def normalise(text: str) -> str:
    """Lower case, accents and punctuation off, articles dropped, blanks collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^0-9a-z]+", " ", text).split()
    return " ".join(word for word in words if word not in _ARTICLES)


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def edits(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def is_typo(typed: str, expected: str) -> bool:
    """A small slip of the same word; `offline` is not a typo of `online` (two edits, 7 letters)."""
    if typed == expected or any(c.isdigit() for c in typed + expected):
        return False
    longest = max(len(typed), len(expected))
    allowed = 0 if longest < 4 else 1 if longest < 8 else 2
    return edits(typed, expected) <= allowed


def compare(given: str, expected: str) -> WordMatch:
    """How the typed name `given` stands against `expected` (see the module's rules)."""
    typed_text, target_text = normalise(given), normalise(expected)
    if not typed_text:
        return WordMatch(WRONG, 0.0)
    typed = [_stem(w) for w in typed_text.split()]
    target = [_stem(w) for w in target_text.split()]
    if typed == target or "".join(typed) == "".join(target) or sorted(typed) == sorted(target):
        return WordMatch(RIGHT, 1.0)
    left = list(typed)
    missing: list[str] = []
    typos = 0
    for word in target:
        if word in left:
            left.remove(word)
            continue
        slip = next((w for w in left if is_typo(w, word)), None)
        if slip is None:
            missing.append(word)
        else:
            left.remove(slip)
            typos += 1
    extra = [w for w in left if w not in GENERIC]
    missing_content = [w for w in missing if w not in GENERIC]
    content = [w for w in target if w not in GENERIC] or target
    found = len(content) - len(missing_content)
    score = max(0.0, (found - 0.5 * typos - 0.5 * len(extra)) / len(content))
    if missing_content and extra:
        return WordMatch(WRONG, min(score, 0.5), replaced=True)
    if missing_content:
        enough = found * 2 >= len(content) and found > 0
        return WordMatch(NEAR if enough else WRONG, score)
    if extra or typos:
        return WordMatch(NEAR, score)
    return WordMatch(RIGHT, 1.0)


def best(given: str, answers: tuple[str, ...]) -> WordMatch:
    """The best verdict of `given` over a name and its aliases.

    A near miss against a short alias ("feature store") is wrong when a longer alias holding
    all its words has a word replaced ("offline feature store" against "online feature store").
    """
    results = [compare(given, answer) for answer in answers] or [WordMatch(WRONG, 0.0)]
    words = [set(normalise(answer).split()) for answer in answers]
    for index, match in enumerate(results):
        if match.status == NEAR and any(
                other.replaced and words[index] < words[j] for j, other in enumerate(results)):
            results[index] = WordMatch(WRONG, min(match.score, 0.5), replaced=True)
    return max(results, key=lambda m: (_RANK[m.status], m.score))
