"""Dependency analysis of the roadmap as pure functions: plain data in, plain data out.

No ORM and no graph library. Items are `Node`s (a day number for the earliest allowed
start and a duration in days), dependencies are `Edge`s (predecessor, successor, kind,
lag). Every pass is a linear-time topological walk (Kahn) over dense integer indices, so
100 000 items and a few hundred thousand dependencies take well under a second.

Scheduling semantics per dependency kind (lag in days, may be negative):
- finish_to_start, delivers_capability, adopts_solution: successor starts >= predecessor end + lag
- start_to_start: successor starts >= predecessor start + lag
- finish_to_finish: successor ends >= predecessor end + lag
- reuse, overlap, competes_for_resources: relations only; drawn, never scheduled, no cycle rule.
"""

from __future__ import annotations

import heapq
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


def _cycle_in(graph: Graph, left: set[int]) -> list[int]:
    """Name one cycle among nodes Kahn could not order.

    Every leftover node has a leftover predecessor, so walking predecessors from any of
    them must revisit a node; the walk between the two visits is a cycle (reversed).
    """
    preds = graph.preds()
    seen: dict[int, int] = {}
    walk: list[int] = []
    i = min(left)
    while i not in seen:
        seen[i] = len(walk)
        walk.append(i)
        i = next(p for p in preds[i] if p in left)
    cycle = walk[seen[i] :]
    cycle.reverse()
    first = cycle.index(min(cycle, key=lambda k: graph.ids[k]))
    cycle = cycle[first:] + cycle[:first]
    return [graph.ids[k] for k in cycle]


def _levels(graph: Graph, es: np.ndarray | None = None) -> list[np.ndarray]:
    """Kahn's algorithm one level at a time on arrays, optionally doing the forward pass.

    Steps: 1. in-degrees by counting edge ends; 2. the first level is every node without
    predecessors; 3. for a level, take all its outgoing edges (one gather), lower the
    successors' in-degrees, and (forward pass) raise their earliest start to each
    dependency's constraint; 4. the next level is the successors whose in-degree reached
    zero. Nodes never reached lie on or behind a cycle: CycleError names one.
    Each node and edge is touched once: O(V + E), with one array call per level.
    """
    n = len(graph.ids)
    ptr, cb, ct, cl, ca = graph.csr()
    remaining = np.bincount(graph.edge_b, minlength=n)
    frontier = np.flatnonzero(remaining == 0)
    dur = np.asarray(graph.duration, dtype=np.int64) if es is not None else None
    levels: list[np.ndarray] = []
    seen = 0
    while frontier.size:
        levels.append(frontier)
        seen += frontier.size
        starts = ptr[frontier]
        counts = ptr[frontier + 1] - starts
        total = int(counts.sum())
        if not total:
            break
        offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        idx = offsets + np.arange(total)
        succ = cb[idx]
        if es is not None:
            pred, t, lag = ca[idx], ct[idx], cl[idx]
            p_start = es[pred]
            p_end = p_start + dur[pred]
            c = np.where(t == _SS, p_start, p_end) + lag
            c -= np.where(t == _FF, dur[succ], 0)
            np.maximum.at(es, succ, c)
        np.subtract.at(remaining, succ, 1)
        cand = np.unique(succ)
        frontier = cand[remaining[cand] == 0]
    if seen < n:
        left = set(np.flatnonzero(remaining > 0).tolist())
        raise CycleError(_cycle_in(graph, left))
    return levels


def _gather(ptr: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Positions in the CSR of every outgoing edge of `nodes` (one vectorised gather)."""
    starts = ptr[nodes]
    counts = ptr[nodes + 1] - starts
    total = int(counts.sum())
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)


def _reforward(graph: Graph, levels: list[np.ndarray], end_shift: dict[int, int]) -> np.ndarray:
    """The forward pass again over known levels, with some items ending later."""
    ptr, cb, ct, cl, ca = graph.csr()
    dur = np.asarray(graph.duration, dtype=np.int64)
    dur_end = dur.copy()
    for i, days in end_shift.items():
        dur_end[i] += days
    es = np.asarray(graph.release, dtype=np.int64).copy()
    for level in levels:
        idx = _gather(ptr, level)
        if not idx.size:
            continue
        pred, succ, t, lag = ca[idx], cb[idx], ct[idx], cl[idx]
        p_start = es[pred]
        c = np.where(t == _SS, p_start, p_start + dur_end[pred]) + lag
        c -= np.where(t == _FF, dur[succ], 0)
        np.maximum.at(es, succ, c)
    return es


def topological_order(graph: Graph) -> list[int]:
    """Kahn's topological order (level by level); a cycle raises CycleError naming it."""
    levels = _levels(graph)
    return np.concatenate(levels).tolist() if levels else []


def find_cycle(nodes: Iterable[int], edges: Iterable[Edge]) -> list[int] | None:
    """The item ids on one cycle of scheduling dependencies, or None for a DAG."""
    try:
        topological_order(build((Node(i, 0, 0) for i in nodes), edges))
    except CycleError as exc:
        return exc.cycle
    return None


def path_between(edges: Iterable[Edge], source: int, target: int) -> list[int] | None:
    """Shortest path source ⇝ target over scheduling edges (BFS), or None.

    Adding the dependency target → source closes a cycle exactly when this path exists;
    the cycle is then target → source → … → target.
    """
    if source == target:
        return [source]
    adjacency: dict[int, list[int]] = {}
    for edge in edges:
        if edge.kind in SCHEDULING_KINDS:
            adjacency.setdefault(edge.predecessor, []).append(edge.successor)
    parent: dict[int, int] = {source: source}
    frontier = [source]
    while frontier:
        nxt: list[int] = []
        for i in frontier:
            for j in adjacency.get(i, ()):
                if j not in parent:
                    parent[j] = i
                    if j == target:
                        return unwind(parent, source, target)
                    nxt.append(j)
        frontier = nxt
    return None


def unwind(parent: dict[int, int], source: int, target: int) -> list[int]:
    """The path source … target from BFS parent pointers."""
    path = [target]
    while path[-1] != source:
        path.append(parent[path[-1]])
    path.reverse()
    return path


def _components(graph: Graph) -> tuple[np.ndarray, list[bool]]:
    """Weakly connected components by min-label propagation with pointer jumping.

    Steps: 1. every node starts as its own label; 2. for every edge both ends take the
    smaller label of the two, then each label jumps to its label's label; 3. repeat until
    nothing changes (a few rounds: the jumps halve the distances); 4. renumber 0..c-1.
    """
    n = len(graph.ids)
    label = np.arange(n, dtype=np.int64)
    a, b = graph.edge_a, graph.edge_b
    while a.size:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            break
        label = new
    roots, comp = np.unique(label, return_inverse=True)
    has_edges = np.zeros(roots.size, dtype=bool)
    has_edges[comp[a]] = True
    return comp, has_edges.tolist()


def schedule(graph: Graph) -> Schedule:
    """Earliest (forward) and latest (backward) schedule with slack.

    Steps: 1. Kahn's topological order level by level, doing the forward pass as each
    level is released: earliest start = max(own start, every predecessor's constraint),
    earliest end = earliest start + duration (a cycle raises CycleError naming it);
    2. for each item, remember a predecessor whose constraint sets its start (the driver);
    3. label weakly connected components (each programme of linked items is scheduled
    against its own end); 4. backward pass, levels in reverse: latest end = min(component
    end, every successor's constraint), latest start = latest end - duration; 5. slack =
    latest start - earliest start; zero slack in a component with dependencies is critical.
    """
    n = len(graph.ids)
    dur = np.asarray(graph.duration, dtype=np.int64)
    es = np.asarray(graph.release, dtype=np.int64).copy()
    levels = _levels(graph, es)
    ef = es + dur
    a, b, t, lag = graph.edge_a, graph.edge_b, graph.edge_t, graph.edge_lag
    fwd = np.where(t == _SS, es[a], ef[a]) + lag - np.where(t == _FF, dur[b], 0)
    binding = fwd == es[b]
    driver = np.full(n, -1, dtype=np.int64)
    driver[b[binding]] = a[binding]
    comp, has_edges = _components(graph)
    horizon = np.full(len(has_edges), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(horizon, comp, ef)
    lf = horizon[comp]
    ls = lf - dur
    ptr, cb, ct, cl, ca = graph.csr()
    for level in reversed(levels):
        starts = ptr[level]
        counts = ptr[level + 1] - starts
        total = int(counts.sum())
        if total:
            idx = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
            pred, succ, tt, ll = ca[idx], cb[idx], ct[idx], cl[idx]
            c = np.where(tt == _FF, lf[succ], ls[succ] + np.where(tt == _SS, dur[pred], 0)) - ll
            np.minimum.at(lf, pred, c)
        ls[level] = lf[level] - dur[level]
    order = np.concatenate(levels) if levels else np.zeros(0, dtype=np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return Schedule(
        graph,
        order.tolist(),
        rank.tolist(),
        es.tolist(),
        ef.tolist(),
        ls.tolist(),
        lf.tolist(),
        driver.tolist(),
        comp.tolist(),
        has_edges,
        levels,
    )


def _constraint(t: int, lag: int, p_start: int, p_end: int, s_duration: int) -> int:
    """Earliest start of a successor allowed by one dependency."""
    if t == _FS:
        return p_end + lag
    if t == _SS:
        return p_start + lag
    return p_end + lag - s_duration


def critical_paths(sched: Schedule) -> list[list[int]]:
    """One critical path per component with dependencies, longest span first.

    Steps: 1. per component, take the zero-slack item that ends last; 2. follow the
    predecessor that drove each item's earliest start while it has zero slack; 3. return
    the ids from first to last.
    """
    g = sched.graph
    es, ef, ls = sched.es, sched.ef, sched.ls
    best: dict[int, int] = {}
    for i in sched.order:
        c = sched.component[i]
        if not sched.component_has_edges[c] or ls[i] != es[i]:
            continue
        if c not in best or ef[i] >= ef[best[c]]:
            best[c] = i
    paths: list[tuple[int, list[int]]] = []
    for end_node in best.values():
        path = [end_node]
        p = sched.driver[end_node]
        while p != -1 and ls[p] == es[p]:
            path.append(p)
            p = sched.driver[p]
        path.reverse()
        paths.append((ef[path[-1]] - es[path[0]], [g.ids[k] for k in path]))
    paths.sort(key=lambda item: (-item[0], item[1][0]))
    return [p for _span, p in paths]


def critical_path(sched: Schedule) -> list[int]:
    """The critical path with the longest span (empty when nothing depends on anything)."""
    paths = critical_paths(sched)
    return paths[0] if paths else []


def propagate_slip(sched: Schedule, item: int, days: int) -> SlipResult:
    """If `item` finishes `days` later, which items move, by how much, whose are they.

    The item's start stays (a start-to-start successor therefore does not move); see
    `propagate` for the walk. A slip of zero or fewer days moves nothing."""
    g = sched.graph
    if item not in g.pos:
        raise KeyError(item)
    if days <= 0:
        return SlipResult(item=item, days=days)
    return propagate(sched, {item: (0, days)})


def propagate(sched: Schedule, changes: dict[int, tuple[int, int]]) -> SlipResult:
    """Which items move, by how much, whose are they, if some items change dates.

    `changes` maps an item id to (start shift, end shift) in days: a slip is (0, days), a
    move (days, days), a resize (0, days). The what-if, the preview of a move on the
    timeline and the named scenarios all come through here.

    Steps: 1. each changed item takes its new earliest start and end; 2. push changed
    nodes on a heap keyed by their topological rank, so each is final when popped; 3. for
    each popped node recompute its successors' constraints from the new dates; a successor
    moves only if the constraint exceeds its current earliest start (slack absorbs the
    rest; an item moved earlier pulls nothing with it); 4. report every moved item other
    than the changed ones, with its start and end shift and the actors concerned. Cost grows
    with the number of moved items, not with the size of the roadmap; when most of the
    roadmap moves and only ends change, one vectorised forward pass replaces the heap.
    """
    g = sched.graph
    if not changes:
        return SlipResult(item=-1, days=0)
    seeds = {g.pos[i]: shift for i, shift in changes.items()}
    dur, rank = g.duration, sched.rank
    ptr, succ_b, succ_t, succ_lag = g.lists()
    extra = {s: end - start for s, (start, end) in seeds.items()}
    new_es: dict[int, int] = {}
    new_ef: dict[int, int] = {}
    for s, (start, _end) in seeds.items():
        new_es[s] = sched.es[s] + start
        new_ef[s] = new_es[s] + dur[s] + extra[s]
    heap = [(rank[s], s) for s in seeds]
    heapq.heapify(heap)
    queued = set(seeds)
    limit = 2000 + len(g.ids) // 50
    only_ends = all(start == 0 for start, _end in seeds.values())
    while heap:
        if only_ends and len(new_es) > limit:  # most of the roadmap moves: one pass is cheaper
            return _slip_everywhere(sched, {s: end for s, (_st, end) in seeds.items()})
        _r, i = heapq.heappop(heap)
        start, end = new_es[i], new_ef[i]
        for k in range(ptr[i], ptr[i + 1]):
            j = succ_b[k]
            c = _constraint(succ_t[k], succ_lag[k], start, end, dur[j])
            if c > new_es.get(j, sched.es[j]):
                new_es[j] = c
                new_ef[j] = c + dur[j] + extra.get(j, 0)
                if j not in queued:
                    queued.add(j)
                    heapq.heappush(heap, (rank[j], j))
    moved = sorted((i for i in new_es if i not in seeds), key=rank.__getitem__)
    return _slip_result(sched, seeds, moved, new_es, new_ef)


def _slip_everywhere(sched: Schedule, end_shift: dict[int, int]) -> SlipResult:
    """propagate for end shifts only, by a full forward pass over the known levels (same
    answer)."""
    g = sched.graph
    es = _reforward(g, sched.levels, end_shift)
    ef = es + np.asarray(g.duration, dtype=np.int64)
    for s, days in end_shift.items():
        ef[s] += days
    old_es = np.asarray(sched.es, dtype=np.int64)
    old_ef = np.asarray(sched.ef, dtype=np.int64)
    changed = np.flatnonzero((es != old_es) | (ef != old_ef))
    changed = changed[~np.isin(changed, list(end_shift))]
    moved = changed[np.argsort(np.asarray(sched.rank, dtype=np.int64)[changed], kind="stable")]
    actor = g.actor
    moved_list = moved.tolist()
    actors = [actor[i] for i in moved_list]
    first = next(iter(end_shift))
    return SlipResult(
        item=g.ids[first],
        days=end_shift[first],
        moved_ids=np.asarray(g.ids, dtype=np.int64)[moved].tolist(),
        start_shift=(es[moved] - old_es[moved]).tolist(),
        end_shift=(ef[moved] - old_ef[moved]).tolist(),
        new_start=es[moved].tolist(),
        new_end=ef[moved].tolist(),
        actors=actors,
        affected_actors=sorted({a for a in actors if a is not None}),
    )


def _slip_result(
    sched: Schedule,
    seeds: dict[int, tuple[int, int]],
    moved: list[int],
    new_es: dict[int, int],
    new_ef: dict[int, int],
) -> SlipResult:
    g = sched.graph
    ids, actor, es, ef = g.ids, g.actor, sched.es, sched.ef
    actors = [actor[i] for i in moved]
    first = next(iter(seeds))
    return SlipResult(
        item=ids[first],
        days=seeds[first][1],
        moved_ids=[ids[i] for i in moved],
        start_shift=[new_es[i] - es[i] for i in moved],
        end_shift=[new_ef[i] - ef[i] for i in moved],
        new_start=[new_es[i] for i in moved],
        new_end=[new_ef[i] for i in moved],
        actors=actors,
        affected_actors=sorted({a for a in actors if a is not None}),
    )


def violations(nodes: Iterable[Node], edges: Iterable[Edge]) -> list[Violation]:
    """Dependencies the plan itself breaks: the successor is planned to start (or, for
    finish-to-finish, to end) before the predecessor's date plus the lag allows."""
    by_id = {node.id: node for node in nodes}
    found: list[Violation] = []
    for edge in edges:
        t = CONSTRAINT_OF_KIND.get(edge.kind)
        p, s = by_id.get(edge.predecessor), by_id.get(edge.successor)
        if t is None or p is None or s is None:
            continue
        if t == _FF:
            required, planned = p.end + edge.lag, s.end
        elif t == _SS:
            required, planned = p.start + edge.lag, s.start
        else:
            required, planned = p.end + edge.lag, s.start
        if planned < required:
            found.append(
                Violation(edge.predecessor, edge.successor, edge.kind, edge.lag, required, planned)
            )
    return found


def layered_layout(nodes: Sequence[int], edges: Iterable[Edge]) -> dict[int, tuple[int, int]]:
    """Layer and row of each node for drawing the dependency graph left to right.

    Steps: 1. layer = longest chain of dependencies (any directed kind that keeps the
    graph acyclic; relation-only edges are ignored) leading to the node, by Kahn;
    2. order each layer by the mean row of the node's predecessors (one barycentre sweep),
    ties by id, so arrows cross less; 3. return {id: (layer, row)}.
    """
    graph = build((Node(i, 0, 0) for i in nodes), edges)
    order = topological_order(graph)
    preds = graph.preds()
    layer = [0] * len(order)
    for i in order:
        for j, _t, _l in graph.successors(i):
            if layer[i] + 1 > layer[j]:
                layer[j] = layer[i] + 1
    rows: dict[int, list[int]] = {}
    for i in order:
        rows.setdefault(layer[i], []).append(i)
    row_of = [0] * len(order)
    for lay in sorted(rows):
        members = rows[lay]
        if lay:

            def centre(i: int) -> tuple[float, int]:
                ps = [row_of[p] for p in preds[i]]
                return (sum(ps) / len(ps) if ps else float("inf"), graph.ids[i])

            members.sort(key=centre)
        else:
            members.sort(key=lambda i: graph.ids[i])
        for r, i in enumerate(members):
            row_of[i] = r
    return {graph.ids[i]: (layer[i], row_of[i]) for i in range(len(order))}
