"""The Mermaid flowchart parser: one test per grammar rule and one per diagnostic."""

from __future__ import annotations

import pytest

from diagrams import Diagram, parse_block


def parse(source: str, first_line: int = 1) -> Diagram:
    diagram, problems = parse_block(source, "mermaid", first_line=first_line, default_id="d")
    assert problems == []
    assert diagram is not None
    return diagram


def error(source: str, first_line: int = 1) -> tuple[int, str]:
    diagram, problems = parse_block(source, "mermaid", first_line=first_line, default_id="d")
    assert diagram is None
    assert len(problems) == 1
    return problems[0].line, problems[0].message


def labels(diagram: Diagram) -> dict[str, str]:
    return {node: attrs["label"] for node, attrs in diagram.graph.nodes(data=True)}


def edges(diagram: Diagram) -> list[tuple[str, str, str]]:
    return [(u, v, attrs["kind"]) for u, v, attrs in diagram.graph.edges(data=True)]


@pytest.mark.parametrize(
    ("header", "direction"),
    [("graph TD", "TB"), ("flowchart LR", "LR"), ("graph", "TB"), ("flowchart BT", "BT"),
     ("flowchart RL", "RL"), ("flowchart TB", "TB"), ("flowchart-elk LR", "LR")],
)
def test_header_and_direction(header: str, direction: str) -> None:
    assert parse(f"{header}\n  a --> b").direction == direction


def test_chain_makes_one_edge_per_hop() -> None:
    assert edges(parse("graph TD\n  a-->b-->c\n  c --> d")) == [
        ("a", "b", "normal"), ("b", "c", "normal"), ("c", "d", "normal")
    ]


def test_ampersand_on_both_sides() -> None:
    diagram = parse("flowchart LR\n  a & b --> c & d")
    assert [(u, v) for u, v, _ in edges(diagram)] == [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]


def test_ampersand_without_blanks_is_part_of_the_id() -> None:
    assert list(parse("flowchart LR\n  x&y --> z").graph.nodes) == ["x&y", "z"]


@pytest.mark.parametrize(
    ("node", "shape"),
    [("n[t]", "square"), ("n(t)", "round"), ("n([t])", "stadium"), ("n[[t]]", "subroutine"),
     ("n[(t)]", "cylinder"), ("n((t))", "circle"), ("n(((t)))", "doublecircle"),
     ("n{t}", "diamond"), ("n{{t}}", "hexagon"), ("n>t]", "odd"), ("n[/t/]", "lean_right"),
     ("n[\\t\\]", "lean_left"), ("n[/t\\]", "trapezoid"), ("n[\\t/]", "inv_trapezoid"),
     ("n(-t-)", "ellipse"), ("n@{ shape: cyl, label: \"t\" }", "cyl")],
)
def test_node_shapes(node: str, shape: str) -> None:
    diagram = parse(f"flowchart TB\n  {node} --> m")
    assert diagram.graph.nodes["n"]["shape"] == shape
    assert diagram.graph.nodes["n"]["label"] == "t"
    assert diagram.graph.nodes["m"]["shape"] is None


def test_quoted_label_may_hold_brackets_and_pipes() -> None:
    assert labels(parse('flowchart LR\n  a["Top-k (k = 100) | [ids]"]'))["a"] == (
        "Top-k (k = 100) | [ids]"
    )


def test_br_and_backslash_n_become_line_breaks() -> None:
    diagram = parse('flowchart LR\n  a[one<br/>two] --> b["x<br>y<BR />z"] --> c[p\\nq]')
    assert labels(diagram) == {"a": "one\ntwo", "b": "x\ny\nz", "c": "p\nq"}


def test_entities_tags_and_blanks_in_labels() -> None:
    diagram = parse(
        'flowchart LR\n  a["say #quot;hi#quot; #35;1"] --> b["<b>bold</b> &amp; plain"]\n'
        "  c[lots   of    space]"
    )
    assert labels(diagram) == {"a": 'say "hi" #1', "b": "bold & plain", "c": "lots of space"}


def test_multi_line_quoted_label() -> None:
    assert labels(parse('flowchart LR\n  a["first\n     second"] --> b'))["a"] == "first\nsecond"


def test_markdown_string_label() -> None:
    diagram = parse('flowchart LR\n  a["`**Fast** _path_`"] -->|"`an **md** edge`"| b')
    assert labels(diagram)["a"] == "Fast path"
    assert diagram.graph.edges["a", "b"]["label"] == "an md edge"


def test_later_definition_relabels_a_node() -> None:
    assert labels(parse("flowchart LR\n  a[old] --> b\n  a[new]"))["a"] == "new"


@pytest.mark.parametrize(
    ("link", "kind"),
    [("-->", "normal"), ("---", "normal"), ("--->", "normal"), ("-.->", "dotted"),
     ("-.-", "dotted"), ("-..->", "dotted"), ("==>", "thick"), ("===", "thick"),
     ("~~~", "invisible"), ("<-->", "normal"), ("--x", "normal"), ("--o", "normal"),
     ("x--x", "normal"), ("o--o", "normal"), ("<==>", "thick")],
)
def test_link_strokes(link: str, kind: str) -> None:
    diagram = parse(f"flowchart LR\n  a {link} b")
    assert edges(diagram) == [("a", "b", kind)]
    assert diagram.graph.edges["a", "b"]["offline"] is (kind == "dotted")


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [("a -->|5 ms| b", "5 ms", "normal"), ("a -- 5 ms --> b", "5 ms", "normal"),
     ("a -. nightly .-> b", "nightly", "dotted"), ("a == hot ==> b", "hot", "thick"),
     ('a -->|"quoted | pipe"| b', "quoted | pipe", "normal"), ("a---|open|b", "open", "normal"),
     ("a-- has - dash -->b", "has - dash", "normal"), ("a <-- both --> b", "both", "normal")],
)
def test_edge_labels(text: str, label: str, kind: str) -> None:
    diagram = parse(f"flowchart LR\n  {text}")
    assert diagram.graph.edges["a", "b"]["label"] == label
    assert diagram.graph.edges["a", "b"]["kind"] == kind


def test_edge_id_and_long_arrows() -> None:
    diagram = parse("flowchart LR\n  a e1@--> b\n  b ---->|far| c")
    assert edges(diagram) == [("a", "b", "normal"), ("b", "c", "normal")]
    assert diagram.graph.edges["b", "c"]["length"] == 3


def test_repeated_edge_keeps_the_first() -> None:
    diagram = parse("flowchart LR\n  a -->|first| b\n  a -.->|second| b")
    assert diagram.graph.edges["a", "b"]["label"] == "first"


def test_semicolons_separate_statements() -> None:
    assert len(parse("flowchart RL;a-->b;b-->c;").graph.edges) == 2


def test_link_may_end_a_line() -> None:
    assert edges(parse("flowchart LR\n  a -->\n  b")) == [("a", "b", "normal")]


def test_ids_with_punctuation_and_keyword_prefixes() -> None:
    diagram = parse("flowchart LR\n  svc-a --> v1.2 --> endpoint --> class1 --> Ünï")
    assert list(diagram.graph.nodes) == ["svc-a", "v1.2", "endpoint", "class1", "Ünï"]


def test_subgraphs_nested_with_membership() -> None:
    diagram = parse(
        "flowchart LR\n  x --> a\n  subgraph one [First group]\n    direction TB\n    a --> b\n"
        "    subgraph inner\n      c --> d\n    end\n    b --> c\n  end\n"
        "  subgraph Title with spaces\n    e\n  end\n  subgraph three[\"Third<br/>group\"]\n"
        "    g\n    a\n  end\n  e --> one\n"
    )
    node_sub = {n: attrs["subgraph"] for n, attrs in diagram.graph.nodes(data=True)}
    assert node_sub == {
        "x": None, "a": "one", "b": "one", "c": "inner", "d": "inner", "e": "subGraph2",
        "g": "three", "one": None,
    }
    assert diagram.subgraphs == {
        "inner": "inner", "one": "First group", "subGraph2": "Title with spaces",
        "three": "Third\ngroup",
    }
    assert diagram.subgraph_parents == {"inner": "one"}
    assert diagram.graph.nodes["one"]["shape"] == "subgraph"  # the edge e --> one points at it


def test_styling_statements_do_not_change_the_graph() -> None:
    diagram = parse(
        "flowchart LR\n  classDef hot fill:#f96,stroke:#333\n  a[Start]:::hot --> b\n"
        "  class b hot\n  class q hot\n  style s fill:#bbf\n  click r \"https://example.com\"\n"
        "  linkStyle 0 stroke:#f00\n  accTitle: A title\n"
    )
    assert list(diagram.graph.nodes) == ["a", "b", "s"]  # `style` names a node, as in Mermaid
    assert labels(diagram)["a"] == "Start"


def test_comments_directives_and_front_matter() -> None:
    diagram = parse(
        "---\ntitle: Serving\n---\n%%{init: {\"theme\": \"dark\"}}%%\ngraph BT\n"
        "  %% a comment\n    %% an indented one\n  a --> b\n"
    )
    assert edges(diagram) == [("a", "b", "normal")]


def test_metadata_lines() -> None:
    diagram = parse(
        "%% id: ads-serving\n%% budget: 0.1 s\n%% aliases: fs = feature store, online store\n"
        "%% aliases: rk = ranker\n%% skip: req, resp\nflowchart LR\n"
        "  req --> fs[Features] --> rk[Ranking] --> resp"
    )
    assert (diagram.id, diagram.explicit_id, diagram.budget_ms) == ("ads-serving", True, 100.0)
    assert diagram.aliases == {"fs": ("feature store", "online store"), "rk": ("ranker",)}
    assert diagram.skip == frozenset({"req", "resp"})


def test_default_id_without_metadata() -> None:
    diagram = parse("flowchart LR\n  a --> b")
    assert (diagram.id, diagram.explicit_id) == ("d", False)


# -- diagnostics ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "word"),
    [("sequenceDiagram\n  Alice->>Bob: hi", "sequenceDiagram"), ("mindmap\n  root", "mindmap"),
     ('pie title Pets\n  "Dogs" : 3', "pie"), ("gantt\n  title T", "gantt"),
     ("classDiagram\n  A <|-- B", "classDiagram"), ("stateDiagram-v2\n  [*] --> S", "stateDiagram-v2"),
     ("erDiagram\n  A ||--o{ B : has", "erDiagram")],
)
def test_other_diagram_types_are_named_and_skipped(kind: str, word: str) -> None:
    line, message = error(kind, first_line=30)
    assert line == 30
    assert message.startswith(f"{word} is not supported") and "skipped" in message


def test_missing_header() -> None:
    line, message = error("\nA --> B", first_line=10)
    assert line == 11 and "start the block with a header line" in message


def test_empty_block() -> None:
    assert "empty diagram" in error("%% only a comment\n")[1]


def test_unknown_direction() -> None:
    assert "unknown direction 'lr'" in error("flowchart lr\n  a --> b")[1]


def test_trailing_comment_is_an_error_at_its_line() -> None:
    line, message = error("flowchart LR\n  a --> b\n  b --> c %% note", first_line=100)
    assert line == 102 and "must be on its own line" in message


def test_unquoted_parenthesis_in_label() -> None:
    line, message = error("flowchart TD\n  a{ok? (maybe)} --> b", first_line=5)
    assert line == 6 and "unquoted '('" in message and 'a{"..."}' in message


@pytest.mark.parametrize("label", ['a[say "hi"]', "a[x | y]", "a(x [y])"])
def test_unquoted_forbidden_characters(label: str) -> None:
    assert "unquoted" in error(f"flowchart LR\n  {label} --> b")[1]


def test_end_as_node_id() -> None:
    assert "cannot be a node id" in error("graph TD\n  a --> end")[1]


def test_end_without_subgraph() -> None:
    assert error("flowchart LR\n  a --> b\n  end", first_line=3) == (
        5, "`end` without an open subgraph: remove it or add `subgraph id`"
    )


def test_unclosed_subgraph_points_at_its_start() -> None:
    line, message = error("flowchart LR\n  subgraph s [Serving]\n    a --> b\n", first_line=20)
    assert line == 21 and "never closed: add `end`" in message


def test_blank_after_subgraph_title() -> None:
    assert "blank after the `]`" in error("flowchart LR\n  subgraph s [T] \n    a\n  end")[1]


def test_two_statements_on_one_line() -> None:
    assert "unexpected 'c-->d'" in error("flowchart LR\n  a-->b c-->d")[1]


def test_edge_without_target() -> None:
    assert "no target" in error("flowchart LR\n  a -->")[1]


def test_unclosed_label() -> None:
    assert "never closed: add `]`" in error("flowchart LR\n  a[open --> b")[1]


def test_unclosed_quote() -> None:
    assert "never closes it" in error('flowchart LR\n  a["open] --> b')[1]


def test_empty_label() -> None:
    assert "is empty" in error("flowchart LR\n  a[ ] --> b")[1]


def test_unclosed_edge_text() -> None:
    assert "never closed" in error("flowchart LR\n  a -- text b")[1]


def test_mixed_strokes_in_labelled_edge() -> None:
    assert "same stroke" in error("flowchart LR\n  a -- text ==> b")[1]


def test_unclosed_pipe_label() -> None:
    assert "never closed: end it with `|`" in error("flowchart LR\n  a -->|text b")[1]


def test_ampersand_then_line_break() -> None:
    assert "expected a node id" in error("flowchart LR\n  a &\n  b --> c")[1]


def test_unclosed_front_matter() -> None:
    assert "front matter" in error("---\ntitle: x\nflowchart LR\n  a --> b")[1]


def test_unclosed_shape_data() -> None:
    assert "`@{` after a is never closed" in error("flowchart LR\n  a@{ shape: cyl")[1]


@pytest.mark.parametrize(
    ("meta", "words"),
    [("%% budget: soon", "not a duration"), ("%% aliases: fs feature store", "not in the form"),
     ("%% skip: nope", "names node 'nope'"), ("%% aliases: nope = x", "names node 'nope'"),
     ("%% id: has space", "not usable")],
)
def test_metadata_problems_keep_the_diagram(meta: str, words: str) -> None:
    diagram, problems = parse_block(
        f"{meta}\nflowchart LR\n  a --> b", "mermaid", first_line=7, default_id="d"
    )
    assert diagram is not None
    assert [(p.line, words in p.message) for p in problems] == [(7, True)]


def test_second_id_is_reported() -> None:
    _, problems = parse_block(
        "%% id: one\n%% id: two\nflowchart LR\n  a --> b", "mermaid", default_id="d"
    )
    assert [p.line for p in problems] == [2]


@pytest.mark.parametrize(
    "source",
    ["", "flowchart", "flowchart LR\n  [", "flowchart LR\n  a -->|", "graph\n  a(((", "%%{init",
     "flowchart LR\n  a -- x", "flowchart LR\n  subgraph", 'flowchart LR\n  a["', "\x00\x01"],
)
def test_garbage_never_raises(source: str) -> None:
    diagram, problems = parse_block(source, "mermaid", default_id="d")
    assert diagram is not None or problems


def test_mutated_diagrams_never_raise() -> None:
    import random

    from diagrams import analyse, check_answer, quiz_cards, to_json
    from tests.test_diagram_analysis import FORMAT_SAMPLE

    pieces = list('[](){}<>|"`-.=~&:;%@#\n xo/\\') + ["-->", "-.->", "subgraph s", "end", '"']
    rng = random.Random(7)
    for _ in range(400):
        text = list(FORMAT_SAMPLE)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            if rng.random() < 0.5:
                del text[at]
            else:
                text[at:at] = list(rng.choice(pieces))
        diagram, problems = parse_block("".join(text), "mermaid", default_id="d")
        assert diagram is not None or problems
        if diagram is not None:
            analyse(diagram)
            to_json(diagram)
            for card in quiz_cards(diagram):
                check_answer(card, "x")
