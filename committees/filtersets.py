"""One FilterSet per model, shared by the REST API and the UI, and the committees' filter on
the portfolio's measure list.

`extend_measure_filterset()` (called in CommitteesConfig.ready) adds a `recommended_by`
filter to `portfolio.filtersets.MeasureFilterSet`: the measure list (UI, API and OpenAPI
schema) can then be filtered by the committee that recommended a measure, through the reverse
relation `measure.committee_recommendations`, while portfolio knows nothing of committees.
This is the sanctioned way for a higher app to extend a lower app's list: the lower app
declares its one FilterSet, the higher app adds its filter to `base_filters` once, at
start-up. (Panels on a lower app's pages go through `core.slots`; effects through
`core.events`.)"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from committees.choices import CaseType, Effect, MeetingState
from committees.models import AgendaItem, Committee, Decision, Meeting
from core.api.filters import IntegerFilter
from core.filter_ui import date_from, date_until
from portfolio.filtersets import MeasureFilterSet


class CommitteeFilterSet(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Committee
        fields = ["q", "slug", "short_name"]


class MeetingFilterSet(filters.FilterSet):
    committee = filters.ModelChoiceFilter(queryset=Committee.objects.all(), label=_("Committee"))
    state = filters.MultipleChoiceFilter(choices=MeetingState.choices, label=_("State"))
    starts_after = date_from("starts_at", _("On or after"), of_datetime=True)
    starts_before = date_until("starts_at", _("On or before"), of_datetime=True)

    class Meta:
        model = Meeting
        fields = ["committee", "state", "starts_after", "starts_before"]


class AgendaItemFilterSet(filters.FilterSet):
    meeting = IntegerFilter(field_name="meeting_id", label=_("Meeting"))
    committee = filters.ModelChoiceFilter(queryset=Committee.objects.all(), label=_("Committee"))
    case_type = filters.MultipleChoiceFilter(choices=CaseType.choices, label=_("Case type"))
    case_year = IntegerFilter(label=_("Case year"))
    measure = IntegerFilter(field_name="measures", label=_("Linked measure"))

    class Meta:
        model = AgendaItem
        fields = ["meeting", "committee", "case_type", "case_year", "measure"]


class DecisionFilterSet(filters.FilterSet):
    committee = filters.ModelChoiceFilter(
        field_name="agenda_item__committee", queryset=Committee.objects.all(), label=_("Committee")
    )
    effect = filters.MultipleChoiceFilter(choices=Effect.choices, label=_("Effect"))
    decided_after = date_from("decided_on", _("On or after"))

    class Meta:
        model = Decision
        fields = ["committee", "effect", "decided_after"]


def filter_recommended_by(qs: QuerySet, name: str, value: Any) -> QuerySet:
    if not value:
        return qs
    return qs.filter(committee_recommendations__committee=value).distinct()


def extend_measure_filterset() -> None:
    """Add `recommended_by` to the portfolio's MeasureFilterSet (once)."""
    if "recommended_by" not in MeasureFilterSet.base_filters:
        MeasureFilterSet.base_filters["recommended_by"] = filters.ModelChoiceFilter(
            queryset=Committee.objects.all(),
            method=filter_recommended_by,
            label=_("Recommended by committee"),
        )
