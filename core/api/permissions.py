from __future__ import annotations

from typing import Any

from rest_framework import permissions

from core.access import is_office
from core.models import IntegratorToken
from core.policy import PolicyPermission


def token_of(request: Any) -> IntegratorToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, IntegratorToken) else None


class RoleScopedPermission(PolicyPermission):
    """Reads are open (querysets are the apps' policies' visible sets); writes need a login,
    and a token needs the read-write scope. Object rules: the apps' `policies.py`, required
    by their services. (The mechanism is core.policy.PolicyPermission.)"""


class OfficeWritesPermission(RoleScopedPermission):
    """Reference data: anyone reads, only the portfolio office writes."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or is_office(request.user)
