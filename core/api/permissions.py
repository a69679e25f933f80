from __future__ import annotations

from typing import Any

from rest_framework import permissions

from core.models import IntegratorToken


def token_of(request: Any) -> IntegratorToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, IntegratorToken) else None


class RoleScopedPermission(permissions.BasePermission):
    """Reads are open (querysets are scoped by selectors); writes need a login, and a
    token needs the read-write scope. Object rules live in each app's services."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        token = token_of(request)
        return token is None or token.can_write


class OfficeWritesPermission(RoleScopedPermission):
    """Reference data: anyone reads, only the portfolio office writes."""

    def has_permission(self, request: Any, view: Any) -> bool:
        from core.roles import is_office

        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or is_office(request.user)
