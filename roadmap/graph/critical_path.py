"""The schedule (earliest and latest dates, slack, components) and its critical paths."""

from __future__ import annotations

import numpy as np

from roadmap.graph.model import _FF, _FS, _SS, Graph, Schedule
from roadmap.graph.order import _levels


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
