"""Reads of the roadmap, scoped to the caller, and the bridge from rows to `roadmap.graph`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import F, Prefetch, Q, QuerySet

from core import data_version
from portfolio.models import Actor, NationalSolution
from roadmap import graph, policies
from roadmap.choices import Decision, DependencyKind, ItemKind
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


@dataclass(frozen=True, slots=True)
class ActorRef:
    """The few fields of an actor the roadmap pages show."""

    pk: int
    short_name: str
    name: str

    @property
    def id(self) -> int:
        return self.pk

    def __str__(self) -> str:
        return self.short_name


@dataclass(slots=True)
class ItemRow:
    """A roadmap item as plain data (no model instance): what the analysis and its pages
    read. Pages turn only the rows they show into full objects (`full_items`)."""

    pk: int
    code: str
    name: str
    kind: str
    decision: str
    phase: str
    start: dt.date
    end: dt.date
    actor_id: int
    actor: ActorRef
    measure_id: int | None
    national_solution_id: int | None
    published: bool
    version: int
    national_solution: Any = None

    @property
    def id(self) -> int:
        return self.pk

    @property
    def is_decided(self) -> bool:
        return self.decision == Decision.DECIDED

    def get_kind_display(self) -> str:
        return str(ItemKind(self.kind).label) if self.kind in ItemKind.values else self.kind

    def get_decision_display(self) -> str:
        return (
            str(Decision(self.decision).label)
            if self.decision in Decision.values
            else self.decision
        )

    def __str__(self) -> str:
        return self.name


@dataclass(slots=True)
class DependencyRow:
    """A dependency as plain data, its ends as `ItemRow`s."""

    pk: int
    predecessor_id: int
    successor_id: int
    kind: str
    lag_days: int
    note: str
    cross_actor: bool
    predecessor: ItemRow | None = None
    successor: ItemRow | None = None

    @property
    def id(self) -> int:
        return self.pk

    def get_kind_display(self) -> str:
        return (
            str(DependencyKind(self.kind).label)
            if self.kind in DependencyKind.values
            else self.kind
        )


def node_of(item: Any) -> graph.Node:
    start = item.start
    return graph.Node(
        id=item.pk,
        start=day(start),
        duration=max(0, (item.end - start).days),
        actor=item.actor_id,
        name=item.name,
    )


def edge_of(dep: Any) -> graph.Edge:
    return graph.Edge(dep.predecessor_id, dep.successor_id, dep.kind, dep.lag_days)


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


ITEM_FIELDS = (
    "pk",
    "code",
    "name",
    "kind",
    "decision",
    "phase",
    "planned_start",
    "forecast_start",
    "forecast_end",
    "duration_days",
    "actor_id",
    "measure_id",
    "national_solution_id",
    "published",
    "version",
)
DEPENDENCY_FIELDS = (
    "pk",
    "predecessor_id",
    "successor_id",
    "kind",
    "lag_days",
    "note",
    "cross_actor",
)
# what the analysis depends on: the items and dependencies, the actors' names, and the
# measures (whose visibility is part of what a caller may see)
ANALYSIS_KEYS = ("roadmap", "portfolio")


def item_rows(items: QuerySet[RoadmapItem], *, with_solutions: bool = False) -> list[ItemRow]:
    """The items as plain rows in the query's order (pages listing every item); with
    `with_solutions` each row's `national_solution` holds the solution (one more query)."""
    rows = _item_rows(items, keep_order=True)
    if with_solutions:
        ids = {r.national_solution_id for r in rows if r.national_solution_id}
        solutions = NationalSolution.objects.only("pk", "code", "name").in_bulk(ids)
        for r in rows:
            r.national_solution = solutions.get(r.national_solution_id)
    return rows


def _item_rows(items: QuerySet[RoadmapItem], *, keep_order: bool = False) -> list[ItemRow]:
    """The items as plain rows (one query, no model instances; actor names from a dict)."""
    raw = list((items if keep_order else items.order_by()).values_list(*ITEM_FIELDS))
    actor_ids = {r[10] for r in raw}
    actors = {
        pk: ActorRef(pk, short, name)
        for pk, short, name in Actor.objects.filter(pk__in=actor_ids).values_list(
            "pk", "short_name", "name"
        )
    }
    rows = []
    for (
        pk,
        code,
        name,
        kind,
        decision,
        phase,
        planned_start,
        forecast_start,
        forecast_end,
        duration_days,
        actor_id,
        measure_id,
        solution_id,
        published,
        version,
    ) in raw:
        # the same rule as RoadmapItem.start / .end
        start = forecast_start or planned_start
        end = forecast_end or start + dt.timedelta(days=duration_days or 0)
        rows.append(
            ItemRow(
                pk,
                code,
                name,
                kind,
                decision,
                phase,
                start,
                end,
                actor_id,
                actors[actor_id],
                measure_id,
                solution_id,
                published,
                version,
            )
        )
    return rows


# The analyses this process used last, in front of the shared cache: at national scale
# (50 000 items) unpickling one from the cache costs seconds, reading it here nothing. The
# key holds the data versions, so a stale entry is never read; callers only read an Analysis.
MEMO_SIZE = 4
_MEMO: OrderedDict[str, Analysis] = OrderedDict()


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
    token = data_version.current_many(ANALYSIS_KEYS)
    name = ":".join(("roadmap-analysis", data_version.CACHE_SALT, token, scope))
    found = _MEMO.get(name)
    if found is not None:
        _MEMO.move_to_end(name)
        return found
    found = cache.get(name)
    if found is None:
        found = _analyse(items)
        cache.set(name, found, data_version.CACHE_SECONDS)
    _MEMO[name] = found
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return found


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


def full_items_in(items: QuerySet[RoadmapItem]) -> dict[int, RoadmapItem]:
    """Every item of the query as a model object, by id (exports): one query."""
    return items.select_related("actor", "measure", "national_solution").order_by().in_bulk()


def full_items(ids: Any) -> dict[int, RoadmapItem]:
    """The model objects of the given items (the rows a page shows), by id: one query."""
    return (
        RoadmapItem.objects.select_related("actor", "measure", "national_solution")
        .filter(pk__in=list(ids))
        .in_bulk()
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


def linked_items(visible: QuerySet[RoadmapItem], seeds: set[int]) -> QuerySet[RoadmapItem]:
    """The seed items and every visible item linked to them by scheduling dependencies, in
    either direction (their group): the schedule, slack and critical path of an item depend
    on its group only, so a page about a few items need not load the whole roadmap.
    Breadth-first, one query per level."""
    seen = set(seeds)
    frontier = set(seeds)
    while frontier:
        rows = Dependency.objects.filter(
            Q(predecessor_id__in=frontier) | Q(successor_id__in=frontier),
            kind__in=graph.SCHEDULING_KINDS,
            predecessor__in=visible,
            successor__in=visible,
        ).values_list("predecessor_id", "successor_id")
        frontier = {i for pair in rows for i in pair} - seen
        seen |= frontier
    return visible.filter(pk__in=seen)


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


def scheduled_row(analysis: Analysis, item: Any) -> dict[str, Any]:
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


def _shift(value: dt.date, days: int) -> dt.date:
    return value + dt.timedelta(days=days)


def change_report(analysis: Analysis, changes: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """What moves, by how much and whose, if items change dates: `changes` maps an item id
    to (start shift, end shift) in days. The one computation behind the what-if page, the
    preview of a move on the timeline and the named scenarios.

    Returns `changed` (the items changed on purpose, with their new dates), `moved` (every
    other item pushed, in schedule order), `affected_actors` (whose items are pushed), and
    whether the critical path changes (`critical_changes`, `critical_added`,
    `critical_removed`, `new_critical_path`)."""
    result = graph.propagate(analysis.schedule, changes)
    actors = actors_by_id(result.affected_actors)
    changed = []
    for item_id, (start_days, end_days) in changes.items():
        item = analysis.by_id[item_id]
        changed.append(
            {
                "id": item_id,
                "code": item.code,
                "name": item.name,
                "actor": item.actor_id,
                "actor_name": item.actor.short_name,
                "start_shift_days": start_days,
                "end_shift_days": end_days,
                "old_start": item.start,
                "old_end": item.end,
                "new_start": _shift(item.start, start_days),
                "new_end": _shift(item.end, end_days),
            }
        )
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
                "old_start": item.start,
                "old_end": item.end,
                "new_start": date_of(m.new_start),
                "new_end": date_of(m.new_end),
            }
        )
    dates = {r["id"]: (r["new_start"], r["new_end"]) for r in [*changed, *moved]}
    after = _critical_after(analysis, dates)
    before = analysis.critical_ids
    return {
        "changed": changed,
        "moved": moved,
        "dates": dates,
        "affected_actors": [actors[a] for a in result.affected_actors if a in actors],
        "critical_changes": after["ids"] != before or after["path"] != analysis.critical_path,
        "critical_added": [analysis.by_id[i] for i in after["path"] if i not in before],
        "critical_removed": [
            analysis.by_id[i] for i in analysis.critical_path if i not in after["ids"]
        ],
        "new_critical_path": [analysis.by_id[i] for i in after["path"]],
    }


def _critical_after(analysis: Analysis, dates: dict[int, tuple[dt.date, dt.date]]) -> dict:
    """The critical paths once some items have new dates (one more schedule pass)."""
    nodes = []
    for item in analysis.items:
        node = node_of(item)
        if item.pk in dates:
            start, end = dates[item.pk]
            node = graph.Node(
                item.pk, day(start), max(0, (end - start).days), item.actor_id, item.name
            )
        nodes.append(node)
    sched = graph.schedule(graph.build(nodes, [edge_of(d) for d in analysis.dependencies]))
    paths = graph.critical_paths(sched)
    return {"path": paths[0] if paths else [], "ids": {i for p in paths for i in p}}


def impact_report(analysis: Analysis, item_id: int, days: int) -> dict[str, Any]:
    """What moves, by how much and whose, if the item finishes `days` later."""
    if days <= 0:
        report = change_report(analysis, {})
    else:
        report = change_report(analysis, {item_id: (0, days)})
    return {**report, "item": analysis.by_id[item_id], "slip_days": days}


def scenario_report(user: Any, scenario: Any, token: Any = None) -> dict[str, Any]:
    """A saved scenario against the plan the caller sees: the same computation as the
    what-if, with every slip of the scenario at once."""
    analysis = analyse(items_visible_to(user, token))
    slips = [s for s in scenario.slips.all() if s.item_id in analysis.by_id]
    report = change_report(analysis, {s.item_id: (0, s.days) for s in slips})
    return {**report, "analysis": analysis, "slips": slips}


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
