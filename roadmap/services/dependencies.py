"""Writes to dependencies. A dependency that would close a cycle is refused with the cycle
named; a dependency between two actors' items is marked cross-actor.

Cycle check without loading the graph: every item keeps a `topo_rank`, and for every
scheduling dependency rank(predecessor) < rank(successor) (a dynamic topological order,
Pearce & Kelly 2006). Adding p → s with rank(p) < rank(s) cannot close a cycle: no search.
Otherwise a breadth-first search from s, one query per level over the dependency table and
limited to ranks <= rank(p), either reaches p (a cycle, named from the BFS parents) or
bounds the few items whose ranks are then swapped to restore the order.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.policy import require
from roadmap import graph, policies
from roadmap.choices import SCHEDULING_KINDS
from roadmap.models import (
    Dependency,
    RoadmapItem,
)

CHUNK = 5000


def _bfs(
    start: int, goal: int | None, *, forward: bool, rank_limit: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Breadth-first search over scheduling dependencies, one query per level (chunked),
    visiting only items whose rank is <= rank_limit (forward) or >= it (backward).
    Returns (parent pointers, rank of each visited item); stops early on `goal`."""
    here, there = ("predecessor", "successor") if forward else ("successor", "predecessor")
    rank_filter = f"{there}__topo_rank__{'lte' if forward else 'gte'}"
    parent: dict[int, int] = {start: start}
    ranks: dict[int, int] = {}
    frontier = [start]
    while frontier:
        nxt: list[int] = []
        for k in range(0, len(frontier), CHUNK):
            rows = Dependency.objects.filter(
                **{f"{here}_id__in": frontier[k : k + CHUNK], rank_filter: rank_limit},
                kind__in=SCHEDULING_KINDS,
            ).values_list(f"{here}_id", f"{there}_id", f"{there}__topo_rank")
            for a, b, rank in rows:
                if b in parent:
                    continue
                parent[b] = a
                ranks[b] = rank
                if b == goal:
                    return parent, ranks
                nxt.append(b)
        frontier = nxt
    return parent, ranks


def cycle_message(ids: list[int]) -> str:
    names = dict(RoadmapItem.objects.filter(pk__in=ids).values_list("pk", "name"))
    chain = " → ".join(names.get(i, str(i)) for i in [*ids, ids[0]])
    return _("This dependency would close a cycle: %(cycle)s.") % {"cycle": chain}


ORDER_LOCK_KEY = 0x70AD_0001


def _lock_order() -> None:
    """Serialise changes to the scheduling graph until the transaction ends: two concurrent
    additions that are each acyclic could otherwise close a cycle together, each missing the
    other's uncommitted edge. PostgreSQL: a transaction-level advisory lock; SQLite allows
    one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [ORDER_LOCK_KEY])


def _order_for_new_edge(predecessor: RoadmapItem, successor: RoadmapItem) -> None:
    """Refuse p → s if s already reaches p; else keep rank(p) < rank(s) for all edges.

    Steps: 1. if rank(p) < rank(s) nothing to do; 2. F = items s reaches with rank <=
    rank(p) (BFS); p in F means a cycle p → s → … → p: refuse, naming it; 3. B = items
    reaching p with rank >= rank(s); 4. give B then F (each in old rank order) the pooled
    ranks of B ∪ F in ascending order.
    """
    _lock_order()  # then read the ranks as the last writer left them
    ranks = dict(
        RoadmapItem.objects.filter(pk__in=[predecessor.pk, successor.pk]).values_list(
            "pk", "topo_rank"
        )
    )
    predecessor.topo_rank, successor.topo_rank = ranks[predecessor.pk], ranks[successor.pk]
    rp, rs = predecessor.topo_rank, successor.topo_rank
    if rp < rs:
        return
    parent, f_ranks = _bfs(successor.pk, predecessor.pk, forward=True, rank_limit=rp)
    if predecessor.pk in parent:
        path = graph.unwind(parent, successor.pk, predecessor.pk)
        raise ValidationError({"predecessor": cycle_message([predecessor.pk, *path[:-1]])})
    f_ranks[successor.pk] = rs
    _parent, b_ranks = _bfs(predecessor.pk, None, forward=False, rank_limit=rs)
    b_ranks[predecessor.pk] = rp
    backward = sorted(b_ranks, key=b_ranks.__getitem__)
    forward = sorted(f_ranks, key=f_ranks.__getitem__)
    pool = sorted([*b_ranks.values(), *f_ranks.values()])
    new_rank = dict(zip([*backward, *forward], pool, strict=True))
    changed = [
        RoadmapItem(pk=pk, topo_rank=rank)
        for pk, rank in new_rank.items()
        if rank != (b_ranks.get(pk) if pk in b_ranks else f_ranks.get(pk))
    ]
    RoadmapItem.objects.bulk_update(changed, ["topo_rank"], batch_size=1000)
    predecessor.topo_rank = new_rank[predecessor.pk]
    successor.topo_rank = new_rank[successor.pk]


@transaction.atomic
def dependency_add(
    *,
    by: Any,
    predecessor: RoadmapItem,
    successor: RoadmapItem,
    kind: str = graph.FINISH_TO_START,
    lag_days: int = 0,
    note: str = "",
    token: Any = None,
) -> Dependency:
    """Declare that `successor` depends on `predecessor`. A cycle is refused, naming it."""
    dep = Dependency(
        predecessor=predecessor, successor=successor, kind=kind, lag_days=lag_days, note=note
    )
    require(
        policies.can_edit_dependency(by, dep, token),
        _("You may only add dependencies to your own actor's items."),
    )
    if predecessor.pk == successor.pk:
        raise ValidationError({"predecessor": _("An item cannot depend on itself.")})
    dep.cross_actor = predecessor.actor_id != successor.actor_id
    # Both items are loaded rows and differ: skip the per-field existence and check-constraint
    # queries; the one rule that needs the database is uniqueness.
    dep.full_clean(exclude=["predecessor", "successor"], validate_constraints=False)
    if Dependency.objects.filter(predecessor=predecessor, successor=successor, kind=kind).exists():
        raise ValidationError({"successor": _("This dependency already exists.")})
    if kind in SCHEDULING_KINDS:
        _order_for_new_edge(predecessor, successor)
    dep.save()
    return dep


@transaction.atomic
def dependency_update(
    *, dependency: Dependency, by: Any, fields: dict[str, Any], token: Any = None
) -> Dependency:
    """Change kind, lag or note. The ends are fixed: remove and add to re-point."""
    require(
        policies.can_edit_dependency(by, dependency, token),
        _("You may not change this dependency."),
    )
    for end in ("predecessor", "successor"):
        if end in fields and fields[end].pk != getattr(dependency, f"{end}_id"):
            raise ValidationError(
                {end: _("The items of a dependency cannot be changed; remove it and add another.")}
            )
    was_scheduling = dependency.kind in SCHEDULING_KINDS
    for key in ("kind", "lag_days", "note"):
        if key in fields:
            setattr(dependency, key, fields[key])
    dependency.full_clean()
    if dependency.kind in SCHEDULING_KINDS and not was_scheduling:
        _order_for_new_edge(dependency.predecessor, dependency.successor)
    dependency.save()
    return dependency


@transaction.atomic
def dependency_delete(*, dependency: Dependency, by: Any, token: Any = None) -> None:
    require(
        policies.can_edit_dependency(by, dependency, token),
        _("You may not remove this dependency."),
    )
    dependency.delete()


def ranks_rebuild() -> int:
    """Recompute every item's rank from a topological order of all scheduling dependencies
    (after bulk loads). Ranks are drawn from the item ids, so they stay unique and below the
    rank of any item created later. Returns the number of items."""
    ids = sorted(RoadmapItem.objects.values_list("pk", flat=True))
    deps = list(
        Dependency.objects.filter(kind__in=SCHEDULING_KINDS).values_list(
            "predecessor_id", "successor_id"
        )
    )
    g = graph.build_columns(
        ids=ids,
        start=[0] * len(ids),
        duration=[0] * len(ids),
        actor=None,
        predecessor=[a for a, _b in deps],
        successor=[b for _a, b in deps],
        kind=[graph.FINISH_TO_START] * len(deps),
        lag=[0] * len(deps),
    )
    order = graph.topological_order(g)
    RoadmapItem.objects.bulk_update(
        [RoadmapItem(pk=ids[i], topo_rank=ids[k]) for k, i in enumerate(order)],
        ["topo_rank"],
        batch_size=2000,
    )
    return len(ids)
