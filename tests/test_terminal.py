"""Terminal drawing: fits 120 columns, blanks hide their label, offline edges look different."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest
from rich.text import Text

from diagrams.model import Diagram
from diagrams.terminal import draw

NodeSpec = tuple[str, str, float | None]


def make(nodes: list[NodeSpec], edges: list[tuple[str, str, str]],
         labels: dict[tuple[str, str], str] | None = None) -> Diagram:
    g = nx.DiGraph()
    for nid, name, latency in nodes:
        label = f"{name}\n{latency:g} ms" if latency is not None else name
        g.add_node(nid, label=label, name=name, latency_ms=latency, subgraph=None, shape="square")
    for a, b, kind in edges:
        text = (labels or {}).get((a, b))
        g.add_edge(a, b, label=text, kind=kind, latency_ms=None, offline=kind == "dotted")
    return Diagram(id="t", lang="mermaid", source="", line=1, graph=g)


def two_branch() -> Diagram:
    """12 nodes: a query fans out to embedding and keyword retrieval, merges, ranks; offline."""
    nodes: list[NodeSpec] = [
        ("Q", "Search query", None), ("EMB", "Query embedding", 8), ("ANN", "ANN retrieval", 12),
        ("KW", "Keyword retrieval", 6), ("MRG", "Merge candidates", 2),
        ("FEAT", "Feature fetch", 10), ("RANK", "Ranking model", 30),
        ("RR", "Re-rank and diversity", 5), ("RESP", "Results page", None),
        ("LOG", "Click logs", None), ("TRAIN", "Nightly training", None),
        ("IDX", "Index build", None),
    ]
    edges = [
        ("Q", "EMB", "normal"), ("EMB", "ANN", "normal"), ("Q", "KW", "normal"),
        ("ANN", "MRG", "normal"), ("KW", "MRG", "normal"), ("MRG", "FEAT", "normal"),
        ("FEAT", "RANK", "thick"), ("RANK", "RR", "normal"), ("RR", "RESP", "normal"),
        ("RESP", "LOG", "dotted"), ("LOG", "TRAIN", "dotted"), ("TRAIN", "RANK", "dotted"),
        ("TRAIN", "IDX", "dotted"), ("IDX", "ANN", "dotted"),
    ]
    return make(nodes, edges, {("FEAT", "RANK"): "4 ms", ("LOG", "TRAIN"): "hourly"})


def wide(n: int) -> Diagram:
    """n nodes in a few wide layers: a gateway fanning out to long-named services."""
    names = ["Candidate generation service", "Online feature store lookup", "Embedding model",
             "Approximate nearest neighbour index", "Business rules filter", "Ranking model"]
    nodes: list[NodeSpec] = [("GW", "API gateway", 3)]
    nodes += [(f"S{i}", f"{names[i % len(names)]} {i}", float(i)) for i in range(1, n - 1)]
    nodes.append(("OUT", "Response", None))
    edges = [("GW", f"S{i}", "normal") for i in range(1, n // 2)]
    edges += [(f"S{i - n // 2 + 1}", f"S{i}", "normal") for i in range(n // 2, n - 1)]
    edges += [(f"S{i}", "OUT", "normal") for i in range(n // 2, n - 1)]
    edges += [("OUT", "S1", "dotted"), ("OUT", "GW", "dotted")]
    return make(nodes, edges)


def lines(text: Text) -> list[str]:
    return text.plain.split("\n")


def style_at(text: Text, index: int) -> str:
    return " ".join(str(span.style) for span in text.spans if span.start <= index < span.end)


def test_twelve_node_graph_fits_120_columns_and_shows_latencies() -> None:
    text = draw(two_branch())
    assert max(len(line) for line in lines(text)) <= 120
    for shown in ("Search query", "Ranking model", "30 ms", "12 ms", "4 ms", "hourly"):
        assert shown in text.plain
    assert "▼" in text.plain


def test_blanked_node_is_a_highlighted_question_mark_without_its_label() -> None:
    text = draw(two_branch(), blank="RANK")
    assert "Ranking" not in text.plain and "30 ms" not in text.plain
    assert "Feature fetch" in text.plain
    assert max(len(line) for line in lines(text)) <= 120
    mark = text.plain.index("?")
    assert "yellow" in style_at(text, mark)


def test_highlight_marks_the_answer_node() -> None:
    text = draw(two_branch(), highlight="RANK")
    assert "Ranking model" in text.plain
    corner = text.plain.rindex("┌", 0, text.plain.index("Ranking model"))
    assert "green" in style_at(text, corner)


def test_offline_edges_are_dotted_and_dim() -> None:
    text = draw(two_branch())
    dotted = [i for i, char in enumerate(text.plain) if char in "┆┄▽△"]
    assert dotted
    assert all("dim" in style_at(text, i) for i in dotted)
    online_only = make([("A", "Alpha", None), ("B", "Beta", None)], [("A", "B", "normal")])
    assert not set(draw(online_only).plain) & set("┆┄▽△")


def test_thick_edges_are_heavy() -> None:
    assert "┃" in draw(two_branch()).plain


def test_twenty_node_graphs_fit_120_columns() -> None:
    for diagram in (wide(20), two_branch()):
        text = draw(diagram)
        assert max(len(line) for line in lines(text)) <= 120
        assert diagram.graph.number_of_nodes() <= 20


def test_star_of_twenty_nodes_shrinks_labels_to_fit() -> None:
    nodes: list[NodeSpec] = [("HUB", "Hub", None)]
    nodes += [(f"L{i}", f"Downstream consumer number {i}", None) for i in range(19)]
    diagram = make(nodes, [("HUB", f"L{i}", "normal") for i in range(19)])
    text = draw(diagram)
    assert max(len(line) for line in lines(text)) <= 120
    assert text.plain.count("▼") == 19


def test_narrow_width_is_respected_for_small_graphs() -> None:
    text = draw(two_branch(), width=80)
    assert max(len(line) for line in lines(text)) <= 80


def test_colons_cycles_self_loops_and_isolated_nodes_draw() -> None:
    diagram = make(
        [("A:1", "Store: online", None), ("B", "Cache", 1), ("C", "Alone", None)],
        [("A:1", "B", "normal"), ("B", "A:1", "normal"), ("B", "B", "normal")],
        {("B", "B"): "retry"},
    )
    text = draw(diagram)
    assert "Store: online" in text.plain and "Alone" in text.plain
    assert "▲" in text.plain and "▼" in text.plain
    assert "↻" in text.plain and "retry" in text.plain


def test_unknown_blank_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="NOPE"):
        draw(two_branch(), blank="NOPE")


def test_empty_diagram() -> None:
    assert "empty" in draw(Diagram(id="e", lang="mermaid", source="", line=1)).plain


def test_terminal_drawing_imports_no_textual() -> None:
    code = "import sys, diagrams.terminal; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


SERVING = """flowchart LR
  subgraph online [Online path]
    REQ[Ad request] --> CG(Candidate generation<br/>15 ms)
    CG -->|5 ms| FS[(Feature store: online)]
  end
  FS ==> RK{{Ranking model<br/>40 ms}}
  RK --> AU[Auction ~5 ms] --- RESP([Response])
  RESP -.-> LOG((Click logs)) -.-> TR[Training] -.-> RK
  AU --x DROP[Dropped bids]
  AU --o AUD[Audit] <--> RK
"""


def test_parsed_mermaid_draws_with_arrow_ends_and_blank() -> None:
    from diagrams.mermaid import parse_mermaid

    # drawn top-down (TD): the arrow ends below are checked on top and bottom borders
    source = SERVING.replace("flowchart LR", "flowchart TD", 1)
    diagram, problems = parse_mermaid(source, first_line=1, default_id="serving")
    assert diagram is not None and not problems
    text = draw(diagram, blank="FS")
    assert "Feature store" not in text.plain
    across = draw(parse_mermaid(SERVING, first_line=1, default_id="s")[0], blank="FS")  # type: ignore[arg-type]
    assert "Feature store" not in across.plain and "▶" in across.plain
    for shown in ("Ranking model", "40 ms", "5 ms", "Click logs", "×", "○", "▽"):
        assert shown in text.plain
    assert "▢ Online path: Ad request, Candidate generation, ?" in text.plain
    assert max(len(line) for line in lines(text)) <= 120
    # `AU --- RESP` has no arrowhead: the Response box is entered by a plain joint.
    rows = lines(text)
    row = next(i for i, line in enumerate(rows) if "Response" in line)
    column = rows[row].index("Response")
    top_border = rows[row - 1][max(0, column - 3): column + 11]
    assert "┴" in top_border and "▼" not in top_border


def test_random_graphs_up_to_twenty_nodes_fit_and_hide_the_blank() -> None:
    import random

    words = ["alpha", "beta", "feature", "store", "x", "a-very-long-componentname"]
    kinds = ["normal", "normal", "dotted", "thick", "invisible"]
    for seed in range(60):
        rnd = random.Random(seed)
        n = rnd.randint(1, 20)
        nodes: list[NodeSpec] = [
            (f"N{i}", " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 4))) + f" t{i}z",
             rnd.choice([None, 3.0]))
            for i in range(n)
        ]
        edges = [(f"N{rnd.randrange(n)}", f"N{rnd.randrange(n)}", rnd.choice(kinds))
                 for _ in range(rnd.randint(0, 2 * n))]
        blank = f"N{rnd.randrange(n)}"
        text = draw(make(nodes, edges), blank=blank)
        assert max(len(line) for line in lines(text)) <= 120, seed
        assert f"t{blank[1:]}z" not in text.plain, seed
        assert "?" in text.plain, seed
