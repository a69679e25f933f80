from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictCharField, StrictSlugField
from scoring.choices import JobKind, Source, Target
from scoring.models import Criterion, Job, Scenario, Score, ScoringModel


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["key", "label", "source", "weight", "excludes"]


class ScoringModelSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ScoringModel
        fields = ["id", "target", "version", "active", "note", "created_by", "created", "criteria"]


class CriterionInputSerializer(serializers.Serializer):
    key = StrictSlugField(max_length=40)
    label = StrictCharField(max_length=120, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Source.choices)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    excludes = serializers.BooleanField(required=False, default=False)


class ScoringModelCreateSerializer(serializers.Serializer):
    """A new version: new weights on the criteria of `based_on` (default: the active version),
    or a full list of criteria."""

    target = serializers.ChoiceField(choices=Target.choices)
    weights = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0),
        required=False,
    )
    criteria = CriterionInputSerializer(many=True, required=False)
    based_on = serializers.PrimaryKeyRelatedField(
        queryset=ScoringModel.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    activate = serializers.BooleanField(required=False, default=True)


class ScoreSerializer(serializers.ModelSerializer):
    model_version = serializers.IntegerField(source="model.version", read_only=True)
    breakdown = serializers.JSONField(
        read_only=True,
        help_text="Per criterion: raw and normalised value (0–1), weight and contribution in points.",
    )

    class Meta:
        model = Score
        fields = [
            "target",
            "object_id",
            "value",
            "excluded",
            "breakdown",
            "model",
            "model_version",
            "computed_at",
        ]


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    scenario = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "params",
            "result",
            "error",
            "attempts",
            "requested_by",
            "created",
            "started_at",
            "finished_at",
            "scenario",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_scenario(self, job: Job) -> int | None:
        scenario = getattr(job, "scenario", None)
        return scenario.pk if scenario else None


class OptimiseParamsSerializer(serializers.Serializer):
    limits = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0),
        help_text=_('Budget limit (NOK) per year, e.g. {"2021": 900000000}.'),
    )
    forced_in = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    forced_out = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class JobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=JobKind.choices)
    params = OptimiseParamsSerializer(required=False, help_text=_("Only for optimise."))
    name = StrictCharField(required=False, allow_blank=True, default="", max_length=120)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == JobKind.OPTIMISE and not attrs.get("params"):
            raise serializers.ValidationError({"params": _("Give the budget limits.")})
        return attrs


class ScenarioSerializer(serializers.ModelSerializer):
    job = JobSerializer(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    committed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id",
            "name",
            "saved",
            "params",
            "result",
            "job",
            "created_by",
            "created",
            "committed_at",
            "committed_by",
        ]


class ScenarioCreateSerializer(OptimiseParamsSerializer):
    name = StrictCharField(max_length=120)


class ScenarioSaveSerializer(serializers.Serializer):
    name = StrictCharField(max_length=120)


class ScenarioCompareSerializer(serializers.Serializer):
    a = serializers.IntegerField()
    b = serializers.IntegerField()
    only_in_a = serializers.ListField(child=serializers.IntegerField())
    only_in_b = serializers.ListField(child=serializers.IntegerField())
    in_both = serializers.ListField(child=serializers.IntegerField())
    total_score = serializers.DictField(child=serializers.FloatField(allow_null=True))
    years = serializers.ListField(child=serializers.DictField())
