"""The diagram side of an Anki package: diagram card notes, Image Occlusion notes, their images.

Imported only by an export that has diagrams, so a package of plain cards never loads Graphviz,
networkx or the quiz code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from app.export import diagram_views
from app.export.anki import Builder, esc, note_guid, utc_mtime
from app.export.diagram_media import DiagramImages, occlusion_shape
from app.export.model import ExportCard, ExportDiagram
from app.export.notetypes import DIAGRAM_MODEL, IMAGE_OCCLUSION_MODEL
from diagrams.model import Diagram
from diagrams.view import View

# What one diagram may draw in a package: its images times its nodes (a drawing's size and
# Graphviz's time grow with both). The shipped decks' largest family draws 40 images of 17 nodes
# (680); a 200-node diagram would draw 600 images of 200 (120,000: 50 MB, minutes of Graphviz)
# and gets 20. Cards past the cap are left out, and the export says so.
MAX_NODES_DRAWN = 4000


def image_cap(diagram: Diagram) -> int:
    """How many distinct images `diagram` may draw in one package."""
    return max(1, MAX_NODES_DRAWN // max(1, diagram.graph.number_of_nodes()))


# Kinds that share a few views across the family come first, so the cap leaves out node cards
# (which each need their own blank) before the family's latency and path cards.
_KIND_ORDER = {"diagram-node": 3, "diagram-after": 2, "diagram-before": 2}

Render = Callable[[ExportCard, str], str]


def card_views(card: ExportCard, diagram: Diagram | None = None) -> tuple[View | None, View]:
    """What a diagram card's front and back images show (no front image: None): the quiz
    card's own views (the blank, hidden latencies; no edges for path order and rebuild)."""
    if diagram is None:
        front = View.of(blank=card.blank) if card.blank is not None else None
        return front, View.of(highlight=card.blank)
    return diagram_views.views(diagram, card.diagram_key, card.blank)


class DiagramNotes:
    """Renders every image an export needs up front (one layout per diagram), then adds the
    diagram card notes and Image Occlusion notes through the package builder."""

    def __init__(self, b: Builder, cards: Sequence[ExportCard],
                 diagrams: Sequence[ExportDiagram], io_diagrams: Sequence[ExportDiagram],
                 render: Render) -> None:
        self._b = b
        self._render = render
        self.images = DiagramImages(b.cache_dir, b.media, b.problems, b.field_cache)
        self.by_diagram = {d.diagram_id: d for d in diagrams}
        wanted, self.left_out = _wanted_views(cards, self.by_diagram, io_diagrams)
        for diagram_id, count in sorted(Counter(self.left_out.values()).items()):
            item = self.by_diagram[diagram_id]
            b.problem(item.source or diagram_id,
                      f"diagram {diagram_id!r} is too big to draw every card's image (at most "
                      f"{image_cap(item.diagram)} images of its "
                      f"{item.diagram.graph.number_of_nodes()} nodes); {count} of its cards are "
                      "left out of the package (its Image Occlusion note still asks every "
                      "node); split the diagram to export them all")
        self.images.prepare(wanted)

    def add_card(self, card: ExportCard) -> None:
        if card.uid in self.left_out:
            return
        b = self._b
        mtime = utc_mtime(card.modified_at, card.source or card.uid)
        front_img = back_img = typed = choices = ""
        diagram = self.by_diagram.get(card.diagram_id or "")
        if diagram is None:
            b.problem(card.source, f"diagram {card.diagram_id!r} not exported; card has no image")
        else:
            mtime = max(mtime, utc_mtime(diagram.modified_at,
                                          diagram.source or diagram.diagram_id))
            d = diagram.diagram
            front, back = card_views(card, d)
            if front is not None:
                front_img = img(self.images.image(d, source=card.source, view=front))
            back_img = img(self.images.image(d, source=card.source, view=back))
            typed = diagram_views.typed_answer(d, card.diagram_key)
            choices = diagram_views.choices_text(d, card.diagram_key)
        question = self._render(card, card.front + choices)
        if not question:
            b.problem(card.source, "diagram card has an empty question; left out of the export")
            return
        fields = [question, front_img, self._render(card, card.back), back_img,
                  b.crumb(card.breadcrumb), esc(card.source), esc(typed)]
        b.add(DIAGRAM_MODEL, card.deck, fields, guid=note_guid("card", card.uid), mtime=mtime,
              tags=card.tags, cards=1)

    def add_image_occlusion(self, item: ExportDiagram) -> None:
        b = self._b
        mtime = utc_mtime(item.modified_at, item.source or item.diagram_id)
        if not item.quizzed_nodes:
            return
        source = item.source or item.diagram_id
        boxes = self.images.boxes(item.diagram, source=source)
        image = self.images.image(item.diagram, source=source)
        if boxes is None or image is None:
            return
        shapes: list[str] = []
        for node in item.quizzed_nodes:
            box = boxes.get(node)
            if box is None:
                b.problem(source, f"diagram {item.diagram_id!r}: node {node!r} not in the image")
                continue
            shapes.append(occlusion_shape(len(shapes) + 1, box))
        if not shapes:
            return
        fields = [
            "<br>".join(shapes),
            img(image),
            b.crumb(item.breadcrumb),
            f'<div class="bp-source">{esc(item.source)}</div>' if item.source else "",
            "",
        ]
        b.add(IMAGE_OCCLUSION_MODEL, item.deck, fields, guid=note_guid("io", item.diagram_id),
              mtime=mtime, tags=item.tags, cards=len(shapes))


def _wanted_views(
    cards: Sequence[ExportCard], by_diagram: dict[str, ExportDiagram],
    io_diagrams: Sequence[ExportDiagram],
) -> tuple[dict[int, tuple[Diagram, set[View]]], dict[str, str]]:
    """Every view of every diagram the export draws, so each diagram is laid out once; and the
    cards left out (uid -> diagram id) because their diagram reached its image cap."""
    wanted: dict[int, tuple[Diagram, set[View]]] = {}
    for shown in io_diagrams:
        wanted.setdefault(id(shown.diagram), (shown.diagram, set()))[1].add(View())
    left_out: dict[str, str] = {}
    ordered = sorted((c for c in cards if c.kind.startswith("diagram")),
                     key=lambda c: _KIND_ORDER.get(c.kind, 0))
    for card in ordered:
        item = by_diagram.get(card.diagram_id or "")
        if item is None:
            continue
        views = wanted.setdefault(id(item.diagram), (item.diagram, set()))[1]
        new = {v for v in card_views(card, item.diagram) if v is not None} - views
        if len(views) + len(new) > image_cap(item.diagram):
            left_out[card.uid] = item.diagram_id
        else:
            views |= new
    return wanted, left_out


def img(name: str | None) -> str:
    # Exactly this form: Anki's occlusion editor finds the image with a double-quote regex.
    return f'<img src="{name}">' if name else ""
