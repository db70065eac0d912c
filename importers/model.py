"""Drafts: what an importer makes of a note, before the store gives cards their identity."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from importers.problem import Problem

__all__ = ["CardDraft", "DiagramBlock", "ParsedNote", "Problem"]


# What a card's content hash is taken over; one encoder, not one made per card (json.dumps
# with options builds a new one each call): the same bytes, so the same hashes.
_HASHED_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# What that encoder writes for a string (its C escaping): a card's parts are joined here, byte
# for byte as it would encode the list, at a third of the cost (encode() builds a C encoder
# per call; the import's main process hashes every new card: 200k at a time).
_json_string = json.encoder.encode_basestring


def _json_other(value: object) -> str:
    """What _HASHED_JSON writes for a value that is not a string (a cloze ordinal, a None)."""
    if value.__class__ is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    return "null" if value is None else _HASHED_JSON.encode(value)


@dataclass(frozen=True)
class CardDraft:
    """One reviewable card as found in a note.

    For cloze cards `front`/`back` are the rendered prompt/answer (the active deletion blanked as
    `[...]` or shown); `cloze_text` holds the whole note text in Anki syntax (`{{c1::x}}`) and
    `cloze_ordinal` which deletion this card asks, so an exporter can rebuild one Anki cloze note
    per family.
    """

    kind: str
    front: str
    back: str
    deck: str
    source_path: str  # posix path relative to the import root
    line: int
    tags: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    explicit_id: str | None = None
    family: str | None = None  # siblings share it (cloze deletions of one note, one diagram)
    cloze_text: str | None = None
    cloze_ordinal: int | None = None
    diagram_id: str | None = None
    diagram_key: str | None = None  # "node:CG", "after:CG", "bottleneck", "latency", ...
    # A diagram card's quiz (JSON of diagrams' QuizCard: its answers and what its drawing
    # shows), decided at import so the review and the export never rebuild the family.
    quiz: str | None = None

    def __init__(self, kind: str, front: str, back: str, deck: str, source_path: str, line: int,
                 tags: tuple[str, ...] = (), breadcrumb: tuple[str, ...] = (),
                 explicit_id: str | None = None, family: str | None = None,
                 cloze_text: str | None = None, cloze_ordinal: int | None = None,
                 diagram_id: str | None = None, diagram_key: str | None = None,
                 quiz: str | None = None) -> None:
        # The frozen dataclass's own __init__ sets each field through object.__setattr__: this
        # one fills the instance's dict directly, in field order (the same object and pickle, at
        # less than half the cost: an import makes one per card). Fields and this list agree
        # (tests/test_drafts_init.py).
        d = self.__dict__
        d["kind"] = kind
        d["front"] = front
        d["back"] = back
        d["deck"] = deck
        d["source_path"] = source_path
        d["line"] = line
        d["tags"] = tags
        d["breadcrumb"] = breadcrumb
        d["explicit_id"] = explicit_id
        d["family"] = family
        d["cloze_text"] = cloze_text
        d["cloze_ordinal"] = cloze_ordinal
        d["diagram_id"] = diagram_id
        d["diagram_key"] = diagram_key
        d["quiz"] = quiz

    @cached_property  # computed once: identity matching and the store both ask for it
    def content_hash(self) -> str:
        """Hash of what the card asks and answers, delimiter-safe (a JSON list)."""
        if self.kind == "cloze" and self.cloze_text is not None:
            parts: list[object] = [self.kind, self.cloze_text, self.cloze_ordinal]
        elif self.diagram_key is not None:
            parts = [self.kind, self.diagram_id, self.diagram_key, self.front, self.back]
        else:
            parts = [self.kind, self.front, self.back]
        import hashlib  # here: a no-change re-import loads the model but hashes nothing

        encoded = "[" + ",".join([_json_string(part) if part.__class__ is str else
                                  _json_other(part) for part in parts]) + "]"
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DiagramBlock:
    """A fenced ```mermaid / ```dot block found in a note, handed to `diagrams`."""

    lang: str  # "mermaid" | "dot"
    source: str
    source_path: str
    line: int  # absolute line of the block's first content line
    index: int  # 1-based: the Nth diagram block of its file
    deck: str
    breadcrumb: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass
class ParsedNote:
    """Everything one Markdown file yields."""

    source_path: str
    cards: list[CardDraft] = field(default_factory=list)
    diagrams: list[DiagramBlock] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
