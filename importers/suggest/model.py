"""A suggested card: a draft in Blueprint's card syntax, with its source and a stable id."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

RULES = ("definition", "list", "table", "numeric", "diagram")


@dataclass(frozen=True)
class Suggestion:
    """One drafted card (or cloze family) and where in the notes it came from.

    `markdown` is the draft in card syntax (`Q:`/`A:` or `C:` with `[deletions]`): it is what
    `--out` writes and what an accepted suggestion is imported as. `source_text` is the note text
    the draft was made from; the id hashes it, so the id stays while that text is unchanged.
    """

    id: str
    rule: str
    kind: str  # "basic" | "cloze" | "numeric" | "diagram"
    front: str
    back: str
    markdown: str
    source_path: str
    line: int
    source_text: str
    breadcrumb: tuple[str, ...] = ()
    score: float = 0.0

    def with_path(self, source_path: str) -> Suggestion:
        return replace(self, source_path=source_path)

    def to_json(self) -> dict:
        return {
            "id": self.id, "rule": self.rule, "kind": self.kind, "front": self.front,
            "back": self.back, "markdown": self.markdown,
            "source": f"{self.source_path}:{self.line}", "breadcrumb": list(self.breadcrumb),
            "score": round(self.score, 2),
        }


def suggestion_id(rule: str, breadcrumb: tuple[str, ...], source_text: str, variant: str = ""
                  ) -> str:
    """Stable id: the rule, the section it sits in and the source text it was drafted from."""
    title = breadcrumb[-1] if breadcrumb else ""
    encoded = json.dumps([rule, title, " ".join(source_text.split()), variant],
                         ensure_ascii=False, separators=(",", ":"))
    return "sg-" + hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:12]


def make(rule: str, kind: str, front: str, back: str, markdown: str, *, line: int,
         source_text: str, breadcrumb: tuple[str, ...], score: float, variant: str = ""
         ) -> Suggestion:
    """A suggestion with its id computed from where it came from (the path is set by the caller)."""
    return Suggestion(
        id=suggestion_id(rule, breadcrumb, source_text, variant + kind), rule=rule, kind=kind,
        front=front, back=back, markdown=markdown, source_path="", line=line,
        source_text=source_text, breadcrumb=breadcrumb, score=score,
    )
