"""One FilterSet per model, shared by the REST API and the staff UI."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filter_ui import date_from, date_until
from core.policy import caller
from covid_intake import policies
from covid_intake.choices import SuggestionSource, SuggestionStatus
from covid_intake.models import Category, Suggestion, WorkingGroup
from portfolio.choices import TargetGroupCode


class SuggestionFilterSet(filters.FilterSet):
    """Filters and order of suggestions. Rows come newest first (`DEFAULT_ORDERING`); the API
    sorts by `?ordering=` over `ORDERING_FIELDS`."""

    DEFAULT_ORDERING = ("-received_at", "-id")
    ORDERING_FIELDS = ("reference", "received_at", "title", "status")

    q = filters.CharFilter(method="search", label=_("Search"))
    status = filters.MultipleChoiceFilter(choices=SuggestionStatus.choices, label=_("Status"))
    category = filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.all(), label=_("Category")
    )
    uncategorised = filters.BooleanFilter(
        field_name="category", lookup_expr="isnull", label=_("Uncategorised")
    )
    working_group = filters.ModelMultipleChoiceFilter(
        queryset=WorkingGroup.objects.all(), label=_("Working group")
    )
    source = filters.MultipleChoiceFilter(choices=SuggestionSource.choices, label=_("Source"))
    target_group = filters.MultipleChoiceFilter(
        field_name="target_groups__code",
        choices=TargetGroupCode.choices,
        label=_("Target group"),
        distinct=True,
    )
    received_after = date_from("received_at", _("Received on or after"), of_datetime=True)
    received_before = date_until("received_at", _("Received on or before"), of_datetime=True)

    class Meta:
        model = Suggestion
        fields = [
            "q",
            "status",
            "category",
            "uncategorised",
            "working_group",
            "source",
            "target_group",
            "received_after",
            "received_before",
        ]

    def __init__(self, data: Any = None, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        if queryset is not None:
            queryset = queryset.order_by(*self.DEFAULT_ORDERING)
        super().__init__(data, queryset, **kwargs)

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        """The sender's organisation is searched only for who may see it (no oracle)."""
        cond = (
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(description__icontains=value)
        )
        if policies.can_see_personal_data(*caller(self.request)):
            cond |= Q(submitter_organisation__icontains=value)
        return qs.filter(cond)


class CategoryFilterSet(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Category
        fields = ["q", "code"]
