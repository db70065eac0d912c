"""The fast path of field rendering writes exactly what markdown-it + nh3 write, or steps aside:
checked on generated near-misses (marks beside letters, delimiters, backticks, brackets) and on
every field of the shipped decks (and, under the corpus marker, of the public fixtures)."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.export_values import export_values
from app.core.importing import import_paths
from app.core.store import Store
from app.export import html as field_html
from app.export.fast_blocks import field_html as fast_html
from app.export.fast_inline import inline_html
from app.export.html import FieldRenderer, MediaSet

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)

# Pieces the fast path takes, and near misses it must refuse (or get exactly right).
GOOD = ["a", "word", "B2", " ", ".", ",", ":", "::", "(", ")", "'", "-", "+", "=", "{{c1::", "}}",
        "**bold**", "*em*", "_em_", "__strong__", "`co de`", "`a<b&c`", "[docs](x.md)",
        "[Ex](https://Ex.com/A)", "w1x2", "5 ms", "@", "^", "/", "?", ";", "%", "“quoted”",
        "→", "≈ 2", "~40 ms", "[...]", '"', "é", "×", "98 ms", "2026", "12.5", "~"]
RISKY = ["  ", '"', "*", "**", "***", "_", "__", "`", "``", "[", "]", "](", "!", "<b>", "&",
         "$", "\\", "#", "1.", "|", "~", "\t", "\n", "a_b_c", "` x `", "x.md",
         "https://ex.com/p_q#r", "*a **b** c*", "**a *b* c**", "\u00a0", "\u2028", "\ufeff",
         "\u00ad", "~", "~~", "[x]", "[x]:", "[x][y]", "[]", "(", "“", "\u200b", "\u3000", "1)", "7.",
         "123456789. ", "1234567890. ", "\u2003", "\u1680"]


_FULL = FieldRenderer(MediaSet(), [])


def _full(text: str) -> str:
    """What the full path (markdown-it, then nh3) makes of `text`."""
    return _FULL.full_render(text)


def _fast(text: str) -> str | None:
    """What the renderer's fast paths make of `text`, or None where they step aside."""
    return field_html._fast(text)


def _differs(texts: list[str]) -> list[tuple[str, str, str]]:
    wrong = []
    for text in texts:
        fast = _fast(text)
        if fast is not None and fast != _full(text):
            wrong.append((text, fast, _full(text)))
    return wrong


def test_fast_path_matches_markdown_it_on_near_misses() -> None:
    rng = random.Random(15)
    texts = ["".join(rng.choice(GOOD if rng.random() < 0.85 else RISKY)
                     for _ in range(rng.randint(1, 9))) for _ in range(15000)]
    taken = [t for t in texts if inline_html(t) is not None]
    assert len(taken) > 1000  # the generator reaches the fast path often, not only its refusals
    assert _differs(texts) == []


# How a line may start (the fast path takes the first ones), and lines that end or join blocks.
STARTS = ["", "- ", "* ", "+ ", "1. ", "  1. ", "2. ", "1) ", "10. ", "07. "]
RISKY_STARTS = ["   - ", "    ", "  ", "> ", "# ", "-", "1.", "- - ", "-  ", "1.  ", "\t"]
FIRST_WORDS = ["The", "word", "B2", "é", "`x`", "**b**", "_e_", "x", "2026", "[docs](x.md)"]
FENCES = ["```", "```python", "```sql", "``` python", "````", "~~~", "```py`", " ```"]
CODE = ["x = 1", "", "  indented", "a < b && c > d", "'q' \"d\"", "\ttab", "nb\u00a0sp", "***",
        "# not a heading", "- not a list", "```inner", "</pre>", "é → ≈", "soft\u00adhy",
        "zw\u200bsp", "\u3000wide", "&amp; &lt;", "~~~", "\r"]
LINES = ["", "", "", " ", "---", "===", "***", "- - -", "```", "~~~", "    code", "\t- x",
         "<div>", "|a|b|", "[x]: y", "-", "1."]


def _line(rng: random.Random, start: str) -> str:
    if rng.random() < 0.05:
        return rng.choice(LINES)
    if rng.random() < 0.05:
        start = rng.choice(RISKY_STARTS)
    body = "".join(rng.choice(["", " "]) + rng.choice(GOOD if rng.random() < 0.97 else RISKY)
                   for _ in range(rng.randint(0, 3)))
    end = "" if rng.random() < 0.9 else rng.choice([" ", "  "])
    return start + rng.choice(FIRST_WORDS) + body + end


def _multi_line(rng: random.Random) -> str:
    """Paragraphs and lists (a marker each) joined by one or more line breaks, with slips."""
    blocks = []
    for _ in range(rng.randint(1, 4)):
        start = rng.choice(STARTS)
        if rng.random() < 0.15:
            body = [rng.choice(CODE) for _ in range(rng.randint(0, 3))]
            close = "```" if rng.random() < 0.85 else rng.choice(["", "````", "``` ", "~~~"])
            blocks.append("\n".join([rng.choice(FENCES), *body, close]))
            continue
        if start == "":
            blocks.append("\n".join(_line(rng, "") for _ in range(rng.randint(1, 3))))
            continue
        items = [_line(rng, start)]
        for _ in range(rng.randint(0, 3)):
            items.append(_line(rng, re.sub(r"\d+", str(rng.randint(1, 12)), start)
                               if rng.random() < 0.5 else start))
        blocks.append("\n".join(items))
    joins = ["\n", "\n", "\n\n", "\n\n\n", "\n \n"]
    text = blocks[0]
    for block in blocks[1:]:
        text += rng.choice(joins) + block
    return text if rng.random() < 0.9 else rng.choice(["\n", " \n", ""]) + text + "\n"


def test_fast_path_matches_markdown_it_on_multi_line_near_misses() -> None:
    rng = random.Random(16)
    texts = [_multi_line(rng) for _ in range(15000)]
    taken = [t for t in texts if fast_html(t) is not None]
    assert len(taken) > 1000
    assert sum("<li>" in (fast_html(t) or "") for t in taken) > 300  # lists, not only prose
    assert sum("<pre" in (fast_html(t) or "") for t in taken) > 150  # and code
    assert _differs(texts) == []


def test_fast_path_writes_paragraphs_and_tight_lists() -> None:
    assert fast_html("Why **a**?\n- one\n- two `x`") == (
        "<p>Why <strong>a</strong>?</p>\n<ul>\n<li>one</li>\n<li>two <code>x</code></li>\n</ul>")
    assert fast_html("See:\n\n```py\nx = a < b\n\n```") == (
        '<p>See:</p>\n<pre class="bp-code language-py"><code>x = a &lt; b\n\n</code></pre>')
    assert fast_html("Order:\n  1. A > B\n  2. C\n\nthen\nmore") == (
        "<p>Order:</p>\n<ol>\n<li>A &gt; B</li>\n<li>C</li>\n</ol>\n<p>then\nmore</p>")
    for refused in ("```\nopen to the end", "```\nx\n```\nright after", "a\n```\nx\n```",
                    "a\n2. b", "- a\n\n- b", "- a\nlazy", "- a\n* b", "a  \nb", "a\n  b",
                    "a\n---", "a\n> q", "- a\n  - b", "> a\nb"):
        assert fast_html(refused) is None, refused


def test_fast_path_writes_the_common_marks() -> None:
    assert inline_html("The **w1** and *x* and _y_ (5 ms), see [docs](x.md).  ") == (
        '<p>The <strong>w1</strong> and <em>x</em> and <em>y</em> (5 ms), see '
        '<a href="x.md" rel="noopener noreferrer">docs</a>.</p>')
    assert inline_html("`a<b & c` is {{c1::_kept_}}") == (
        "<p><code>a&lt;b &amp; c</code> is {{c1::<em>kept</em>}}</p>")
    assert inline_html("The **_w1_** and __*w2*__ > x") == (
        "<p>The <strong><em>w1</em></strong> and <strong><em>w2</em></strong> &gt; x</p>")
    for refused in ("- a list", "1. a list", "# heading", "a_b_c", "**a**b", "`a``b`",
                    "a <b>", "[x]: y", "line\nline", "$x$", "***a***", "![i](x.png)",
                    "ends in an em space\u2003"):
        assert inline_html(refused) is None, refused


def _fields(store: Store) -> list[str]:
    cards, _, _ = export_values(store)
    return [t for c in cards for t in (c.front, c.back, c.cloze_text or "") if t.strip()]


def test_fast_path_matches_markdown_it_on_the_shipped_decks(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    import_paths(store, [REPO / "decks"], now=NOW)
    fields = _fields(store)
    assert sum(inline_html(t) is not None for t in fields) > 100
    assert _differs(fields) == []


@pytest.mark.corpus
def test_fast_path_matches_markdown_it_on_the_fixtures(shared_dir: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    import_paths(store, [shared_dir / "fixtures"], now=NOW)
    assert _differs(_fields(store)) == []
