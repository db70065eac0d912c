"""Graphviz DOT digraphs (```dot / ```graphviz blocks) into a Diagram, clusters included."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pydot

from diagrams.latency import split_latency
from diagrams.mermaid_text import label_text
from diagrams.metadata import Metadata
from diagrams.model import Diagnostic, Diagram

_RANKDIR = {"TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_DEFAULTS = {"node", "edge", "graph"}
_COMMENT_RE = re.compile(r"^\s*(?://|#|%%)(.*)$")


@dataclass
class _Walk:
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    owner: dict[str, tuple[int, str]] = field(default_factory=dict)  # node -> (depth, cluster)
    clusters: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)


def parse_dot(
    source: str, *, first_line: int = 1, default_id: str
) -> tuple[Diagram | None, list[Diagnostic]]:
    """Parse one DOT block; metadata comes from whole-line `//`, `#` or `%%` comments."""
    meta = Metadata()
    for index, line in enumerate(source.split("\n")):
        comment = _COMMENT_RE.match(line)
        if comment:
            meta.read(comment.group(1), first_line + index)
    shape = _braces(source, first_line)
    if shape is not None:
        return None, [shape]
    captured = io.StringIO()
    try:
        # pydot prints its parse errors, and its pyparsing grammar warns about deprecations.
        with contextlib.redirect_stdout(captured), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            graphs = pydot.graph_from_dot_data(source)
    except Exception as error:  # pydot's parser can fail in ways it does not document
        graphs, captured = None, io.StringIO(str(error))
    if not graphs:
        where = re.search(r"line:(\d+)", captured.getvalue())
        error_line = first_line + (int(where.group(1)) - 1 if where else 0)
        detail = captured.getvalue().strip().splitlines()[-1:] or ["no graph found"]
        message = f"DOT syntax error ({detail[0].strip()}): fix the graph so that `dot` accepts it"
        return None, [Diagnostic(error_line, message)]
    graph = graphs[0]
    problems: list[Diagnostic] = []
    if len(graphs) > 1:
        problems.append(
            Diagnostic(first_line, "several graphs in one block: only the first is used")
        )
    if graph.get_type() != "digraph":
        message = "undirected `graph`: a data flow needs a `digraph` with `->` edges; block skipped"
        return None, [Diagnostic(first_line, message)]
    walk = _Walk()
    _visit(graph, walk, depth=0, cluster=None, edge_defaults={})
    diagram = Diagram(id=default_id, lang="dot", source=source, line=first_line)
    rankdir = _clean(graph.get_attributes().get("rankdir", "TB")).upper()
    diagram.direction = _RANKDIR.get(rankdir, "TB")
    _fill(diagram, walk, strict=bool(graph.get_strict()))
    problems.extend(meta.apply(diagram))
    return diagram, problems


MAX_DEPTH = 6  # `{` levels: the graph and 5 nested subgraphs (pydot's parser is exponential)


def _braces(source: str, first_line: int) -> Diagnostic | None:
    """Unbalanced or too deeply nested braces, found in one linear pass before pydot (whose
    backtracking parser takes minutes on them)."""
    depth, opened = 0, []
    line, i, n = 0, 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
        elif ch == '"':  # a quoted string: braces inside do not count
            i += 1
            while i < n and source[i] != '"':
                if source[i] == "\n":
                    line += 1
                i += 2 if source[i] == "\\" else 1
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
            continue
        elif source.startswith("//", i) or (ch == "#" and (i == 0 or source[i - 1] == "\n")):
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == "{":
            depth += 1
            opened.append(line)
            if depth > MAX_DEPTH:
                return Diagnostic(first_line + line, f"subgraphs nested more than {MAX_DEPTH - 1} "
                                  "levels deep: flatten the clusters (a diagram card needs few)")
        elif ch == "}":
            if not opened:
                return Diagnostic(first_line + line, "DOT syntax error (a `}` closes nothing): "
                                  "remove it or add the `{` it closes")
            depth -= 1
            opened.pop()
        i += 1
    if opened:
        return Diagnostic(first_line + opened[-1], "DOT syntax error (this `{` is never closed): "
                          "add the `}` that closes it")
    return None


def _clean(value: Any) -> str:
    """A DOT id or attribute value without its quotes."""
    text = str(value)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('\\"', '"')
    return text


def _node_name(value: str) -> str:
    name = _clean(value)
    # `node:port` names a port of `node` (a quoted name may hold a colon of its own).
    if not str(value).startswith('"') and ":" in name:
        name = name.split(":", 1)[0]
    return name


def _endpoints(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):  # `a -> {b c}`: an anonymous subgraph
        for name in value.get("nodes", {}):
            yield _node_name(name)
        for sub in value.get("subgraphs", {}).values():
            for item in sub:
                yield from _endpoints(item)
    else:
        yield _node_name(value)


def _mention(walk: _Walk, node: str, depth: int, cluster: str | None) -> None:
    walk.nodes.setdefault(node, {})
    if cluster is not None and (node not in walk.owner or walk.owner[node][0] < depth):
        walk.owner[node] = (depth, cluster)


def _visit(
    graph: Any, walk: _Walk, depth: int, cluster: str | None, edge_defaults: dict[str, str]
) -> None:
    defaults = dict(edge_defaults)
    items: list[tuple[int, str, Any]] = []
    for node in graph.get_nodes():
        if node.get_name() == "edge":
            defaults.update(node.get_attributes())
        elif node.get_name() not in _DEFAULTS:
            items.append((node.get_sequence() or 0, "node", node))
    items += [(edge.get_sequence() or 0, "edge", edge) for edge in graph.get_edges()]
    items += [(sub.obj_dict.get("sequence") or 0, "sub", sub) for sub in graph.get_subgraphs()]
    for _, kind, item in sorted(items, key=lambda entry: entry[0]):
        if kind == "node":
            name = _node_name(item.get_name())
            _mention(walk, name, depth, cluster)
            walk.nodes[name].update(item.get_attributes())
        elif kind == "edge":
            attrs = {**defaults, **item.get_attributes()}
            for src in _endpoints(item.get_source()):
                for dst in _endpoints(item.get_destination()):
                    _mention(walk, src, depth, cluster)
                    _mention(walk, dst, depth, cluster)
                    walk.edges.append((src, dst, attrs))
        else:
            name = _clean(item.get_name() or "")
            if name.startswith("cluster"):  # only clusters are drawn as boxes
                title = _clean(item.get_attributes().get("label", name))
                walk.clusters[name] = label_text(_dot_text(title))
                if cluster is not None:
                    walk.parents[name] = cluster
                _visit(item, walk, depth + 1, name, defaults)
            else:
                _visit(item, walk, depth, cluster, defaults)


def _dot_text(label: str) -> str:
    if label.startswith("<") and label.endswith(">"):  # an HTML-like label: keep its text
        return label[1:-1]
    return re.sub(r"\\[nlr]", "\n", label)


def _fill(diagram: Diagram, walk: _Walk, *, strict: bool) -> None:
    diagram.subgraphs = dict(walk.clusters)
    diagram.subgraph_parents = dict(walk.parents)
    for name, attrs in walk.nodes.items():
        raw = _clean(attrs.get("label", name)).replace("\\N", name)
        label = label_text(_dot_text(raw))
        split = split_latency(label)
        latency = split.latency_ms
        if "latency" in attrs:
            latency = split_latency(_clean(attrs["latency"])).latency_ms or latency
        diagram.graph.add_node(
            name,
            label=label,
            name=split.name or name,
            latency_ms=latency,
            subgraph=walk.owner[name][1] if name in walk.owner else None,
            shape=_clean(attrs["shape"]) if "shape" in attrs else None,
        )
    edges = walk.edges
    if strict:  # Graphviz's `strict`: one edge per pair, later statements add attributes to it
        merged: dict[tuple[str, str], dict[str, str]] = {}
        for src, dst, attrs in edges:
            merged.setdefault((src, dst), {}).update(attrs)
        edges = [(src, dst, attrs) for (src, dst), attrs in merged.items()]
    for src, dst, attrs in edges:
        edge = _edge_attrs(attrs)
        if not diagram.graph.has_edge(src, dst):
            diagram.graph.add_edge(src, dst, **edge)
            edge = diagram.graph.edges[src, dst]
        diagram.edge_list.append((src, dst, edge))  # parallel edges too, as `dot` draws them


def _edge_attrs(attrs: Mapping[str, str]) -> dict[str, Any]:
    edge_label = label_text(_dot_text(_clean(attrs["label"]))) if "label" in attrs else None
    style = _clean(attrs.get("style", "")).lower()
    kind = "normal"
    if "dotted" in style or "dashed" in style:
        kind = "dotted"
    elif "invis" in style:
        kind = "invisible"
    elif "bold" in style:
        kind = "thick"
    latency = split_latency(edge_label).latency_ms if edge_label else None
    if "latency" in attrs:
        latency = split_latency(_clean(attrs["latency"])).latency_ms or latency
    return {"label": edge_label, "kind": kind, "latency_ms": latency, "offline": kind == "dotted"}
