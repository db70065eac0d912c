"""Rule: a Mermaid or DOT block -> its diagram card family, as `blueprint import` makes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from importers.diagram_cards import diagram_drafts
from importers.markdown import DIAGRAM_LANGS
from importers.model import DiagramBlock
from importers.suggest.model import Suggestion, make
from importers.suggest.structure import Section


def diagram_rule(section: Section, source_path: str, counter: list[int]) -> Iterator[Suggestion]:
    """One suggestion per diagram that parses; `counter` numbers the file's diagram blocks."""
    for block in section.blocks:
        if block.kind != "fence" or block.lang not in DIAGRAM_LANGS:
            continue
        counter[0] += 1
        lang = DIAGRAM_LANGS[block.lang]
        diagram = DiagramBlock(lang=lang, source=block.text, source_path=source_path,
                               line=block.line + 1, index=counter[0], deck="",
                               breadcrumb=section.breadcrumb)
        drafts, row, _problems = diagram_drafts(diagram)
        if row is None or not drafts:
            continue  # `import` and `check` report why
        kinds = Counter(d.kind for d in drafts)
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        front = f"Diagram {row['id']}: {len(drafts)} quiz cards ({listed})"
        fence = "```" + ("mermaid" if lang == "mermaid" else "dot")
        yield make("diagram", "diagram", front, "", f"{fence}\n{block.text}```",
                   line=block.line, source_text=block.text, breadcrumb=section.breadcrumb,
                   score=1.0)
