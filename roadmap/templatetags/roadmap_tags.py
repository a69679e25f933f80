"""Template helpers of the roadmap's own pages (panels on other apps' pages are slots:
roadmap/slots.py)."""

from __future__ import annotations

from typing import Any

from django import template

from roadmap import policies

register = template.Library()


@register.filter
def can_plan_roadmap(user: Any) -> bool:
    """May the user create roadmap items (the office or an actor representative)?"""
    return policies.can_plan(user)
