"""What the roadmap shows on other apps' pages (registered in RoadmapConfig.ready), so that
those apps need not import the roadmap."""

from __future__ import annotations

from typing import Any

from roadmap import selectors


def measure_roadmap(request: Any, *, measure: Any, **_: Any) -> dict[str, Any]:
    """The measure's roadmap items, with dates, slack and critical-path marking, as the user
    may see them."""
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
