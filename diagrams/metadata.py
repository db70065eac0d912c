"""The metadata comment lines of a diagram: `id:`, `budget:`, `aliases:`, `skip:` (README)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diagrams.latency import parse_duration
from diagrams.model import Diagnostic, Diagram

META_KEYS = ("id", "budget", "aliases", "alias", "skip")
_META_RE = re.compile(r"^\s*(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*?)\s*$")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


@dataclass
class Metadata:
    """What the metadata lines of one block said, with the line each came from."""

    id: str | None = None
    budget_ms: float | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    alias_lines: dict[str, int] = field(default_factory=dict)
    skip: dict[str, int] = field(default_factory=dict)  # node id -> line
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def read(self, comment: str, line: int) -> bool:
        """Read one comment's text (without `%%` or `//`); False if it is not a metadata line."""
        match = _META_RE.match(comment)
        if not match or match.group("key").lower() not in META_KEYS:
            return False
        key, value = match.group("key").lower(), match.group("value")
        if key == "id":
            self._read_id(value, line)
        elif key == "budget":
            budget = parse_duration(value, default_unit="ms")
            if budget is None:
                self._problem(line, f"budget {value!r} is not a duration: write it as `100 ms`")
            else:
                self.budget_ms = budget
        elif key == "skip":
            for node in _split_list(value):
                self.skip.setdefault(node, line)
        else:
            self._read_aliases(value, line)
        return True

    def _read_id(self, value: str, line: int) -> None:
        if not _ID_RE.match(value):
            self._problem(
                line,
                f"diagram id {value!r} is not usable: use letters, digits, '.', '_', '-' "
                "(for example `%% id: ads-serving`)",
            )
        elif self.id is not None and self.id != value:
            self._problem(line, f"second diagram id {value!r} (already {self.id!r}): keep one")
        else:
            self.id = value

    def _read_aliases(self, value: str, line: int) -> None:
        for group in (part for part in value.split(";") if part.strip()):
            node, sep, names = group.partition("=")
            node = node.strip()
            others = _split_list(names)
            if not sep or not node or not others or re.search(r"\s", node):
                self._problem(
                    line,
                    f"aliases {group.strip()!r} are not in the form `NODE = other name, other`: "
                    "write the node id, '=', then the other names separated by commas",
                )
                continue
            self.aliases.setdefault(node, []).extend(others)
            self.alias_lines.setdefault(node, line)

    def _problem(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(line, message))

    def apply(self, diagram: Diagram) -> list[Diagnostic]:
        """Copy budget, aliases and skip onto `diagram`; report ids that name no node."""
        problems = list(self.diagnostics)
        nodes = diagram.graph.nodes
        if self.id is not None:
            diagram.id = self.id
            diagram.explicit_id = True
        diagram.budget_ms = self.budget_ms
        for node, names in self.aliases.items():
            if node in nodes:
                diagram.aliases[node] = tuple(dict.fromkeys(names))
            else:
                problems.append(_unknown(self.alias_lines[node], "aliases", node, nodes))
        skipped = set()
        for node, line in self.skip.items():
            if node in nodes:
                skipped.add(node)
            else:
                problems.append(_unknown(line, "skip", node, nodes))
        diagram.skip = frozenset(skipped)
        return problems


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _unknown(line: int, key: str, node: str, nodes: object) -> Diagnostic:
    known = ", ".join(sorted(str(n) for n in nodes)[:12])  # type: ignore[attr-defined]
    return Diagnostic(
        line,
        f"`{key}:` names node {node!r}, which is not in the diagram: use a node id ({known})",
    )
