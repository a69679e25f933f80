"""One FilterSet per model, shared by the REST API and the UI."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from committees.choices import CaseType, Effect, MeetingState
from committees.models import AgendaItem, Committee, Decision, Meeting
from core.api.filters import IntegerFilter


class CommitteeFilterSet(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Committee
        fields = ["q", "slug", "short_name"]


class MeetingFilterSet(filters.FilterSet):
    committee = filters.ModelChoiceFilter(queryset=Committee.objects.all(), label=_("Committee"))
    state = filters.MultipleChoiceFilter(choices=MeetingState.choices, label=_("State"))
    starts_after = filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("On or after")
    )
    starts_before = filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("On or before")
    )

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
    decided_after = filters.DateFilter(
        field_name="decided_on", lookup_expr="gte", label=_("On or after")
    )

    class Meta:
        model = Decision
        fields = ["committee", "effect", "decided_after"]
