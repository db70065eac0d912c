"""Interview checklists in notes: a task list under a heading titled `Checklist`.

A checklist is not a card. Each item is a point an interviewer expects at one step of the 7-step
framework; its trailing `#tags` name the cards that teach it (the cards carrying those tags):

    ## Data preparation
    ### Checklist
    - [ ] Label from an attribution window #ads-label
    - [ ] Negative downsampling, then recalibration #downsampling #calibration

The step is the heading that holds the `Checklist` heading (or, for a `## Checklist` under a
`# Step …` title, that title), matched to the framework's seven steps by its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STEPS: tuple[str, ...] = (
    "Clarify requirements",
    "Frame as an ML task",
    "Data preparation",
    "Model development",
    "Evaluation",
    "Deployment and serving",
    "Monitoring",
)
# Words that name a step in a heading; checked in order, first hit wins.
_STEP_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (0, ("clarify", "requirement", "scope")),
    (1, ("frame", "framing", "ml task", "problem formulation", "formulat")),
    (2, ("data", "feature engineering", "features")),
    (3, ("model", "training")),
    (4, ("evaluat", "metric")),
    (5, ("deploy", "serving", "serve", "inference")),
    (6, ("monitor", "maintenance", "observab")),
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ITEM = re.compile(r"^\s*[-*+]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.+?)\s*$")
_TRAILING_TAGS = re.compile(r"(?:\s+#[\w][\w/-]*)+\s*$")
_TAG = re.compile(r"#([\w][\w/-]*)")
_STEP_PREFIX = re.compile(r"^(?:step\s*)?\d+\s*[:.)-]\s*", re.IGNORECASE)
# A checklist needs a heading holding the word: a note without these letters has none (one
# search of the text, not two patterns per line: every imported note is asked)
_ANY_CHECKLIST = re.compile(r"checklist", re.IGNORECASE)


@dataclass(frozen=True)
class ChecklistItem:
    """One point: its text, the tags of the cards that teach it, where it stands."""

    text: str
    tags: tuple[str, ...]
    line: int
    cards: tuple[int, ...] = ()  # cards linked by id (a drill's own points: the rebuild card)
    rebuild: str = ""  # "precision" | "recall": ticked by the diagram rebuild's score


@dataclass(frozen=True)
class Checklist:
    """The points of one framework step in one note (a case study)."""

    step: int  # 0..6, index into STEPS
    heading: str  # the step heading as written
    line: int
    items: tuple[ChecklistItem, ...]


def step_of(heading: str) -> int | None:
    """The framework step a heading names (0..6), or None."""
    text = _STEP_PREFIX.sub("", heading.strip()).lower()
    for index, words in _STEP_WORDS:
        if any(word in text for word in words):
            return index
    return None


def is_checklist_heading(text: str) -> bool:
    """`Checklist`, `Checklist: data`, `Interview checklist` all open a checklist."""
    return re.search(r"\bchecklist\b", text, re.IGNORECASE) is not None


def parse_item(raw: str) -> tuple[str, tuple[str, ...]] | None:
    """`- [ ] point #a #b` -> ("point", ("a", "b")); None when the line is not a task item."""
    match = _ITEM.match(raw)
    if match is None:
        return None
    text = match.group("text")
    tail = _TRAILING_TAGS.search(text)
    tags: tuple[str, ...] = ()
    if tail is not None:
        tags = tuple(_TAG.findall(tail.group(0)))
        text = text[: tail.start()].rstrip()
    return text, tags


def parse_checklists(text: str) -> list[Checklist]:
    """Every checklist of a note, in order; headings that name no step are skipped."""
    found: list[Checklist] = []
    # "chec" in the lowered text first: only ASCII c/C, h/H, e/E match those letters of the
    # case-blind pattern, so a text without it has no match (a lowering is a tenth of a search)
    if "chec" not in text.lower() or _ANY_CHECKLIST.search(text) is None:
        return found
    stack: list[tuple[int, str]] = []  # open headings (level, text)
    current: tuple[int, str, int, int] | None = None  # (level, step heading, step, line)
    items: list[ChecklistItem] = []
    in_fence = False

    def close() -> None:
        if current is not None and items:
            found.append(Checklist(current[2], current[1], current[3], tuple(items)))
        items.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(raw)
        if heading is not None:
            level, title = len(heading.group(1)), heading.group(2)
            if current is not None and level <= current[0]:
                close()
                current = None
            while stack and stack[-1][0] >= level:
                stack.pop()
            if is_checklist_heading(title):
                step_heading = next(
                    (text for _, text in reversed(stack) if step_of(text) is not None), title
                )
                step = step_of(step_heading)
                if step is None:
                    step = step_of(title.replace("checklist", "").replace("Checklist", ""))
                if step is not None:
                    current = (level, step_heading, step, number)
            stack.append((level, title))
            continue
        if current is not None:
            item = parse_item(raw)
            if item is not None:
                items.append(ChecklistItem(item[0], item[1], number))
    close()
    return found


_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_MINUTES = re.compile(r"(\d+)")


def parse_time_plan(text: str) -> dict[int, tuple[int, ...]]:
    """A drill time plan from a Markdown table: a `Step` column and one column per length.

        | Step                 | 45 min | 60 min |
        |----------------------|--------|--------|
        | Clarify requirements | 4      | 5      |

    Returns {45: (minutes of steps 1..7), 60: (...)}; a length appears only when every one of
    the 7 steps has a number in its column. Rows that name no step (introductions) are ignored.
    """
    header: list[int | None] | None = None
    columns: dict[int, dict[int, int]] = {}
    if "|" not in text:  # no table row
        return {}
    for raw in text.splitlines():
        row = _ROW.match(raw)
        if row is None:
            header = None
            continue
        cells = [cell.strip() for cell in row.group(1).split("|")]
        if header is None:
            if cells and "step" in cells[0].lower():
                header = [_length(cell) for cell in cells]
            continue
        if all(set(cell) <= set("-: ") for cell in cells):
            continue
        step = step_of(cells[0])
        if step is None:
            continue
        for position, length in enumerate(header):
            if length is None or position >= len(cells):
                continue
            number = _MINUTES.search(cells[position])
            if number is not None:
                columns.setdefault(length, {})[step] = int(number.group(1))
    return {
        length: tuple(boxes[i] for i in range(len(STEPS)))
        for length, boxes in columns.items()
        if len(boxes) == len(STEPS)
    }


def _length(cell: str) -> int | None:
    match = re.fullmatch(r"(\d+)\s*(?:min(?:utes?)?)?", cell.strip(), re.IGNORECASE)
    return int(match.group(1)) if match else None


def drill_case(text: str, rel_path: str) -> dict | None:
    """What a drill needs from a note with checklists: its id (the file's stem), title, prompt
    (the first paragraph under the title) and checklists as plain values; None without any."""
    checklists = parse_checklists(text)
    if not checklists:
        return None
    title, prompt = _title_and_prompt(text)
    stem = rel_path.rsplit("/", 1)[-1].removesuffix(".md").removesuffix(".markdown")
    return {
        "case_id": stem,
        "title": title or stem.replace("-", " ").replace("_", " ").capitalize(),
        "prompt": prompt,
        "checklists": [
            {"step": c.step, "heading": c.heading, "line": c.line,
             "items": [{"text": i.text, "tags": list(i.tags), "line": i.line} for i in c.items]}
            for c in checklists
        ],
    }


def _title_and_prompt(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1:]
    title, in_fence = "", False
    paragraph: list[str] = []
    for raw in lines:
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        heading = _HEADING.match(raw)
        if in_fence:
            continue
        if heading is not None:
            if title or paragraph:
                break
            title = heading.group(2)
            continue
        if raw.strip():
            paragraph.append(raw.strip())
        elif paragraph:
            break
    return title, _first_sentences(" ".join(paragraph))


def _first_sentences(text: str, enough: int = 100) -> str:
    """The paragraph's opening sentences, stopping once `enough` characters are reached."""
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        out = f"{out} {sentence}".strip()
        if len(out) >= enough:
            break
    return out
