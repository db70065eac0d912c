"""Front matter of a note: deck, tags and the `cards: true` switch."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from importers.model import Problem


@dataclass
class FrontMatter:
    deck: str | None = None
    tags: list[str] = field(default_factory=list)
    cards: bool = False
    flashcards_deck: str | None = None  # from a `flashcards/a/b` tag in front matter


def parse_front_matter(content: str, source_path: str) -> tuple[FrontMatter, list[Problem]]:
    """Read the YAML between the `---` lines; a broken block is a problem, not a crash."""
    front = FrontMatter()
    try:
        data = yaml.safe_load(content) if content.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return front, [
            Problem(source_path, line, f"front matter is not valid YAML ({reason}): fix it or "
                    "remove it; the note was read without it")
        ]
    except RecursionError:
        return front, [Problem(source_path, 2, "front matter is nested too deeply to read: "
                               "flatten it; the note was read without it")]
    if not isinstance(data, dict):
        return front, []
    problems: list[Problem] = []
    deck = data.get("deck")
    if isinstance(deck, str) and deck.strip():
        front.deck = "::".join(p.strip() for p in deck.split("::") if p.strip())
    elif deck is not None:
        problems.append(Problem(source_path, 2, "front matter 'deck' must be text such as "
                                "'ads::ctr': the folder path is used instead"))
    tags = data.get("tags")
    if isinstance(tags, str):
        tags = [t for t in tags.replace(",", " ").split()]
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, str | int | float) and str(tag).strip():
                name = str(tag).strip().lstrip("#")
                if name == "flashcards" or name.startswith("flashcards/"):
                    front.cards = True
                    if "/" in name:
                        front.flashcards_deck = name.split("/", 1)[1]
                else:
                    front.tags.append(name)
    cards = data.get("cards")
    if cards is True or (isinstance(cards, str) and cards.lower() in ("true", "yes")):
        front.cards = True
    return front, problems
