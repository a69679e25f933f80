"""Template side of core.policy: `{{ person|person_for:request }}`."""

from __future__ import annotations

from typing import Any

from django import template

from core.policy import person_label

register = template.Library()


@register.filter
def person_for(person: Any, request: Any) -> str:
    """A staff member's name for the office, their role and organisation for everyone else."""
    return person_label(person, getattr(request, "user", None)) or "–"
