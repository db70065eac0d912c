"""Blueprint's Anki note types (fixed ids) and a note whose modification time is its content's."""

from __future__ import annotations

from typing import Any

import genanki

# Never change these: Anki matches note types by id, and a new id means a second note type on
# the phone with every note duplicated.
BASIC_MODEL_ID = 1_734_101_201
CLOZE_MODEL_ID = 1_734_101_202
DIAGRAM_MODEL_ID = 1_734_101_203
IMAGE_OCCLUSION_MODEL_ID = 1_734_101_204
NUMERIC_MODEL_ID = 1_734_101_205

# The note types' own modification time. Anki takes a package's note type over an existing one
# only when this is newer, so bump it whenever a template or the CSS below changes.
NOTETYPE_MTIME = 1_767_225_600  # 2026-01-01T00:00:00Z

# Anki's value for "this note type is Image Occlusion" (ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION).
ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION = 6

CSS = """
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 19px; line-height: 1.45; text-align: left;
  color: #1d232b; background-color: #fbfbf8;
  max-width: 42em; margin: 0 auto; padding: 0 4px;
}
.bp-crumb { font-size: 0.72em; color: #6b7480; margin-bottom: 0.8em; letter-spacing: 0.01em; }
.bp-source { font-size: 0.68em; color: #8a929c; margin-top: 1.4em; word-break: break-all; }
.bp-answer, .bp-extra { margin-top: 0.4em; }
hr#answer { border: none; border-top: 1px solid #d5d9de; margin: 1em 0; }
.bp-prompt { font-weight: 600; margin: 0.6em 0; }
code { font-family: "JetBrains Mono", Menlo, Consolas, "Roboto Mono", monospace; font-size: 0.86em;
  background: #eef0f3; border-radius: 4px; padding: 0.1em 0.3em; }
pre.bp-code { background: #f1f3f5; border: 1px solid #dde1e5; border-radius: 6px;
  padding: 0.6em 0.75em; overflow-x: auto; -webkit-overflow-scrolling: touch; font-size: 0.8em;
  line-height: 1.35; }
pre.bp-code code { background: none; padding: 0; font-size: 1em; white-space: pre; }
table { border-collapse: collapse; margin: 0.5em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d5d9de; padding: 0.25em 0.5em; }
img { max-width: 100%; height: auto; }
.bp-figure img { display: block; margin: 0.4em auto; border-radius: 4px; background: #ffffff; }
.cloze { font-weight: 700; color: #1864ab; }
blockquote { border-left: 3px solid #c9ced4; margin: 0.5em 0; padding-left: 0.8em; color: #4a525c; }

.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode {
  color: #e4e7eb; background-color: #1c1f23;
}
.nightMode .bp-crumb, .night_mode .bp-crumb { color: #9aa3ad; }
.nightMode .bp-source, .night_mode .bp-source { color: #7f8893; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3a4047; }
.nightMode code, .night_mode code { background: #2b3036; }
.nightMode pre.bp-code, .night_mode pre.bp-code { background: #25292e; border-color: #3a4047; }
.nightMode th, .nightMode td, .night_mode th, .night_mode td { border-color: #3a4047; }
.nightMode .cloze, .night_mode .cloze { color: #74c0fc; }
.nightMode blockquote, .night_mode blockquote { border-left-color: #4a525c; color: #b6bdc5; }
/* Diagrams are drawn on white: keep them on a light card so the edges stay visible. */
.nightMode .bp-figure img, .night_mode .bp-figure img { background: #f4f5f6; padding: 4px; }
"""

IO_CSS = """
#image-occlusion-container { position: relative; max-width: 100%; margin: 0 auto; }
#image-occlusion-container img { max-width: 100%; height: auto; display: block; }
#image-occlusion-canvas {
  position: absolute; top: 0; left: 0;
  --active-shape-color: #f08c00;
  --active-shape-border: 2px #7a3e00;
  --inactive-shape-color: #ffe8a3;
  --inactive-shape-border: 1px #6b5a20;
  --highlight-shape-color: rgba(240, 140, 0, 0);
  --highlight-shape-border: 2px #f08c00;
}
#bp-io-error { color: #c92a2a; font-size: 0.8em; }
"""

_CRUMB = '{{#Breadcrumb}}<div class="bp-crumb">{{Breadcrumb}}</div>{{/Breadcrumb}}'
_SOURCE = '{{#Source}}<div class="bp-source">{{Source}}</div>{{/Source}}'


class FixedModel(genanki.Model):
    """A genanki model whose JSON carries a fixed modification time instead of the export's."""

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data: dict[str, Any] = super().to_json(NOTETYPE_MTIME, deck_id)
        return data


class ImageOcclusionModel(FixedModel):
    """Marked as Anki's Image Occlusion kind, which genanki's constructor cannot express."""

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        data = super().to_json(timestamp, deck_id)
        data["originalStockKind"] = ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION
        return data


class TimedNote(genanki.Note):
    """A note written with its own modification time (the time its content last changed).

    genanki stamps every note and card with the package's timestamp; Anki updates a note on
    import only when the incoming `mod` is newer, so each note must carry its content's time.
    """

    def __init__(self, *args: Any, mtime: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mtime = mtime

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, float(self.mtime), deck_id, id_gen)

    def rows(self, deck_id: int, id_gen: Any) -> tuple[tuple, list[tuple]]:
        """The `notes` row and `cards` rows `write_to_db` inserts, ids drawn in the same order,
        so a package can insert all notes and all cards with one statement each."""
        self._check_number_model_fields_matches_num_fields()
        mod = self.mtime
        note_id = next(id_gen)
        note = (note_id, self.guid, self.model.model_id, mod, -1, self._format_tags(),
                self._format_fields(), self.sort_field, 0, 0, "")
        cards = [(next(id_gen), note_id, deck_id, card.ord, mod, -1, 0,
                  -1 if card.suspend else 0, self.due, 0, 0, 0, 0, 0, 0, 0, 0, "")
                 for card in self.cards]
        return note, cards

    def _check_invalid_html_tags_in_fields(self) -> None:
        # genanki's check only warns about tag names; every field here comes out of nh3 (or is
        # built by this package), so the scan over each field would be wasted work.
        return None


def _field(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, **extra}


BASIC_MODEL = FixedModel(
    BASIC_MODEL_ID,
    "Blueprint Basic",
    fields=[_field("Front"), _field("Back"), _field("Breadcrumb"), _field("Source")],
    templates=[
        {
            "name": "Card 1",
            "qfmt": _CRUMB + '<div class="bp-question">{{Front}}</div>',
            "afmt": '{{FrontSide}}<hr id=answer><div class="bp-answer">{{Back}}</div>' + _SOURCE,
        }
    ],
    css=CSS,
)

CLOZE_MODEL = FixedModel(
    CLOZE_MODEL_ID,
    "Blueprint Cloze",
    fields=[_field("Text"), _field("Back Extra"), _field("Breadcrumb"), _field("Source")],
    templates=[
        {
            "name": "Cloze",
            "qfmt": _CRUMB + '<div class="bp-question">{{cloze:Text}}</div>',
            "afmt": _CRUMB + '<div class="bp-question">{{cloze:Text}}</div>'
            '{{#Back Extra}}<hr id=answer><div class="bp-extra">{{Back Extra}}</div>'
            "{{/Back Extra}}" + _SOURCE,
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

DIAGRAM_MODEL = FixedModel(
    DIAGRAM_MODEL_ID,
    "Blueprint Diagram",
    fields=[
        _field("Question"),
        _field("Front Image"),
        _field("Answer"),
        _field("Back Image"),
        _field("Breadcrumb"),
        _field("Source"),
        _field("Typed"),  # the answer for Anki's type-in box; empty: no box (rebuild cards)
    ],
    templates=[
        {
            "name": "Diagram",
            "qfmt": _CRUMB + '{{#Front Image}}<div class="bp-figure">{{Front Image}}</div>'
            '{{/Front Image}}<div class="bp-prompt">{{Question}}</div>'
            '{{#Typed}}{{type:Typed}}{{/Typed}}',
            "afmt": _CRUMB + '{{#Back Image}}<div class="bp-figure">{{Back Image}}</div>'
            '{{/Back Image}}<div class="bp-prompt">{{Question}}</div>'
            '{{#Typed}}{{type:Typed}}{{/Typed}}<hr id=answer>'
            '<div class="bp-answer">{{Answer}}</div>' + _SOURCE,
        }
    ],
    css=CSS,
)

# Numeric cards: Anki's type-in box ({{type:Answer}}). Anki compares characters, not values, so
# the back says how Blueprint grades and the learner picks the button.
NUMERIC_MODEL = FixedModel(
    NUMERIC_MODEL_ID,
    "Blueprint Numeric",
    fields=[_field("Front"), _field("Answer"), _field("Breadcrumb"), _field("Source")],
    templates=[
        {
            "name": "Estimate",
            "qfmt": _CRUMB + '<div class="bp-question">{{Front}}</div>{{type:Answer}}',
            "afmt": _CRUMB + '<div class="bp-question">{{Front}}</div><hr id=answer>'
            "{{type:Answer}}"
            '<div class="bp-extra">Within the stated tolerance (±25% when written with ~) is '
            "Good, within a factor of 2 Hard, further off Again.</div>" + _SOURCE,
        }
    ],
    css=CSS,
)

# Structure as Anki's reviewer expects it: the occlusions as a
# hidden cloze, a container holding the image and a canvas, then the setup call.
_IO_BODY = (
    '{{#Header}}<div class="bp-crumb">{{Header}}</div>{{/Header}}'
    '<div style="display:none">{{cloze:Occlusion}}</div>'
    '<div id="err"></div>'
    '<div id="image-occlusion-container">{{Image}}'
    '<canvas id="image-occlusion-canvas"></canvas></div>'
    "<script>\ntry {\n  anki.imageOcclusion.setup();\n} catch (error) {\n"
    '  document.getElementById("err").innerHTML = '
    '"<p id=\\"bp-io-error\\">This Anki cannot show occlusions (Anki 23.10 or later, '
    'AnkiDroid 2.17 or later): " + error + "</p>";\n}\n</script>'
)

IMAGE_OCCLUSION_MODEL = ImageOcclusionModel(
    IMAGE_OCCLUSION_MODEL_ID,
    "Blueprint Image Occlusion",
    fields=[
        _field("Occlusion", tag=0, preventDeletion=True),
        _field("Image", tag=1, preventDeletion=True),
        _field("Header", tag=2, preventDeletion=True),
        _field("Back Extra", tag=3, preventDeletion=True),
        _field("Comments", tag=4, preventDeletion=False),
    ],
    templates=[
        {
            "name": "Image Occlusion",
            "qfmt": _IO_BODY,
            "afmt": _IO_BODY + '<div><button id="toggle">Toggle masks</button></div>'
            '{{#Back Extra}}<div class="bp-extra">{{Back Extra}}</div>{{/Back Extra}}',
        }
    ],
    css=CSS + IO_CSS,
    model_type=genanki.Model.CLOZE,
)
