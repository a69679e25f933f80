"""Roadmap panels for other apps' pages, so that those apps need not import the roadmap.

The measure page loads `{% load roadmap_tags %}{% measure_roadmap measure %}`: the measure's
roadmap items, with their dates, slack and critical-path marking, as the user may see them.
"""

from __future__ import annotations

from typing import Any

from django import template

from roadmap import selectors

register = template.Library()


@register.inclusion_tag("roadmap/partials/measure_roadmap.html", takes_context=True)
def measure_roadmap(context: dict[str, Any], measure: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = selectors.items_visible_to(user)
    rows: list[dict[str, Any]] = []
    mine = set(visible.filter(measure=measure).values_list("pk", flat=True))
    if mine:
        # Slack and the critical path as on the timeline of the whole roadmap the user sees;
        # they depend only on the items linked to these, so only those are loaded.
        analysis = selectors.analyse(selectors.linked_items(visible, mine))
        rows = [
            selectors.scheduled_row(analysis, item)
            for item in analysis.items
            if item.measure_id == measure.pk
        ]
    return {"rows": rows, "measure": measure}


@register.filter
def can_plan_roadmap(user: Any) -> bool:
    """May the user create roadmap items (the office or an actor representative)?"""
    from roadmap import policies

    return policies.can_plan(user)
