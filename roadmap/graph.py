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

    `succs[i]` holds (successor index, constraint type, lag); `edge_a`/`edge_b` hold
    the ends of each scheduling edge by index (for components and cycle naming)."""

    ids: list[int]
    pos: dict[int, int]
    release: list[int]
    duration: list[int]
    actor: list[int | None]
    succs: list[list[tuple[int, int, int]]]
    indeg: list[int]
    edge_a: list[int]
    edge_b: list[int]

    def preds(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in self.ids]
        for a, b in zip(self.edge_a, self.edge_b, strict=True):
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


@dataclass(frozen=True, slots=True)
class Moved:
    id: int
    start_shift: int
    end_shift: int
    new_start: int
    new_end: int
    actor: int | None


@dataclass(slots=True)
class SlipResult:
    item: int
    days: int
    moved: list[Moved] = field(default_factory=list)
    affected_actors: list[int] = field(default_factory=list)


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

    Steps: 1. give each node id a position 0..n-1; 2. keep edges of a scheduling kind
    whose two ends are known; 3. append (successor, constraint type, lag) to the
    predecessor's list and count the successor's in-degree.
    """
    ids = list(ids)
    pos = {node_id: i for i, node_id in enumerate(ids)}
    n = len(ids)
    succs: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    indeg = [0] * n
    edge_a: list[int] = []
    edge_b: list[int] = []
    kinds = CONSTRAINT_OF_KIND
    get = pos.get
    for p, s, k, lg in zip(predecessor, successor, kind, lag, strict=True):
        t = kinds.get(k)
        a = get(p)
        b = get(s)
        if t is None or a is None or b is None:
            continue
        succs[a].append((b, t, lg))
        indeg[b] += 1
        edge_a.append(a)
        edge_b.append(b)
    return Graph(
        ids,
        pos,
        list(start),
        list(duration),
        list(actor) if actor is not None else [None] * n,
        succs,
        indeg,
        edge_a,
        edge_b,
    )


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


def topological_order(graph: Graph) -> list[int]:
    """Kahn's algorithm. Steps: 1. take the in-degrees; 2. queue nodes with none; 3. pop a
    node, decrement its successors, queue those reaching zero; 4. if not all nodes were
    queued the rest contain a cycle, raised as CycleError naming it."""
    indeg = list(graph.indeg)
    queue = [i for i, d in enumerate(indeg) if d == 0]
    succs = graph.succs
    for i in queue:
        for j, _t, _l in succs[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                queue.append(j)
    if len(queue) < len(indeg):
        raise CycleError(_cycle_in(graph, {i for i, d in enumerate(indeg) if d > 0}))
    return queue


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


def _components(graph: Graph) -> tuple[list[int], list[bool]]:
    """Weakly connected components by union-find (path halving) over the edge list."""
    n = len(graph.ids)
    parent = list(range(n))
    for x, y in zip(graph.edge_a, graph.edge_b, strict=True):
        while parent[x] != x:
            parent[x] = x = parent[parent[x]]
        while parent[y] != y:
            parent[y] = y = parent[parent[y]]
        if x != y:
            parent[y] = x
    label: dict[int, int] = {}
    comp = [0] * n
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        parent[i] = r
        c = label.get(r)
        if c is None:
            c = label[r] = len(label)
        comp[i] = c
    has_edges = [False] * len(label)
    for a in graph.edge_a:
        has_edges[comp[a]] = True
    return comp, has_edges


def schedule(graph: Graph) -> Schedule:
    """Earliest (forward) and latest (backward) schedule with slack.

    Steps: 1. Kahn's topological order, doing the forward pass as each node is popped:
    earliest start = max(own start, every predecessor's constraint), earliest end =
    earliest start + duration, remembering the predecessor that drove the start (a cycle
    raises CycleError naming it); 2. label weakly connected components (each programme of
    linked items is scheduled against its own end); 3. backward pass in reverse order,
    pulling from successors: latest end = min(component end, every successor's
    constraint), latest start = latest end - duration; 4. slack = latest start - earliest
    start; zero slack in a component with dependencies is critical.
    """
    n = len(graph.ids)
    dur = graph.duration
    es = list(graph.release)
    ef = [0] * n
    driver = [-1] * n
    indeg = list(graph.indeg)
    succs = graph.succs
    order = [i for i, d in enumerate(indeg) if d == 0]
    for i in order:
        start = es[i]
        end = start + dur[i]
        ef[i] = end
        for j, t, lag in succs[i]:
            if t == _FS:
                c = end + lag
            elif t == _SS:
                c = start + lag
            else:
                c = end + lag - dur[j]
            if c >= es[j]:
                es[j] = c
                driver[j] = i
            indeg[j] -= 1
            if indeg[j] == 0:
                order.append(j)
    if len(order) < n:
        raise CycleError(_cycle_in(graph, {i for i, d in enumerate(indeg) if d > 0}))
    comp, has_edges = _components(graph)
    horizon = [-(2**62)] * len(has_edges)
    for c, end in zip(comp, ef, strict=True):
        if end > horizon[c]:
            horizon[c] = end
    lf = [horizon[c] for c in comp]
    ls = [0] * n
    for i in reversed(order):
        finish = lf[i]
        for j, t, lag in succs[i]:
            if t == _FS:
                c = ls[j] - lag
            elif t == _SS:
                c = ls[j] - lag + dur[i]
            else:
                c = lf[j] - lag
            if c < finish:
                finish = c
        lf[i] = finish
        ls[i] = finish - dur[i]
    rank = [0] * n
    for k, i in enumerate(order):
        rank[i] = k
    return Schedule(graph, order, rank, es, ef, ls, lf, driver, comp, has_edges)


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

    Steps: 1. the item's earliest end grows by `days` (its start stays; a start-to-start
    successor therefore does not move); 2. push changed nodes on a heap keyed by their
    topological rank, so each is final when popped; 3. for each popped node recompute its
    successors' constraints from the new dates; a successor moves only if the constraint
    exceeds its current earliest start (slack absorbs the rest); 4. report every moved
    item with its start and end shift and the actors concerned. Cost grows with the
    number of moved items, not with the size of the roadmap.
    """
    g = sched.graph
    if item not in g.pos:
        raise KeyError(item)
    s = g.pos[item]
    result = SlipResult(item=item, days=days)
    if days <= 0:
        return result
    dur, rank = g.duration, sched.rank
    new_es: dict[int, int] = {s: sched.es[s]}
    new_ef: dict[int, int] = {s: sched.ef[s] + days}
    heap = [(rank[s], s)]
    queued = {s}
    while heap:
        _r, i = heapq.heappop(heap)
        start, end = new_es[i], new_ef[i]
        for j, t, lag in g.succs[i]:
            c = _constraint(t, lag, start, end, dur[j])
            if c > new_es.get(j, sched.es[j]):
                new_es[j] = c
                new_ef[j] = c + dur[j]
                if j not in queued:
                    queued.add(j)
                    heapq.heappush(heap, (rank[j], j))
    moved = sorted((i for i in new_es if i != s), key=rank.__getitem__)
    actors: set[int] = set()
    for i in moved:
        result.moved.append(
            Moved(
                id=g.ids[i],
                start_shift=new_es[i] - sched.es[i],
                end_shift=new_ef[i] - sched.ef[i],
                new_start=new_es[i],
                new_end=new_ef[i],
                actor=g.actor[i],
            )
        )
        if g.actor[i] is not None:
            actors.add(g.actor[i])  # type: ignore[arg-type]
    result.affected_actors = sorted(actors)
    return result


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
        for j, _t, _l in graph.succs[i]:
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
