"""markdown-it's block rules for the importer's parser, without their debug call per try.

Every block rule of markdown-it starts with `LOGGER.debug(...)`, called each time the rule is
tried on a line: about 265 calls a note of the bench vault, 5.3M in an import of 200k cards
(about 1 s there), though nothing listens at DEBUG. The importer's parser runs the same rule
functions (their code object, unchanged) with a copy of their module's globals in which
`LOGGER` is a logger whose `debug` does nothing: the same tokens (tests/test_quiet_markdown.py),
and markdown-it itself is left as it is for every other parser (rich's Markdown in the TUI).
"""

from __future__ import annotations

import logging
import types
from typing import Any

from markdown_it import MarkdownIt


def _nothing(*_args: object) -> None:
    return None


class _Silent:
    """A module's logger as its rules see it: `debug` does nothing, anything else is the
    module's own logger's."""

    debug = staticmethod(_nothing)

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._logger, name)


def quiet_block_rules(md: MarkdownIt) -> MarkdownIt:
    """Give `md`'s block rules that log a silent logger (unless markdown-it's logger is set to
    DEBUG now: then they keep logging). Returns `md`."""
    if logging.getLogger("markdown_it").isEnabledFor(logging.DEBUG):
        return md
    copies: dict[int, dict[str, Any]] = {}  # one globals copy per rule module
    for rule in md.block.ruler.__rules__:
        fn = rule.fn
        logger = getattr(fn, "__globals__", {}).get("LOGGER")
        if not isinstance(logger, logging.Logger) or not isinstance(fn, types.FunctionType):
            continue
        module = fn.__globals__
        scope = copies.get(id(module))
        if scope is None:
            scope = copies[id(module)] = dict(module, LOGGER=_Silent(logger))
        quiet = types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__,
                                   fn.__closure__)
        quiet.__kwdefaults__ = fn.__kwdefaults__
        quiet.__qualname__, quiet.__doc__ = fn.__qualname__, fn.__doc__
        md.block.ruler.at(rule.name, quiet, {"alt": list(rule.alt)})
    return md
