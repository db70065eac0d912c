"""The fast path of field rendering writes exactly what markdown-it + nh3 write, or steps aside:
checked on generated near-misses (marks beside letters, delimiters, backticks, brackets) and on
every field of the shipped decks (and, under the corpus marker, of the public fixtures)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.export_values import export_values
from app.core.importing import import_paths
from app.core.store import Store
from app.export import html as field_html
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


def _full(text: str) -> str:
    """What the full path (markdown-it, then nh3) makes of `text`."""
    renderer = FieldRenderer(MediaSet(), [])
    original = field_html._PLAIN
    try:
        field_html._PLAIN = _NEVER  # type: ignore[assignment]
        return renderer._render(text, "", None)
    finally:
        field_html._PLAIN = original


class _Never:
    @staticmethod
    def fullmatch(text: str) -> None:
        return None


_NEVER = _Never()


def _differs(texts: list[str]) -> list[tuple[str, str, str]]:
    wrong = []
    for text in texts:
        fast = inline_html(text)
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


def test_fast_path_writes_the_common_marks() -> None:
    assert inline_html("The **w1** and *x* and _y_ (5 ms), see [docs](x.md).  ") == (
        '<p>The <strong>w1</strong> and <em>x</em> and <em>y</em> (5 ms), see '
        '<a href="x.md" rel="noopener noreferrer">docs</a>.</p>')
    assert inline_html("`a<b & c` is {{c1::_kept_}}") == (
        "<p><code>a&lt;b &amp; c</code> is {{c1::<em>kept</em>}}</p>")
    for refused in ("- a list", "1. a list", "# heading", "a_b_c", "**a**b", "`a``b`",
                    "a <b>", "[x]: y", "line\nline", "$x$", "**_nested_**", "![i](x.png)"):
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
