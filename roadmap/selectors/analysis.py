"""The graph analysis of a set of items (schedule, critical paths, violations), cached per
data version and per query."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from core import data_version
from roadmap import graph
from roadmap.models import Dependency, RoadmapItem
from roadmap.selectors.rows import (
    DEPENDENCY_FIELDS,
    DependencyRow,
    ItemRow,
    _item_rows,
    date_of,
    edge_of,
    node_of,
)


@dataclass
class Analysis:
    """Everything the timeline, the graph view and the API need about a set of items
    (plain rows: `ItemRow`, `DependencyRow`)."""

    items: list[ItemRow]
    dependencies: list[DependencyRow]
    schedule: graph.Schedule
    critical_paths: list[list[int]]
    violations: list[graph.Violation]
    by_id: dict[int, ItemRow] = field(default_factory=dict)

    @property
    def critical_path(self) -> list[int]:
        return self.critical_paths[0] if self.critical_paths else []

    @cached_property
    def critical_ids(self) -> set[int]:
        return {i for path in self.critical_paths for i in path}

    @cached_property
    def position(self) -> dict[int, int]:
        """Each item's place in `items` (the timeline's order)."""
        return {item.pk: i for i, item in enumerate(self.items)}

    @cached_property
    def dependencies_into(self) -> dict[int, list[DependencyRow]]:
        """The dependencies of each successor, in id order."""
        into: dict[int, list[DependencyRow]] = {}
        for d in self.dependencies:
            into.setdefault(d.successor_id, []).append(d)
        return into

    def items_among(self, ids: Iterable[int]) -> list[ItemRow]:
        """The given items in timeline order (a page: cost grows with the page only)."""
        position = self.position
        return sorted((self.by_id[i] for i in ids if i in position), key=lambda r: position[r.pk])

    def dependencies_among(self, ids: set[int]) -> list[DependencyRow]:
        """The dependencies with both ends among the given items, in id order."""
        into = self.dependencies_into
        found = [d for i in ids for d in into.get(i, ()) if d.predecessor_id in ids]
        return sorted(found, key=lambda d: d.pk)

    @cached_property
    def critical_pairs(self) -> set[tuple[int, int]]:
        """(predecessor, successor) of each step along the critical paths."""
        return {(a, b) for p in self.critical_paths for a, b in zip(p, p[1:], strict=False)}

    def row(self, item_id: int) -> dict[str, Any]:
        s = self.schedule
        i = s.graph.pos[item_id]
        return {
            "earliest_start": date_of(s.es[i]),
            "earliest_end": date_of(s.ef[i]),
            "latest_start": date_of(s.ls[i]),
            "latest_end": date_of(s.lf[i]),
            "slack_days": s.ls[i] - s.es[i],
            "critical": item_id in self.critical_ids,
        }

    def slip(self, item_id: int, days: int) -> graph.SlipResult:
        return graph.propagate_slip(self.schedule, item_id, days)


# what the analysis depends on: the items and dependencies, the actors' names, and the
# measures (whose visibility is part of what a caller may see)
ANALYSIS_KEYS = ("roadmap", "portfolio")


# The analyses this process used last, in front of the shared cache: at national scale
# (50 000 items) unpickling one from the cache costs seconds, reading it here nothing. The
# key holds the data versions, so a stale entry is never read; callers only read an Analysis.
_MEMO: data_version.Memo[Analysis] = data_version.Memo(size=4)


def analyse(items: QuerySet[RoadmapItem]) -> Analysis:
    """The graph analysis of the items and the dependencies among them, over plain rows,
    cached (in this process and in the shared cache) per data version of the roadmap and the
    portfolio and per query (the query text holds the caller's scope and filters). Raises
    graph.CycleError if stored data somehow holds a cycle."""
    try:
        sql = str(items.order_by().query)
    except EmptyResultSet:  # a query that can match nothing (e.g. `pk__in=[]`)
        return _analyse(items)
    scope = hashlib.sha256(sql.encode()).hexdigest()
    return _MEMO.get(ANALYSIS_KEYS, ("roadmap-analysis", scope), lambda: _analyse(items))


def _analyse(items: QuerySet[RoadmapItem]) -> Analysis:
    rows = _item_rows(items)
    by_id = {item.pk: item for item in rows}
    deps = [
        DependencyRow(*d)
        for d in Dependency.objects.filter(
            predecessor_id__in=items.values("pk"), successor_id__in=items.values("pk")
        )
        .order_by("id")
        .values_list(*DEPENDENCY_FIELDS)
        if d[1] in by_id and d[2] in by_id
    ]
    for d in deps:
        d.predecessor = by_id[d.predecessor_id]
        d.successor = by_id[d.successor_id]
    rows.sort(key=lambda item: (item.start, item.code))
    nodes = [node_of(item) for item in rows]
    edges = [edge_of(d) for d in deps]
    sched = graph.schedule(graph.build(nodes, edges))
    rows = _grouped(rows, sched)
    return Analysis(
        items=rows,
        dependencies=deps,
        schedule=sched,
        critical_paths=graph.critical_paths(sched),
        violations=graph.violations(nodes, edges),
        by_id=by_id,
    )


def _grouped(rows: list[ItemRow], sched: graph.Schedule) -> list[ItemRow]:
    """Linked items together (groups by first start), each group in schedule order."""
    pos, comp = sched.graph.pos, sched.component
    first: dict[int, int] = {}
    for item in rows:
        c = comp[pos[item.pk]]
        first.setdefault(c, sched.es[pos[item.pk]])
    return sorted(
        rows,
        key=lambda item: (
            first[comp[pos[item.pk]]],
            comp[pos[item.pk]],
            sched.es[pos[item.pk]],
            sched.rank[pos[item.pk]],
        ),
    )
