"""One FilterSet per model, shared by the REST API and the UI."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import IntegerFilter
from scoring.choices import JobKind, JobStatus, Target
from scoring.models import Job, Scenario, Score, ScoringModel


class ScoringModelFilterSet(filters.FilterSet):
    class Meta:
        model = ScoringModel
        fields = ["target", "active", "version"]


class ScoreFilterSet(filters.FilterSet):
    target = filters.ChoiceFilter(choices=Target.choices, label=_("Target"))
    object_id = filters.BaseInFilter(field_name="object_id", label=_("Object ids"))
    min_value = filters.NumberFilter(field_name="value", lookup_expr="gte", label=_("Score from"))
    max_value = filters.NumberFilter(field_name="value", lookup_expr="lte", label=_("Score to"))
    model_version = IntegerFilter(field_name="model__version", label=_("Model version"))

    class Meta:
        model = Score
        fields = ["target", "object_id", "model", "excluded"]


class JobFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=JobKind.choices)
    status = filters.MultipleChoiceFilter(choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["kind", "status"]


class ScenarioFilterSet(filters.FilterSet):
    committed = filters.BooleanFilter(
        field_name="committed_at", lookup_expr="isnull", exclude=True, label=_("Committed")
    )

    class Meta:
        model = Scenario
        fields = ["saved", "committed"]
