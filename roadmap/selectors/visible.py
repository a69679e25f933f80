"""Reads of the roadmap scoped to the caller (the rules are `roadmap.policies`), and the
model objects of the few rows a page shows."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

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
