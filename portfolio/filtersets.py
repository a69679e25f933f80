"""One FilterSet per model, shared by the REST API and the staff UI."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filter_ui import date_from, date_until
from portfolio.choices import (
    ActorKind,
    MeasureState,
    MeasureType,
    Phase,
    TargetGroupCode,
    TrafficLight,
)
from portfolio.models import (
    Actor,
    BudgetLine,
    Measure,
    NationalSolution,
    Segment,
    StatusReport,
)
from portfolio.selectors import has_budget_in


class ActorFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Search"))
    kind = filters.MultipleChoiceFilter(choices=ActorKind.choices)

    class Meta:
        model = Actor
        fields = ["kind", "organisation_number", "short_name"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class SegmentFilterSet(filters.FilterSet):
    class Meta:
        model = Segment
        fields = ["follow_up_level"]


class NationalSolutionFilterSet(filters.FilterSet):
    class Meta:
        model = NationalSolution
        fields = ["area", "parent"]


class MeasureFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Search"))
    owner = filters.ModelMultipleChoiceFilter(queryset=Actor.objects.all(), label=_("Actor"))
    actor = filters.ModelChoiceFilter(
        queryset=Actor.objects.all(), method="filter_actor", label=_("Owner or partner")
    )
    segment = filters.ModelMultipleChoiceFilter(queryset=Segment.objects.all(), label=_("Segment"))
    phase = filters.MultipleChoiceFilter(choices=Phase.choices, label=_("Phase"))
    measure_type = filters.MultipleChoiceFilter(choices=MeasureType.choices, label=_("Type"))
    state = filters.MultipleChoiceFilter(choices=MeasureState.choices, label=_("State"))
    status = filters.MultipleChoiceFilter(
        choices=TrafficLight.choices, method="filter_status", label=_("Status (overall)")
    )
    year = filters.NumberFilter(
        method="filter_year", label=_("Has budget in year"), min_value=2000, max_value=2100
    )
    national_solution = filters.ModelMultipleChoiceFilter(
        field_name="national_solutions",
        queryset=NationalSolution.objects.all(),
        label=_("National solution"),
    )
    target_group = filters.MultipleChoiceFilter(
        field_name="target_groups__code",
        choices=TargetGroupCode.choices,
        label=_("Target group"),
        distinct=True,
    )
    published = filters.BooleanFilter(label=_("Published"))
    start_after = date_from("start_date", _("Starts on or after"))
    end_before = date_until("end_date", _("Ends on or before"))

    class Meta:
        model = Measure
        fields = [
            "q",
            "owner",
            "actor",
            "segment",
            "phase",
            "measure_type",
            "state",
            "status",
            "year",
            "national_solution",
            "target_group",
            "published",
            "start_after",
            "end_before",
        ]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(purpose__icontains=value)
        )

    def filter_actor(self, qs: QuerySet, name: str, value: Actor) -> QuerySet:
        if not value:
            return qs
        return qs.filter(Q(owner=value) | Q(partners=value)).distinct()

    def filter_status(self, qs: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return qs
        cond = Q(latest_status__overall__in=value)
        if TrafficLight.NOT_REPORTED in value:
            cond |= Q(latest_status__isnull=True)
        return qs.filter(cond)

    def filter_year(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        return qs.filter(has_budget_in(int(value))) if value is not None else qs


class BudgetLineFilterSet(filters.FilterSet):
    class Meta:
        model = BudgetLine
        fields = ["year", "kind", "funding_source"]


class StatusReportFilterSet(filters.FilterSet):
    class Meta:
        model = StatusReport
        fields = ["period", "overall"]
