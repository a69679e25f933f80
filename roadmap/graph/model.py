"""The plain data of the roadmap analysis: dependency kinds, `Node`, `Edge`, the dense `Graph`
the passes walk, and what they return (`Schedule`, `SlipResult`, `Violation`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

FINISH_TO_START = "finish_to_start"
START_TO_START = "start_to_start"
FINISH_TO_FINISH = "finish_to_finish"
DELIVERS_CAPABILITY = "delivers_capability"
ADOPTS_SOLUTION = "adopts_solution"
REUSE = "reuse"
OVERLAP = "overlap"
COMPETES_FOR_RESOURCES = "competes_for_resources"

_FS, _SS, _FF = 0, 1, 2
CONSTRAINT_OF_KIND: dict[str, int] = {
    FINISH_TO_START: _FS,
    DELIVERS_CAPABILITY: _FS,
    ADOPTS_SOLUTION: _FS,
    START_TO_START: _SS,
    FINISH_TO_FINISH: _FF,
}
SCHEDULING_KINDS = frozenset(CONSTRAINT_OF_KIND)


@dataclass(frozen=True, slots=True)
class Node:
    """An item: `start` is the earliest day it may start (its planned or forecast start)."""

    id: int
    start: int
    duration: int
    actor: int | None = None
    name: str = ""

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(frozen=True, slots=True)
class Edge:
    predecessor: int
    successor: int
    kind: str = FINISH_TO_START
    lag: int = 0


class CycleError(ValueError):
    """The dependencies are not a DAG; `cycle` lists the item ids on one cycle, in order."""

    def __init__(self, cycle: list[int]) -> None:
        self.cycle = cycle
        super().__init__("cycle: " + " → ".join(map(str, [*cycle, cycle[0]])))


@dataclass(slots=True)
class Graph:
    """Dense index of nodes and scheduling edges (built once, shared by every pass).

    Edges are held as parallel arrays (`edge_a` → `edge_b`, constraint type, lag) and,
    for walks that touch few nodes, as compressed successor lists (`out_ptr`, …)."""

    ids: list[int]
    pos: dict[int, int]
    release: list[int]
    duration: list[int]
    actor: list[int | None]
    edge_a: np.ndarray
    edge_b: np.ndarray
    edge_t: np.ndarray
    edge_lag: np.ndarray
    _csr: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
    _lists: tuple[list[int], list[int], list[int], list[int]] | None = None

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(out_ptr, successor, type, lag, predecessor) sorted by predecessor."""
        if self._csr is None:
            n = len(self.ids)
            by_a = np.argsort(self.edge_a, kind="stable")
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.edge_a, minlength=n), out=ptr[1:])
            self._csr = (
                ptr,
                self.edge_b[by_a],
                self.edge_t[by_a],
                self.edge_lag[by_a],
                self.edge_a[by_a],
            )
        return self._csr

    def lists(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """The CSR as plain lists, for walks in Python that touch few nodes."""
        if self._lists is None:
            ptr, b, t, lag, _a = self.csr()
            self._lists = (ptr.tolist(), b.tolist(), t.tolist(), lag.tolist())
        return self._lists

    def successors(self, i: int) -> list[tuple[int, int, int]]:
        ptr, b, t, lag = self.lists()
        return [(b[k], t[k], lag[k]) for k in range(ptr[i], ptr[i + 1])]

    def preds(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.ids]
        for a, b in zip(self.edge_a.tolist(), self.edge_b.tolist(), strict=True):
            out[b].append(a)
        return out


@dataclass(slots=True)
class Schedule:
    """Earliest and latest schedule, by dense index of `graph`, plus the topological order."""

    graph: Graph
    order: list[int]
    rank: list[int]
    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]
    driver: list[int]
    component: list[int]
    component_has_edges: list[bool]
    levels: list[np.ndarray] = field(default_factory=list)

    def slack(self, i: int) -> int:
        return self.ls[i] - self.es[i]

    def is_critical(self, i: int) -> bool:
        return self.component_has_edges[self.component[i]] and self.ls[i] == self.es[i]

    def as_rows(self) -> dict[int, dict[str, int | bool]]:
        """Plain rows by item id: earliest/latest start and end, slack, critical."""
        g = self.graph
        return {
            g.ids[i]: {
                "earliest_start": self.es[i],
                "earliest_end": self.ef[i],
                "latest_start": self.ls[i],
                "latest_end": self.lf[i],
                "slack": self.ls[i] - self.es[i],
                "critical": self.is_critical(i),
            }
            for i in range(len(g.ids))
        }


class Moved(NamedTuple):
    id: int
    start_shift: int
    end_shift: int
    new_start: int
    new_end: int
    actor: int | None


@dataclass(slots=True)
class SlipResult:
    """Moved items as columns (ids in topological order, shifts and new dates in days);
    `moved` gives the same as one `Moved` row per item."""

    item: int
    days: int
    moved_ids: list[int] = field(default_factory=list)
    start_shift: list[int] = field(default_factory=list)
    end_shift: list[int] = field(default_factory=list)
    new_start: list[int] = field(default_factory=list)
    new_end: list[int] = field(default_factory=list)
    actors: list[int | None] = field(default_factory=list)
    affected_actors: list[int] = field(default_factory=list)

    @property
    def moved(self) -> list[Moved]:
        return list(
            map(
                Moved._make,
                zip(
                    self.moved_ids,
                    self.start_shift,
                    self.end_shift,
                    self.new_start,
                    self.new_end,
                    self.actors,
                    strict=True,
                ),
            )
        )


@dataclass(frozen=True, slots=True)
class Violation:
    predecessor: int
    successor: int
    kind: str
    lag: int
    required: int
    planned: int

    @property
    def days_short(self) -> int:
        return self.required - self.planned


def build(nodes: Iterable[Node], edges: Iterable[Edge]) -> Graph:
    """Index `Node`s and `Edge`s (see `build_columns` for the steps)."""
    nodes = list(nodes)
    edges = list(edges)
    return build_columns(
        ids=[n.id for n in nodes],
        start=[n.start for n in nodes],
        duration=[n.duration for n in nodes],
        actor=[n.actor for n in nodes],
        predecessor=[e.predecessor for e in edges],
        successor=[e.successor for e in edges],
        kind=[e.kind for e in edges],
        lag=[e.lag for e in edges],
    )


def build_columns(
    *,
    ids: Sequence[int],
    start: Sequence[int],
    duration: Sequence[int],
    actor: Sequence[int | None] | None,
    predecessor: Sequence[int],
    successor: Sequence[int],
    kind: Sequence[str],
    lag: Sequence[int],
) -> Graph:
    """Index plain columns (one list per field) densely.

    Steps: 1. give each node id a position 0..n-1; 2. map each edge's ends to positions
    and its kind to a constraint type; 3. keep edges of a scheduling kind whose two ends
    are known, as parallel integer arrays.
    """
    ids = list(ids)
    pos = {node_id: i for i, node_id in enumerate(ids)}
    n = len(ids)
    id_array = np.array(ids, dtype=np.int64)
    a = _index_of(id_array, predecessor)
    b = _index_of(id_array, successor)
    t = np.array([CONSTRAINT_OF_KIND.get(k, -1) for k in kind], dtype=np.int64)
    lags = np.array(lag, dtype=np.int64)
    keep = (a >= 0) & (b >= 0) & (t >= 0)
    if not keep.all():
        a, b, t, lags = a[keep], b[keep], t[keep], lags[keep]
    return Graph(
        ids,
        pos,
        list(start),
        list(duration),
        list(actor) if actor is not None else [None] * n,
        a,
        b,
        t,
        lags,
    )


def _index_of(ids: np.ndarray, values: Sequence[int]) -> np.ndarray:
    """Dense position of each value among `ids` (-1 if unknown): a lookup table when the
    ids are small non-negative integers (database keys), else a sorted search."""
    vals = np.array(values, dtype=np.int64)
    if not ids.size:
        return np.full(vals.size, -1, dtype=np.int64)
    if ids.min() >= 0 and ids.max() <= 10 * ids.size + 1024:
        table = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
        table[ids] = np.arange(ids.size)
        inside = (vals >= 0) & (vals < table.size)
        out = np.full(vals.size, -1, dtype=np.int64)
        out[inside] = table[vals[inside]]
        return out
    sorter = np.argsort(ids, kind="stable")
    found = sorter[np.minimum(np.searchsorted(ids, vals, sorter=sorter), ids.size - 1)]
    return np.where(ids[found] == vals, found, -1)
