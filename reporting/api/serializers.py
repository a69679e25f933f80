from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.permissions import token_of
from portfolio.models import Baseline, Measure
from reporting import policies
from reporting.choices import ReportedLight, RoundKind
from reporting.models import PortfolioReport, ReportingRound

LIGHTS = ReportedLight.choices
MONEY = {"max_digits": 16, "decimal_places": 2}


class ReportingRoundSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="period.name", read_only=True)
    period = serializers.IntegerField(source="period_id", read_only=True)
    start = serializers.DateField(source="period.start", read_only=True)
    end = serializers.DateField(source="period.end", read_only=True)

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "name",
            "period",
            "kind",
            "state",
            "start",
            "end",
            "deadline",
            "message",
            "created",
            "closed_at",
        ]
        read_only_fields = fields


class RoundOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RoundKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(min_value=1, max_value=4)
    deadline = serializers.DateField()
    message = serializers.CharField(required=False, allow_blank=True, default="")


class StatusSubmitSerializer(serializers.Serializer):
    measure = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.all())
    overall = serializers.ChoiceField(choices=LIGHTS)
    cost = serializers.ChoiceField(choices=LIGHTS)
    schedule = serializers.ChoiceField(choices=LIGHTS)
    benefits = serializers.ChoiceField(choices=LIGHTS)
    commentary = serializers.CharField(required=False, allow_blank=True, default="")
    forecast_end_date = serializers.DateField(required=False, allow_null=True, default=None)
    cost_forecast = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, default=None, min_value=0
    )


class StatusReportOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    measure = serializers.IntegerField(source="measure_id")
    period = serializers.IntegerField(source="period_id")
    overall = serializers.CharField()
    cost = serializers.CharField()
    schedule = serializers.CharField()
    benefits = serializers.CharField()
    commentary = serializers.CharField()
    forecast_end_date = serializers.DateField(allow_null=True)
    cost_forecast = serializers.DecimalField(**MONEY, allow_null=True)
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()


class CompletionSerializer(serializers.Serializer):
    actor = serializers.CharField()
    asked = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    percent = serializers.IntegerField()


class PortfolioReportSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=ReportingRound.objects.all())
    baseline = serializers.PrimaryKeyRelatedField(
        queryset=Baseline.objects.all(), required=False, allow_null=True
    )
    version = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField()

    class Meta:
        model = PortfolioReport
        fields = [
            "id",
            "title",
            "round",
            "baseline",
            "introduction",
            "decisions",
            "state",
            "published_at",
            "version",
            "content",
        ]
        read_only_fields = ["state", "published_at"]

    def _full(self) -> bool:
        request = self.context.get("request")
        return bool(request) and policies.sees_full_reports(request.user, token_of(request))

    @extend_schema_field(serializers.ChoiceField(choices=["full", "public"]))
    def get_version(self, obj: PortfolioReport) -> str:
        return "full" if self._full() else "public"

    @extend_schema_field(serializers.JSONField())
    def get_content(self, obj: PortfolioReport) -> dict[str, Any]:
        return obj.content if self._full() else obj.public_content


class PortfolioReportUpdateSerializer(PortfolioReportSerializer):
    class Meta(PortfolioReportSerializer.Meta):
        read_only_fields = ["state", "published_at", "round"]
