"""Template context: the signed-in user's roles (for menus and page parts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from people import roles as roles_module


def roles(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    names = roles_module.role_names(user)
    return {
        "is_office": roles_module.is_office(user),
        "user_roles": names,
        "is_representative": roles_module.ACTOR_REPRESENTATIVE in names,
        "is_assessor": roles_module.WORKING_GROUP in names,
        "is_steering": roles_module.STEERING_GROUP in names,
    }
