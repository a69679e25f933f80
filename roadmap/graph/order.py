"""Topological order (Kahn, level by level) and cycles: find one, name one, and the path
that a new dependency would close into a cycle."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from roadmap.graph.model import _FF, _SS, SCHEDULING_KINDS, CycleError, Edge, Graph, Node, build


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
