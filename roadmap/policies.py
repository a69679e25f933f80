"""Who may see and do what on the roadmap: the only place these rules are written.

Seeing: the office sees everything; everyone else sees published items (and adoption plans)
plus all of the actors they speak for. A dependency is visible when both its items are; a
challenge when its item is. A roadmap item's link to a measure is shown only to those who
may see that measure (portfolio.policies).

Doing: the office does everything (and alone publishes and applies scenarios); a
representative (or an actor token with write scope) plans for the actors they speak for;
anyone signed in may save a roadmap scenario, which only its author and the office see and
change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.policy import sees_everything
from portfolio.models import Actor, Measure, NationalSolution
from portfolio.policies import actor_ids_of, can_view_measure, visible_measures
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem, RoadmapScenario

__all__ = [
    "visible_items",
    "visible_dependencies",
    "visible_adoption_plans",
    "visible_challenges",
    "visible_measures",
    "can_view_item",
    "can_view_linked_measure",
    "can_edit_actor",
    "can_edit_item",
    "can_edit_dependency",
    "can_edit_adoption_plan",
    "can_edit_challenge",
    "can_publish",
    "OFFICE_ONLY_FIELDS",
    "can_plan",
    "scenarios_visible_to",
    "can_create_scenario",
    "can_edit_scenario",
    "can_apply_scenario",
    "actor_choices",
    "measure_choices",
    "solution_choices",
    "may_link_measure",
]

# Fields only the office may change on items and adoption plans.
OFFICE_ONLY_FIELDS = frozenset({"published"})


def visible_items(user: Any, token: Any = None) -> QuerySet[RoadmapItem]:
    if sees_everything(user, token):
        return RoadmapItem.objects.all()
    return RoadmapItem.objects.filter(Q(published=True) | Q(actor_id__in=actor_ids_of(user, token)))


def can_view_item(user: Any, item: RoadmapItem, token: Any = None) -> bool:
    return (
        sees_everything(user, token) or item.published or item.actor_id in actor_ids_of(user, token)
    )


def visible_dependencies(user: Any, token: Any = None) -> QuerySet[Dependency]:
    """A dependency is visible when both of its items are."""
    qs = Dependency.objects.all()
    if not sees_everything(user, token):
        own = actor_ids_of(user, token)
        qs = qs.filter(
            Q(predecessor__published=True) | Q(predecessor__actor_id__in=own),
            Q(successor__published=True) | Q(successor__actor_id__in=own),
        )
    return qs


def visible_adoption_plans(user: Any, token: Any = None) -> QuerySet[AdoptionPlan]:
    qs = AdoptionPlan.objects.all()
    if not sees_everything(user, token):
        qs = qs.filter(Q(published=True) | Q(actor_id__in=actor_ids_of(user, token)))
    return qs


def visible_challenges(user: Any, token: Any = None) -> QuerySet[Challenge]:
    return Challenge.objects.filter(item__in=visible_items(user, token))


def can_view_linked_measure(user: Any, measure: Measure | None, token: Any = None) -> bool:
    """An item's measure link (id, code) is shown only to who may see the measure."""
    return measure is not None and can_view_measure(user, measure, token)


# --- doing -------------------------------------------------------------------------------


def can_publish(user: Any, token: Any = None) -> bool:
    return getattr(user, "is_authenticated", False) and sees_everything(user, token)


def can_edit_actor(user: Any, actor_id: int | None, token: Any = None) -> bool:
    """May the caller write roadmap data of this actor?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if token is not None and not token.can_write:
        return False
    if sees_everything(user, token):
        return True
    return actor_id in actor_ids_of(user, token)


def can_edit_item(user: Any, item: RoadmapItem, token: Any = None) -> bool:
    return can_edit_actor(user, item.actor_id, token)


def can_edit_dependency(user: Any, dependency: Dependency, token: Any = None) -> bool:
    """Either end's actor may declare, change or remove a dependency."""
    return can_edit_actor(user, dependency.predecessor.actor_id, token) or can_edit_actor(
        user, dependency.successor.actor_id, token
    )


def can_edit_adoption_plan(user: Any, plan: AdoptionPlan, token: Any = None) -> bool:
    return can_edit_actor(user, plan.actor_id, token)


def can_edit_challenge(user: Any, challenge: Challenge, token: Any = None) -> bool:
    return can_edit_item(user, challenge.item, token)


def linkable_measures(user: Any, token: Any = None) -> QuerySet[Measure]:
    """Measures an item may point at: the ones the caller may see."""
    return visible_measures(user, token)


def acts_as_office(user: Any, token: Any = None) -> bool:
    """The office, unless it acts through a token limited to one actor."""
    return sees_everything(user, token)


def can_plan(user: Any, token: Any = None) -> bool:
    """May the caller create roadmap data at all (the office, or a representative of some
    actor)?"""
    return acts_as_office(user, token) or bool(
        getattr(user, "is_authenticated", False) and actor_ids_of(user, token)
    )


def scenarios_visible_to(user: Any) -> QuerySet[Any]:
    """The office sees every scenario; anyone else the scenarios they saved (a scenario may
    name items other users cannot see)."""
    if acts_as_office(user):
        return RoadmapScenario.objects.all()
    if not getattr(user, "is_authenticated", False):
        return RoadmapScenario.objects.none()
    return RoadmapScenario.objects.filter(created_by=user)


def can_create_scenario(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_edit_scenario(user: Any, scenario: Any) -> bool:
    if scenario.applied_at is not None:
        return False
    return acts_as_office(user) or (
        getattr(user, "is_authenticated", False) and scenario.created_by_id == user.pk
    )


def can_apply_scenario(user: Any, scenario: Any) -> bool:
    return acts_as_office(user) and scenario.applied_at is None


# Choices a form may offer (and a service accepts) ------------------------------------------


def actor_choices(user: Any, token: Any = None) -> QuerySet[Actor]:
    """The actors the caller may plan for."""
    if acts_as_office(user, token):
        return Actor.objects.all()
    return Actor.objects.filter(pk__in=actor_ids_of(user, token))


def measure_choices(user: Any, token: Any = None) -> QuerySet[Measure]:
    """A roadmap item may only point at a measure its author can see."""
    return visible_measures(user, token)


def solution_choices() -> QuerySet[NationalSolution]:
    """The national solutions are public reference data."""
    return NationalSolution.objects.all()


def may_link_measure(user: Any, measure: Measure | None, token: Any = None) -> bool:
    return measure is None or measure_choices(user, token).filter(pk=measure.pk).exists()
