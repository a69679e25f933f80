"""What every scoring write checks first: the caller is the portfolio office."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.policy import require
from scoring import policies


def require_office(user: Any) -> None:
    require(policies.can_manage_scoring(user), _("Only the portfolio office may do this."))


def user_or_none(user: Any) -> Any:
    """The user to record as author (None for the system and anonymous callers)."""
    ok = getattr(user, "is_authenticated", False) and getattr(user, "pk", None)
    return user if ok else None
