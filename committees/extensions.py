"""How the committees' outcomes show in the portfolio's pages without the portfolio importing
committees: panels in core's slots, and a `recommended_by` filter added to the portfolio's one
measure FilterSet (UI list, API and schema), reading the reverse relation
`committee_recommendations`."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.extensions import register_slot


def _request(context: Any) -> Any:
    return context.get("request") if hasattr(context, "get") else None


def measure_panel(context: Any, measure: Any) -> str:
    from committees import policies, selectors

    recs = selectors.recommendations_for(measure)
    if not recs:
        return ""
    request = _request(context)
    user = getattr(request, "user", None)
    rows = [
        {
            "rec": r,
            "meeting_visible": policies.can_see_meeting(user, r.decision.agenda_item.meeting),
        }
        for r in recs
    ]
    return render_to_string(
        "committees/slots/measure_recommendations.html", {"rows": rows}, request=request
    )


def public_measure_panel(context: Any, measure: Any) -> str:
    from committees import selectors

    recs = selectors.recommendations_for(measure)
    if not recs:
        return ""
    return render_to_string(
        "committees/slots/public_measure_recommendations.html",
        {"recs": recs},
        request=_request(context),
    )


def public_index_panel(context: Any, obj: Any = None) -> str:
    from committees import selectors
    from portfolio.selectors import public_measures

    recs = selectors.recommended_measures(public_measures().values("id"))
    return render_to_string(
        "committees/slots/public_recommendations.html", {"recs": recs}, request=_request(context)
    )


def filter_recommended_by(qs: QuerySet, name: str, value: Any) -> QuerySet:
    if not value:
        return qs
    return qs.filter(committee_recommendations__committee=value).distinct()


def connect() -> None:
    from committees.models import Committee
    from portfolio.filtersets import MeasureFilterSet

    register_slot("measure-detail", measure_panel)
    register_slot("public-measure-detail", public_measure_panel)
    register_slot("public-index", public_index_panel)
    if "recommended_by" not in MeasureFilterSet.base_filters:
        MeasureFilterSet.base_filters["recommended_by"] = filters.ModelChoiceFilter(
            queryset=Committee.objects.all(),
            method=filter_recommended_by,
            label=_("Recommended by committee"),
        )
