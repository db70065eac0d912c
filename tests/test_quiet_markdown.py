"""The importer's block parser runs markdown-it's rules without their debug call per try: the
same tokens as markdown-it's own parser, no log records, and markdown-it left as it is."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from importers.markdown_blocks import _MD
from importers.quiet_markdown import quiet_block_rules

ROOT = Path(__file__).resolve().parent.parent

TRICKY = """---
deck: x
---
# Title

Setext heading
---

> quote
> - item

1. one
   - nested
     ```py
     code
     ```

    indented code

<!-- a comment
over lines -->

[ref]: http://example.com "t"

***

Q: question?
A: answer
"""


def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])


def _texts() -> list[str]:
    notes = sorted(ROOT.glob("decks/**/*.md")) + sorted(ROOT.glob("tests/data/**/*.md"))
    return [TRICKY] + [p.read_text(encoding="utf-8") for p in notes]


def test_the_same_tokens_as_markdown_its_own_parser() -> None:
    stock = _stock()
    texts = _texts()
    assert len(texts) > 20
    for text in texts:
        assert [t.as_dict() for t in _MD.parse(text)] == \
            [t.as_dict() for t in stock.parse(text)]


def test_no_debug_records_and_markdown_it_itself_still_logs(caplog: pytest.LogCaptureFixture
                                                            ) -> None:
    with caplog.at_level(logging.DEBUG, logger="markdown_it"):
        _MD.parse(TRICKY)
        assert not [r for r in caplog.records if r.name.startswith("markdown_it.rules_block")]
        _stock().parse(TRICKY)  # the stock rules still log: markdown-it was not changed
        assert [r for r in caplog.records if r.name.startswith("markdown_it.rules_block")]
    assert isinstance(importlib.import_module("markdown_it.rules_block.paragraph").LOGGER,
                      logging.Logger)


def test_rules_keep_logging_when_markdown_it_debug_is_on(caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    with caplog.at_level(logging.DEBUG, logger="markdown_it"):
        md = quiet_block_rules(_stock())
        md.parse(TRICKY)
        assert [r for r in caplog.records if r.name.startswith("markdown_it.rules_block")]


def test_every_logging_rule_is_replaced() -> None:
    md = quiet_block_rules(_stock())
    stock = _stock()
    replaced = [r.name for r, s in zip(md.block.ruler.__rules__, stock.block.ruler.__rules__,
                                       strict=True) if r.fn is not s.fn]
    assert {"paragraph", "list", "fence", "heading", "lheading", "hr", "code"} <= set(replaced)
    for r, s in zip(md.block.ruler.__rules__, stock.block.ruler.__rules__, strict=True):
        assert (r.name, r.enabled, r.alt) == (s.name, s.enabled, s.alt)
        assert r.fn.__code__ is s.fn.__code__
