"""One FilterSet per model, shared by the API and the UI. The status matrix filters measures
with portfolio's MeasureFilterSet (actor, segment, national solution, phase)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from portfolio.filtersets import MeasureFilterSet
from reporting.choices import ReportState, RoundKind, RoundState
from reporting.models import PortfolioReport, ReportingRound

MATRIX_FILTERS = ("owner", "segment", "national_solution", "phase")


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ReportingRoundFilterSet(filters.FilterSet):
    state = filters.ChoiceFilter(choices=RoundState.choices, label=_("State"))
    kind = filters.ChoiceFilter(choices=RoundKind.choices, label=_("Kind"))
    year = IntegerFilter(
        field_name="period__start__year", label=_("Year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = ReportingRound
        fields = ["state", "kind", "year"]


class PortfolioReportFilterSet(filters.FilterSet):
    state = filters.ChoiceFilter(choices=ReportState.choices, label=_("State"))
    round = IntegerFilter(field_name="round_id", label=_("Round"), min_value=1)

    class Meta:
        model = PortfolioReport
        fields = ["state", "round"]


__all__ = [
    "MATRIX_FILTERS",
    "MeasureFilterSet",
    "PortfolioReportFilterSet",
    "ReportingRoundFilterSet",
]
