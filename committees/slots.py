"""How the committees' outcomes show in the portfolio's pages without the portfolio importing
committees: panels in core's slots, and a `recommended_by` filter added to the portfolio's one
measure FilterSet (UI list, API and schema), reading the reverse relation
`committee_recommendations`."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import slots


def measure_panel(request: Any, *, measure: Any, **_: Any) -> dict[str, Any] | None:
    from committees import policies, selectors

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
    from committees import selectors

    recs = selectors.recommendations_for(measure)
    return {"recs": recs} if recs else None


def public_index_panel(request: Any, **_: Any) -> dict[str, Any]:
    from committees import selectors
    from portfolio.selectors import public_measures

    return {"recs": selectors.recommended_measures(public_measures().values("id"))}


def filter_recommended_by(qs: QuerySet, name: str, value: Any) -> QuerySet:
    if not value:
        return qs
    return qs.filter(committee_recommendations__committee=value).distinct()


def connect() -> None:
    from committees.models import Committee
    from portfolio.filtersets import MeasureFilterSet

    slots.register(
        "measure-detail",
        template="committees/slots/measure_recommendations.html",
        context=measure_panel,
    )
    slots.register(
        "public-measure-detail",
        template="committees/slots/public_measure_recommendations.html",
        context=public_measure_panel,
    )
    slots.register(
        "public-index",
        template="committees/slots/public_recommendations.html",
        context=public_index_panel,
    )
    if "recommended_by" not in MeasureFilterSet.base_filters:
        MeasureFilterSet.base_filters["recommended_by"] = filters.ModelChoiceFilter(
            queryset=Committee.objects.all(),
            method=filter_recommended_by,
            label=_("Recommended by committee"),
        )
