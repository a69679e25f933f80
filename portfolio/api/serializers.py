from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.fields import PrimaryKeyListField, SlugListField
from core.validators import check_period
from portfolio.choices import BudgetKind, FundingSource, TargetGroupCode
from portfolio.measure_fields import API_FIELDS, CODES, MANY, MEASURE_FIELDS
from portfolio.models import (
    Actor,
    BudgetLine,
    Measure,
    NationalSolution,
    ReportingPeriod,
    Segment,
    StatusReport,
    StrategicGoal,
    TargetGroup,
)

# declared many-to-many field -> its kind (the serializer builds them, see MeasureSerializer)
MANY_KINDS = {f.name: f.kind for f in MEASURE_FIELDS if f.api and f.kind in MANY}
MONEY = {"max_digits": 16, "decimal_places": 2, "min_value": 0}


class ActorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "short_name", "name"]


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "short_name", "kind", "organisation_number", "created", "updated"]
        read_only_fields = ["created", "updated"]


class SegmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Segment
        fields = ["id", "name", "description", "follow_up_level", "sort_order"]


class NationalSolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NationalSolution
        fields = ["id", "code", "name", "area", "description", "parent"]


class StrategicGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicGoal
        fields = ["id", "code", "name"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "name", "start", "end", "due"]


class BudgetLineSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=BudgetKind.choices)
    funding_source = serializers.ChoiceField(
        choices=FundingSource.choices, default=FundingSource.OWN
    )
    planned = serializers.DecimalField(**MONEY)
    actual = serializers.DecimalField(**MONEY, required=False, allow_null=True)

    class Meta:
        model = BudgetLine
        fields = ["year", "kind", "funding_source", "planned", "actual"]


class StatusReportSerializer(serializers.ModelSerializer):
    period_name = serializers.CharField(source="period.name", read_only=True)

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "period",
            "period_name",
            "overall",
            "cost",
            "schedule",
            "benefits",
            "commentary",
            "forecast_end_date",
            "cost_forecast",
            "created",
        ]
        read_only_fields = ["created"]


class MeasureSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    owner_detail = ActorBriefSerializer(source="owner", read_only=True)
    segment = serializers.PrimaryKeyRelatedField(
        queryset=Segment.objects.all(), required=False, allow_null=True
    )
    target_groups = SlugListField(
        slug_field="code",
        queryset=TargetGroup.objects.all(),
        many=True,
        required=False,
        help_text=f"Codes: {', '.join(TargetGroupCode.values)}",
    )
    budget_lines = BudgetLineSerializer(many=True, required=False)
    latest_status = StatusReportSerializer(read_only=True, allow_null=True)
    total_cost_frame = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    meets_entry_criteria = serializers.BooleanField(read_only=True)

    def build_relational_field(self, field_name: str, relation_info: Any) -> Any:
        """Declared many-to-many fields: references with a code are read and written by code,
        actors by id (both as strict lists)."""
        kind = MANY_KINDS.get(field_name)
        if kind is None:
            return super().build_relational_field(field_name, relation_info)
        kwargs = {"queryset": relation_info.related_model.objects.all(), "many": True}
        kwargs["required"] = False
        if kind == CODES:
            return SlugListField, {"slug_field": "code", **kwargs}
        return PrimaryKeyListField, kwargs

    def to_internal_value(self, data: Any) -> Any:
        """Lower-case codes are upper-cased rather than refused."""
        if isinstance(data, Mapping) and isinstance(data.get("code"), str):
            data = data.copy()
            data["code"] = data["code"].strip().upper()
        return super().to_internal_value(data)

    class Meta:
        model = Measure
        # the declared fields (portfolio/measure_fields.py), then what the API adds
        fields = [
            "id",
            *API_FIELDS,
            "owner_detail",
            "meets_entry_criteria",
            "state",
            "version",
            "archived_at",
            "budget_lines",
            "latest_status",
            "created",
            "updated",
        ]
        read_only_fields = ["state", "version", "archived_at", "created", "updated"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        check_period(start, end, end_field="end_date")  # DRF reports it under end_date
        lines = attrs.get("budget_lines") or []
        keys = [(b["year"], b["kind"], b.get("funding_source", "own")) for b in lines]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError(
                {"budget_lines": _("Two budget lines have the same year, kind and funding source.")}
            )
        return attrs


class SummaryRowSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    measures = serializers.IntegerField()
    planned = serializers.DecimalField(max_digits=18, decimal_places=2)


class PortfolioSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    measures = serializers.IntegerField()
    measures_with_budget = serializers.IntegerField()
    planned = serializers.DecimalField(max_digits=18, decimal_places=2)
    planned_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    planned_operating = serializers.DecimalField(max_digits=18, decimal_places=2)
    actual = serializers.DecimalField(max_digits=18, decimal_places=2)
    operating_next_year = serializers.DecimalField(max_digits=18, decimal_places=2)
    operating_change_next_year = serializers.DecimalField(max_digits=18, decimal_places=2)
    by_actor = SummaryRowSerializer(many=True)
    by_segment = SummaryRowSerializer(many=True)
    by_phase = SummaryRowSerializer(many=True)


class SummaryQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class ObjectChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    time = serializers.DateTimeField()
    action = serializers.CharField()
    user = serializers.CharField(source="user_name")
    token = serializers.CharField(source="token.name", allow_null=True, default=None)
    request_id = serializers.UUIDField()
    object_type = serializers.CharField(source="content_type.model")
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    changes = serializers.JSONField()
    message = serializers.CharField()
