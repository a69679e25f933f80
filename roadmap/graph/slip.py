"""Slip propagation: which items move, by how much and whose, if some items change dates."""

from __future__ import annotations

import heapq

import numpy as np

from roadmap.graph.critical_path import _constraint
from roadmap.graph.model import _FF, _SS, Graph, Schedule, SlipResult
from roadmap.graph.order import _gather


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
