"""Reads of the roadmap, scoped to the caller, and the bridge from rows to `roadmap.graph`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from portfolio.models import Actor
from roadmap import graph, policies
from roadmap.choices import DependencyKind
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem

FS_KINDS = (
    DependencyKind.FINISH_TO_START,
    DependencyKind.DELIVERS_CAPABILITY,
    DependencyKind.ADOPTS_SOLUTION,
)


def items_visible_to(user: Any, token: Any = None) -> QuerySet[RoadmapItem]:
    """The rule is `roadmap.policies.visible_items`."""
    return policies.visible_items(user, token)


def item_list(user: Any, token: Any = None) -> QuerySet[RoadmapItem]:
    return items_visible_to(user, token).select_related("actor", "measure", "national_solution")


def dependencies_visible_to(user: Any, token: Any = None) -> QuerySet[Dependency]:
    return policies.visible_dependencies(user, token).select_related(
        "predecessor", "successor", "predecessor__actor", "successor__actor"
    )


def adoption_plans_visible_to(user: Any, token: Any = None) -> QuerySet[AdoptionPlan]:
    return policies.visible_adoption_plans(user, token).select_related(
        "actor", "national_solution", "item"
    )


def challenges_visible_to(user: Any, token: Any = None) -> QuerySet[Challenge]:
    return policies.visible_challenges(user, token).select_related("item", "item__actor")


def item_detail(user: Any, pk: int, token: Any = None) -> RoadmapItem | None:
    return (
        item_list(user, token)
        .prefetch_related(
            Prefetch("challenges"),
            Prefetch(
                "predecessor_links",
                queryset=policies.visible_dependencies(user, token).select_related(
                    "predecessor", "predecessor__actor"
                ),
            ),
            Prefetch(
                "successor_links",
                queryset=policies.visible_dependencies(user, token).select_related(
                    "successor", "successor__actor"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def day(value: dt.date) -> int:
    return value.toordinal()


def date_of(day_number: int) -> dt.date:
    return dt.date.fromordinal(day_number)


def node_of(item: RoadmapItem) -> graph.Node:
    start = item.start
    return graph.Node(
        id=item.pk,
        start=day(start),
        duration=max(0, (item.end - start).days),
        actor=item.actor_id,
        name=item.name,
    )


def edge_of(dep: Dependency) -> graph.Edge:
    return graph.Edge(dep.predecessor_id, dep.successor_id, dep.kind, dep.lag_days)


@dataclass
class Analysis:
    """Everything the timeline, the graph view and the API need about a set of items."""

    items: list[RoadmapItem]
    dependencies: list[Dependency]
    schedule: graph.Schedule
    critical_paths: list[list[int]]
    violations: list[graph.Violation]
    by_id: dict[int, RoadmapItem] = field(default_factory=dict)

    @property
    def critical_path(self) -> list[int]:
        return self.critical_paths[0] if self.critical_paths else []

    @property
    def critical_ids(self) -> set[int]:
        return {i for path in self.critical_paths for i in path}

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


def analyse(items: QuerySet[RoadmapItem]) -> Analysis:
    """Load the items and the dependencies among them (two queries) and run the graph
    analysis. Raises graph.CycleError if stored data somehow holds a cycle."""
    rows = list(items.select_related("actor", "measure", "national_solution").order_by())
    by_id = {item.pk: item for item in rows}
    deps = [
        d
        for d in Dependency.objects.filter(
            predecessor_id__in=items.values("pk"), successor_id__in=items.values("pk")
        ).order_by("id")
        if d.predecessor_id in by_id and d.successor_id in by_id
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


def _grouped(rows: list[RoadmapItem], sched: graph.Schedule) -> list[RoadmapItem]:
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


def actors_by_id(ids: list[int]) -> dict[int, Actor]:
    return Actor.objects.in_bulk(ids)


def measure_prerequisites() -> list[tuple[int, int]]:
    """(measure_id, prerequisite_measure_id) pairs: a measure's item must wait for the
    other measure's item to finish (finish-to-start, delivers a capability, adopts a
    solution). Used by the scoring optimiser; pairs within one measure are left out."""
    pairs = (
        Dependency.objects.filter(
            kind__in=FS_KINDS,
            predecessor__measure__isnull=False,
            successor__measure__isnull=False,
        )
        .exclude(predecessor__measure=F("successor__measure"))
        .values_list("successor__measure_id", "predecessor__measure_id")
        .distinct()
    )
    return sorted(set(pairs))


def scheduled_row(analysis: Analysis, item: RoadmapItem) -> dict[str, Any]:
    """One item with its dates and its place in the schedule (plain data for API and UI)."""
    return {
        "id": item.pk,
        "code": item.code,
        "name": item.name,
        "actor": item.actor_id,
        "actor_name": item.actor.short_name,
        "decision": item.decision,
        "kind": item.kind,
        "start": item.start,
        "end": item.end,
        **analysis.row(item.pk),
    }


def critical_path_report(analysis: Analysis) -> dict[str, Any]:
    rows = {item.pk: scheduled_row(analysis, item) for item in analysis.items}
    paths = [[rows[i] for i in path] for path in analysis.critical_paths]
    return {
        "critical_path": paths[0] if paths else [],
        "paths": paths,
        "items": list(rows.values()),
    }


def impact_report(analysis: Analysis, item_id: int, days: int) -> dict[str, Any]:
    """What moves, by how much and whose, if the item finishes `days` later."""
    result = analysis.slip(item_id, days)
    actors = actors_by_id(result.affected_actors)
    moved = []
    for m in result.moved:
        item = analysis.by_id[m.id]
        moved.append(
            {
                "id": m.id,
                "code": item.code,
                "name": item.name,
                "actor": item.actor_id,
                "actor_name": item.actor.short_name,
                "start_shift_days": m.start_shift,
                "end_shift_days": m.end_shift,
                "new_start": date_of(m.new_start),
                "new_end": date_of(m.new_end),
            }
        )
    return {
        "item": analysis.by_id[item_id],
        "slip_days": days,
        "moved": moved,
        "affected_actors": [actors[a] for a in result.affected_actors if a in actors],
    }


def violation_report(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {
            "predecessor": analysis.by_id[v.predecessor],
            "successor": analysis.by_id[v.successor],
            "kind": v.kind,
            "kind_label": DependencyKind(v.kind).label,
            "lag_days": v.lag,
            "required_date": date_of(v.required),
            "planned_date": date_of(v.planned),
            "days_short": v.days_short,
        }
        for v in analysis.violations
    ]
