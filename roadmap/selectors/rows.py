"""Items and dependencies as plain rows (no model instances): what the analysis and the pages
listing many items read, and the bridge from rows to `roadmap.graph`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from portfolio.models import Actor, NationalSolution
from roadmap import graph
from roadmap.choices import Decision, DependencyKind, ItemKind
from roadmap.models import RoadmapItem


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
