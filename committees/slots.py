"""What the committees show on other apps' pages without those apps importing committees:
panels in core's slots (the measure page, the public measure page and the public overview),
registered by `register()` in CommitteesConfig.ready."""

from __future__ import annotations

from typing import Any

from committees import policies, selectors
from core import slots as core_slots
from portfolio.selectors import public_measures


def measure_panel(request: Any, *, measure: Any, **_: Any) -> dict[str, Any] | None:
    recs = selectors.recommendations_for(measure)
    if not recs:
        return None
    user = getattr(request, "user", None)
    rows = [
        {
            "rec": r,
            "meeting_visible": policies.can_see_meeting(user, r.decision.agenda_item.meeting),
        }
        for r in recs
    ]
    return {"rows": rows}


def public_measure_panel(request: Any, *, measure: Any, **_: Any) -> dict[str, Any] | None:
    recs = selectors.recommendations_for(measure)
    return {"recs": recs} if recs else None


def public_index_panel(request: Any, **_: Any) -> dict[str, Any]:
    return {"recs": selectors.recommended_measures(public_measures().values("id"))}


def register() -> None:
    core_slots.register(
        "measure-detail",
        template="committees/slots/measure_recommendations.html",
        context=measure_panel,
    )
    core_slots.register(
        "public-measure-detail",
        template="committees/slots/public_measure_recommendations.html",
        context=public_measure_panel,
    )
    core_slots.register(
        "public-index",
        template="committees/slots/public_recommendations.html",
        context=public_index_panel,
    )
