"""A strict, hand-written parser for Mermaid flowcharts (`flowchart` / `graph`) into a Diagram."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from diagrams.mermaid_build import Flowchart, FlowEdge, FlowNode, fill_diagram
from diagrams.mermaid_links import Link, read_link
from diagrams.mermaid_preamble import DIRECTIONS, HEADER_RE, strip_preamble
from diagrams.mermaid_text import label_text, unquote
from diagrams.metadata import Metadata
from diagrams.model import Diagnostic, Diagram

# Mermaid's NODE_STRING: a '-' may not start an arrow, a '=' may not start a thick link.
_ID_RE = re.compile(r"(?:[A-Za-z0-9!#$%&'*+.`?\\_/]|[^\x00-\x7f\s]|-(?![>\-.])|=(?!=))+")
_KEYWORD_RE = re.compile(
    r"(subgraph|end|direction|classDef|class|style|linkStyle|click|accTitle|accDescr)(?=[\s;:{]|$)"
)
_CLASS_RE = re.compile(r":::[A-Za-z0-9_-]+")
_EDGE_ID_RE = re.compile(r'[^\s"]+@(?=[-=~.<xo])')
# Shape openers, longest first, with their closers and Mermaid's vertex type.
_SHAPES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("(((", ((")))", "doublecircle"),)),
    ("((", (("))", "circle"),)),
    ("([", (("])", "stadium"),)),
    ("(-", (("-)", "ellipse"),)),
    ("(", ((")", "round"),)),
    ("[[", (("]]", "subroutine"),)),
    ("[(", ((")]", "cylinder"),)),
    ("[/", (("/]", "lean_right"), ("\\]", "trapezoid"))),
    ("[\\", (("\\]", "lean_left"), ("/]", "inv_trapezoid"))),
    ("[", (("]", "square"),)),
    ("{{", (("}}", "hexagon"),)),
    ("{", (("}", "diamond"),)),
    (">", (("]", "odd"),)),
)
_UNQUOTED_FORBIDDEN = set('"()[]{}|')


class ParseError(Exception):
    """A grammar error at an offset of the block; turned into a Diagnostic, never raised out."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class _Frame:
    raw_title: str
    given_id: str | None
    offset: int
    mentions: list[str] = field(default_factory=list)


def parse_mermaid(
    source: str, *, first_line: int = 1, default_id: str
) -> tuple[Diagram | None, list[Diagnostic]]:
    """Parse one ```mermaid block; `first_line` is the file line of the block's first line."""
    meta = Metadata()
    body = strip_preamble(source, first_line, meta)
    if isinstance(body, Diagnostic):
        return None, [body, *meta.diagnostics]
    parser = _Parser(body)
    try:
        chart = parser.parse()
    except ParseError as error:
        return None, [Diagnostic(first_line + parser.line_index(error.offset), error.message)]
    diagram = Diagram(id=default_id, lang="mermaid", source=source, line=first_line)
    diagram.direction = chart.direction
    fill_diagram(diagram, chart)
    problems = meta.apply(diagram)
    return diagram, problems


class _Parser:
    """Recursive descent over the whole block text, so labels may span lines."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.chart = Flowchart()
        self.frames: list[_Frame] = [_Frame("", None, 0)]
        self.closed = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def fail(self, message: str, offset: int | None = None) -> ParseError:
        return ParseError(self.i if offset is None else offset, message)

    # -- statements -------------------------------------------------------------------------

    def parse(self) -> Flowchart:
        self._header()
        while True:
            self._skip(" \t\n;")
            if self.i >= len(self.s):
                break
            self._statement()
        if len(self.frames) > 1:
            frame = self.frames[-1]
            raise self.fail(
                f"subgraph {frame.raw_title.strip()!r} is never closed: add `end` after its "
                "last line",
                frame.offset,
            )
        return self.chart

    def _header(self) -> None:
        self._skip(" \t\n")
        match = HEADER_RE.match(self.s, self.i)
        assert match is not None  # checked by _strip_preamble
        direction = match.group(2)
        if direction:
            if direction not in DIRECTIONS:
                raise self.fail(
                    f"unknown direction {direction!r}: use LR, RL, TD, TB or BT", match.start(2)
                )
            self.chart.direction = DIRECTIONS[direction]
        self.i = match.end()

    def _statement(self) -> None:
        keyword = _KEYWORD_RE.match(self.s, self.i)
        if keyword is None:
            self._vertex_statement()
            return
        word = keyword.group(1)
        start = self.i
        self.i = keyword.end()
        if word == "subgraph":
            self._open_subgraph(start)
        elif word == "end":
            self._close_subgraph(start)
        elif word == "style":
            self._skip(" \t")
            node = _ID_RE.match(self.s, self.i)
            if node is None:
                raise self.fail("`style` needs a node id: write `style NODE fill:#f96`")
            self._mention(node.group(), node.start())
            self._skip_rest()
        elif word == "accDescr" and self.s[self.i :].lstrip(" \t").startswith("{"):
            close = self.s.find("}", self.i)
            if close < 0:
                raise self.fail("`accDescr {` is never closed: add `}`", start)
            self.i = close + 1
        else:  # direction, classDef, class, linkStyle, click, accTitle: no effect on the graph
            self._skip_rest()

    def _open_subgraph(self, start: int) -> None:
        self._skip(" \t")
        end = self._line_end()
        # Mermaid keeps trailing blanks: `subgraph S ` gets a generated id, `[T] ` is an error.
        raw = self.s[self.i : end]
        self.i = end
        if not raw.strip():
            raise self.fail("`subgraph` needs an id or a title: write `subgraph id [Title]`", start)
        match = re.fullmatch(r'([^\s\[\]"]+)\s*\[(.*)\]', raw.rstrip(), re.DOTALL)
        if match and raw != raw.rstrip():
            raise self.fail(
                "blank after the `]` of a subgraph title: Mermaid rejects it, delete the blanks",
                end - 1,
            )
        if match:
            given_id, title = match.group(1), match.group(2)
        elif re.search(r"\s", unquote(raw.strip())[0]) or raw != raw.rstrip():
            given_id, title = None, raw.strip()
        else:
            given_id, title = unquote(raw)[0], raw
        self.frames.append(_Frame(title, given_id, start))

    def _close_subgraph(self, start: int) -> None:
        self._skip(" \t")
        if self.i < len(self.s) and self.s[self.i] not in "\n;":
            raise self.fail(
                "`end` closes a subgraph and cannot be a node id: rename the node "
                "(for example `End1[end]`)",
                start,
            )
        if len(self.frames) == 1:
            raise self.fail("`end` without an open subgraph: remove it or add `subgraph id`", start)
        frame = self.frames.pop()
        sub_id = frame.given_id or f"subGraph{self.closed}"
        self.closed += 1
        body, markdown = unquote(frame.raw_title)
        self.chart.subgraphs[sub_id] = label_text(body, markdown=markdown)
        # A node belongs to the first subgraph to close that mentions it (the innermost one).
        for member in frame.mentions:
            if member != sub_id:
                self.chart.owner.setdefault(member, sub_id)
        self.frames[-1].mentions.append(sub_id)

    def _vertex_statement(self) -> None:
        sources = self._group()
        while True:
            self._skip(" \t")
            if self._at_statement_end():
                return
            if self.s.startswith("%%", self.i):
                raise self.fail(
                    "a `%%` comment must be on its own line, not after a statement: "
                    "move it to the line above"
                )
            link = self._link()
            if link is None:
                found = self.s[self.i : self._line_end()].strip()[:20]
                raise self.fail(
                    f"unexpected {found!r} after a node: put each statement on its own line "
                    "(or separate them with ';'), and join nodes with an arrow such as `-->`"
                )
            self._skip(" \t\n")
            if self._at_statement_end():
                raise self.fail("this edge has no target: write the target node after the arrow")
            targets = self._group()
            for src in sources:
                for dst in targets:
                    self.chart.edges.append(FlowEdge(src, dst, link))
            sources = targets

    def _group(self) -> list[str]:
        ids = [self._vertex()]
        while True:
            match = re.compile(r"[ \t]*&[ \t]*").match(self.s, self.i)
            if match is None:
                return ids
            self.i = match.end()
            ids.append(self._vertex())

    # -- vertices ---------------------------------------------------------------------------

    def _vertex(self) -> str:
        match = _ID_RE.match(self.s, self.i)
        if match is None:
            found = self.s[self.i : self.i + 12].split("\n")[0]
            raise self.fail(f"expected a node id, found {found!r}: node ids are letters/digits")
        node_id, start = match.group(), self.i
        if node_id == "end" or _KEYWORD_RE.fullmatch(node_id) and node_id == "subgraph":
            raise self.fail(
                f"`{node_id}` is a Mermaid keyword and cannot be a node id: rename the node "
                "(for example `End1[end]`)"
            )
        self.i = match.end()
        text, shape = self._shape(node_id)
        cls = _CLASS_RE.match(self.s, self.i)
        if cls:
            self.i = cls.end()
        self._mention(node_id, start)
        if shape is not None:
            self.chart.nodes[node_id] = FlowNode(text, shape)
        return node_id

    def _mention(self, node_id: str, offset: int) -> None:
        if node_id not in self.chart.nodes:
            self.chart.nodes[node_id] = FlowNode(node_id)
        self.frames[-1].mentions.append(node_id)

    def _shape(self, node_id: str) -> tuple[str, str | None]:
        if self.s.startswith("@{", self.i):
            return self._shape_data(node_id)
        for opener, closers in _SHAPES:
            if self.s.startswith(opener, self.i):
                start = self.i
                self.i += len(opener)
                return self._shape_text(node_id, opener, closers, start)
        return node_id, None

    def _shape_text(
        self, node_id: str, opener: str, closers: tuple[tuple[str, str], ...], start: int
    ) -> tuple[str, str]:
        want = " or ".join(f"`{closer}`" for closer, _ in closers)
        self._skip(" \t\n")
        if self.s.startswith('"', self.i):
            close = self.s.find('"', self.i + 1)
            if close < 0:
                raise self.fail(f'label of {node_id} opens `"` and never closes it: add `"`')
            body, markdown = unquote(self.s[self.i : close + 1])
            self.i = close + 1
            self._skip(" \t\n")
            for closer, shape in closers:
                if self.s.startswith(closer, self.i):
                    self.i += len(closer)
                    return label_text(body, markdown=markdown), shape
            raise self.fail(
                f"after the quoted label of {node_id}, expected {want} to close `{opener}`; "
                "put everything inside the quotes"
            )
        text_start = self.i
        while self.i < len(self.s):
            for closer, shape in closers:
                if self.s.startswith(closer, self.i):
                    text = self.s[text_start : self.i]
                    if not text.strip():
                        raise self.fail(
                            f"label of {node_id} is empty: write a label inside `{opener}"
                            f"{closer}` or drop the brackets"
                        )
                    self.i += len(closer)
                    return label_text(text), shape
            char = self.s[self.i]
            if char in _UNQUOTED_FORBIDDEN:
                raise self.fail(
                    f"unquoted {char!r} inside the label of {node_id}: Mermaid allows brackets "
                    f'and quotes only in a quoted label, write {node_id}{opener}"..."'
                    f"{closers[0][0]}"
                )
            self.i += 1
        raise self.fail(
            f"label of {node_id} opened with `{opener}` is never closed: add {want}", start
        )

    def _shape_data(self, node_id: str) -> tuple[str, str | None]:
        start = self.i
        self.i += 2
        while self.i < len(self.s) and self.s[self.i] != "}":
            if self.s[self.i] == '"':
                close = self.s.find('"', self.i + 1)
                self.i = len(self.s) if close < 0 else close
            self.i += 1
        if self.i >= len(self.s):
            raise self.fail(f"`@{{` after {node_id} is never closed: add `}}`", start)
        content = self.s[start + 2 : self.i]
        self.i += 1
        fields = dict(
            (m.group(1), m.group(2) if m.group(2) is not None else m.group(3).strip())
            for m in re.finditer(r'(\w+)\s*:\s*(?:"([^"]*)"|([^,\n]*))', content)
        )
        label = fields.get("label")
        return (label_text(label, markdown=True) if label else node_id), fields.get("shape")

    # -- links ------------------------------------------------------------------------------

    def _link(self) -> Link | None:
        start = self.i
        edge_id = _EDGE_ID_RE.match(self.s, self.i)
        if edge_id:
            self.i = edge_id.end()
        link = read_link(self.s, self.i)
        if isinstance(link, str):
            raise self.fail(link)
        if link is None:
            self.i = start
            return None
        self.i = link.end
        return link

    # -- scanning ---------------------------------------------------------------------------

    def _skip(self, chars: str) -> None:
        while self.i < len(self.s) and self.s[self.i] in chars:
            self.i += 1

    def _line_end(self) -> int:
        end = self.s.find("\n", self.i)
        return len(self.s) if end < 0 else end

    def _skip_rest(self) -> None:
        while self.i < len(self.s) and self.s[self.i] not in "\n;":
            self.i += 1

    def _at_statement_end(self) -> bool:
        return self.i >= len(self.s) or self.s[self.i] in "\n;"
