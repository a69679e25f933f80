"""Who may do what on the roadmap: every access rule of the app, in one place.

Services enforce these rules (and raise PermissionDenied / ValidationError naming the
field), views use them to show or hide buttons, forms to limit their choices. The office
(without an actor-scoped token) may do everything; an actor representative writes the
items, adoption plans, challenges and dependencies of the actors they speak for; anyone
signed in may save a scenario, only its author or the office change it, only the office
applies one to the plan or publishes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.roles import is_office
from portfolio.models import Actor, Measure, NationalSolution
from portfolio.selectors import actor_ids_of, measures_visible_to


def acts_as_office(user: Any, token: Any = None) -> bool:
    """The office, unless it acts through a token limited to one actor."""
    return is_office(user) and (token is None or not getattr(token, "actor_id", None))


def can_edit_actor(user: Any, actor_id: int | None, token: Any = None) -> bool:
    """May the caller write roadmap data of this actor?"""
    if acts_as_office(user, token):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return actor_id in actor_ids_of(user, token)


def can_edit_item(user: Any, item: Any, token: Any = None) -> bool:
    return can_edit_actor(user, item.actor_id, token)


def can_edit_dependency(user: Any, dependency: Any, token: Any = None) -> bool:
    """Either end's actor may declare, change or remove a dependency."""
    return can_edit_actor(user, dependency.predecessor.actor_id, token) or can_edit_actor(
        user, dependency.successor.actor_id, token
    )


def can_edit_adoption_plan(user: Any, plan: Any, token: Any = None) -> bool:
    return can_edit_actor(user, plan.actor_id, token)


def can_edit_challenge(user: Any, challenge: Any, token: Any = None) -> bool:
    return can_edit_item(user, challenge.item, token)


def can_plan(user: Any, token: Any = None) -> bool:
    """May the caller create roadmap data at all (the office, or a representative of some
    actor)?"""
    return acts_as_office(user, token) or bool(
        getattr(user, "is_authenticated", False) and actor_ids_of(user, token)
    )


def can_publish(user: Any, token: Any = None) -> bool:
    return acts_as_office(user, token)


def scenarios_visible_to(user: Any) -> QuerySet[Any]:
    """The office sees every scenario; anyone else the scenarios they saved (a scenario may
    name items other users cannot see)."""
    from roadmap.models import RoadmapScenario

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
    return measures_visible_to(user, token)


def solution_choices() -> QuerySet[NationalSolution]:
    """The national solutions are public reference data."""
    return NationalSolution.objects.all()


def may_link_measure(user: Any, measure: Measure | None, token: Any = None) -> bool:
    return measure is None or measure_choices(user, token).filter(pk=measure.pk).exists()
