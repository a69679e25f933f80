"""The role facts core needs, told to it by the `people` app (which owns people and roles).

Core sits below `people` and never imports it: `PeopleConfig.ready` calls `register(...)`,
and core's policy, history, API permissions and token pages ask the functions below. Until
something registers (a bare core), only a superuser counts as the office and no role has a
label.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


@dataclass
class _Roles:
    is_office: Callable[[Any], bool] = _superuser
    labels: Mapping[str, Any] = field(default_factory=dict)
    office: str = "portfolio_office"
    integrator: str = "integrator"


_roles = _Roles()


def register(
    *, is_office: Callable[[Any], bool], labels: Mapping[str, Any], office: str, integrator: str
) -> None:
    """Called once by `people` at start-up."""
    _roles.is_office = is_office
    _roles.labels = labels
    _roles.office = office
    _roles.integrator = integrator


def is_office(user: Any) -> bool:
    """The portfolio office (or a superuser): sees and manages everything."""
    return _roles.is_office(user)


def role_labels() -> Mapping[str, Any]:
    """Role (group) name -> label people read ("Actor representative"), in display order."""
    return _roles.labels


def role_label(name: str) -> str:
    return str(_roles.labels.get(name, name))


def office_role() -> str:
    return _roles.office


def integrator_role() -> str:
    """The group of login-less users that integrator tokens belong to."""
    return _roles.integrator
