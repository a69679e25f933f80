"""Who may manage people and roles: the portfolio office."""

from __future__ import annotations

from typing import Any

from people.roles import is_office


def can_manage_people(user: Any, token: Any = None) -> bool:
    """The office manages users and their roles (never through an integrator token)."""
    return bool(getattr(user, "is_authenticated", False)) and token is None and is_office(user)
