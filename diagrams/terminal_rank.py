"""Which way each drawn edge points and which layer each node takes, for the terminal drawing.

Few layers matter most: a flowchart LR of 10 layers fits 120 columns, one of 12 does not. So an
offline edge (a feedback or training loop) points whichever way adds fewer layers, which draws a
loop back beside the request path instead of as new layers past its end; and a node sits between
its neighbours where its edges are shortest, not always as high as it can go.
"""

from __future__ import annotations

from collections.abc import Iterable

from grandalf.layouts import Layer, SugiyamaLayout

_BALANCE_SWEEPS = 8


class Dag:
    """The downward links chosen so far, kept acyclic."""

    def __init__(self, nodes: Iterable[str]) -> None:
        self.succ: dict[str, set[str]] = {node: set() for node in nodes}

    def reaches(self, start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            current = stack.pop()
            if current == goal:
                return True
            for nxt in self.succ[current] - seen:
                seen.add(nxt)
                stack.append(nxt)
        return False

    def depth(self, extra: tuple[str, str] | None = None) -> int:
        """Layers the longest path needs, with the link `extra` added."""
        return max(longest_path_ranks(self.succ, extra).values(), default=-1) + 1

    def backwards(self, source: str, target: str, *, offline: bool, compact: bool) -> bool:
        """Draw source -> target pointing up? Always when down closes a cycle; when `compact`,
        an offline edge also when up needs fewer layers."""
        if self.reaches(target, source):
            return True
        if not (offline and compact) or self.reaches(source, target):
            return False
        return self.depth((target, source)) < self.depth((source, target))

    def add(self, upper: str, lower: str) -> None:
        self.succ[upper].add(lower)


def longest_path_ranks(succ: dict[str, set[str]],
                       extra: tuple[str, str] | None = None) -> dict[str, int]:
    """Each node's layer as far up as its predecessors allow (Kahn's order)."""
    out = {node: set(nexts) for node, nexts in succ.items()}
    if extra is not None:
        out[extra[0]].add(extra[1])
    indegree = dict.fromkeys(out, 0)
    for nexts in out.values():
        for node in nexts:
            indegree[node] += 1
    rank = dict.fromkeys(out, 0)
    ready = [node for node, count in indegree.items() if count == 0]
    while ready:
        node = ready.pop()
        for nxt in out[node]:
            rank[nxt] = max(rank[nxt], rank[node] + 1)
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return rank


def balanced_ranks(nodes: list[str], links: Iterable[tuple[str, str]],
                   weight: dict[str, int] | None = None) -> dict[str, int]:
    """Longest-path layers, then each node moved within the room its neighbours leave: towards
    the side with more edges (a source feeding one late stage sits just before it), or, when
    that costs no edge length, into the least crowded layer (`weight`: a node's rows)."""
    succ: dict[str, set[str]] = {node: set() for node in nodes}
    pred: dict[str, set[str]] = {node: set() for node in nodes}
    for upper, lower in links:
        succ[upper].add(lower)
        pred[lower].add(upper)
    rank = longest_path_ranks(succ)
    last = max(rank.values(), default=0)
    weight = weight or {}
    for _ in range(_BALANCE_SWEEPS):
        moved = False
        for node in sorted(nodes, key=lambda n: rank[n]):
            low = max((rank[p] + 1 for p in pred[node]), default=0)
            high = min((rank[s] - 1 for s in succ[node]), default=last)
            pull = len(succ[node]) - len(pred[node])
            if pull:
                want = high if pull > 0 else low
            else:
                load = _loads(rank, succ, weight, last, without=node)
                want = min(range(low, high + 1), key=lambda r: (load[r], r != rank[node], r))
            want = min(max(want, low), high)
            if want != rank[node]:
                rank[node], moved = want, True
        if not moved:
            break
    return rank


def _loads(rank: dict[str, int], succ: dict[str, set[str]], weight: dict[str, int], last: int,
           without: str) -> list[int]:
    """Rows each layer needs: its nodes' and one per edge passing through it."""
    load = [0] * (last + 1)
    for node, nexts in succ.items():
        if node == without:
            continue
        load[rank[node]] += weight.get(node, 4)
        for nxt in nexts:
            if nxt != without:
                for between in range(rank[node] + 1, rank[nxt]):
                    load[between] += 1
    return load


class RankedLayout(SugiyamaLayout):  # type: ignore[misc]
    """grandalf's Sugiyama layout on layers we chose (`ranks`: vertex data -> layer)."""

    def __init__(self, graph: object, ranks: dict[str, int]) -> None:
        super().__init__(graph)
        vertices = list(self.g.sV)
        low = min((ranks[v.data] for v in vertices), default=0)
        self._ranks = {v: ranks[v.data] - low for v in vertices}

    def rank_all(self, roots: object, optimize: bool = False) -> None:
        self._edge_inverter()
        for vertex, rank in self._ranks.items():
            self.grx[vertex].rank = rank
            while len(self.layers) <= rank:
                self.layers.append(Layer([]))
            self.layers[rank].append(vertex)
        self._edge_inverter()
