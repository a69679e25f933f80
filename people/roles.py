"""Roles are Django groups; object scoping (which actor a user speaks for) lives in portfolio.

Core does not import this module: `PeopleConfig.ready` tells core the role facts it needs
(core.access)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

PORTFOLIO_OFFICE = "portfolio_office"
ACTOR_REPRESENTATIVE = "actor_representative"
WORKING_GROUP = "working_group"
STEERING_GROUP = "steering_group"
INTEGRATOR = "integrator"

ROLE_LABELS = {
    PORTFOLIO_OFFICE: _("Portfolio office"),
    ACTOR_REPRESENTATIVE: _("Actor representative"),
    WORKING_GROUP: _("Working-group assessor"),
    STEERING_GROUP: _("Steering-group member"),
    INTEGRATOR: _("Integrator"),
}


def role_names(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user: Any, role: str) -> bool:
    return role in role_names(user)


def is_office(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, PORTFOLIO_OFFICE)


def ensure_groups() -> None:
    for name in ROLE_LABELS:
        Group.objects.get_or_create(name=name)


__all__ = [
    "ACTOR_REPRESENTATIVE",
    "INTEGRATOR",
    "PORTFOLIO_OFFICE",
    "ROLE_LABELS",
    "STEERING_GROUP",
    "WORKING_GROUP",
    "ensure_groups",
    "has_role",
    "is_office",
    "role_names",
]
