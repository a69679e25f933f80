from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.policy import VisibleRelatedField, caller
from core.validators import check_period
from portfolio.api.serializers import ActorBriefSerializer
from portfolio.models import Actor, NationalSolution
from roadmap import policies
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem


class RoadmapItemBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoadmapItem
        fields = ["id", "code", "name", "actor"]


class RoadmapItemSerializer(serializers.ModelSerializer):
    actor = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    actor_detail = ActorBriefSerializer(source="actor", read_only=True)
    measure = VisibleRelatedField(
        visible=policies.linkable_measures,
        required=False,
        allow_null=True,
        help_text="Shown (and accepted) only when the caller may see the measure.",
    )
    measure_code = serializers.CharField(source="measure.code", read_only=True, default=None)
    national_solution = serializers.PrimaryKeyRelatedField(
        queryset=NationalSolution.objects.all(), required=False, allow_null=True
    )
    national_solution_code = serializers.CharField(
        source="national_solution.code", read_only=True, default=None
    )
    duration_days = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Filled in from the planned dates."
    )
    start = serializers.DateField(read_only=True, help_text="Forecast start, else planned start.")
    end = serializers.DateField(read_only=True, help_text="Forecast end, else planned end.")

    class Meta:
        model = RoadmapItem
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "description",
            "measure",
            "measure_code",
            "national_solution",
            "national_solution_code",
            "actor",
            "actor_detail",
            "phase",
            "planned_start",
            "planned_end",
            "forecast_start",
            "forecast_end",
            "duration_days",
            "start",
            "end",
            "decision",
            "published",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = ["version", "created", "updated"]
        validators: list = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("planned_start", getattr(self.instance, "planned_start", None))
        end = attrs.get("planned_end", getattr(self.instance, "planned_end", None))
        check_period(start, end, end_field="planned_end")  # DRF reports it under planned_end
        return attrs

    def to_representation(self, instance: RoadmapItem) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user, token = caller(request) if request is not None else (None, None)
        if instance.measure_id and not policies.can_view_linked_measure(
            user, instance.measure, token
        ):
            data["measure"] = None
            data["measure_code"] = None
        return data


class DependencySerializer(serializers.ModelSerializer):
    predecessor = VisibleRelatedField(visible=policies.visible_items)
    successor = VisibleRelatedField(visible=policies.visible_items)
    predecessor_detail = RoadmapItemBriefSerializer(source="predecessor", read_only=True)
    successor_detail = RoadmapItemBriefSerializer(source="successor", read_only=True)
    lag_days = serializers.IntegerField(min_value=-3650, max_value=3650, default=0)

    class Meta:
        model = Dependency
        fields = [
            "id",
            "predecessor",
            "predecessor_detail",
            "successor",
            "successor_detail",
            "kind",
            "lag_days",
            "note",
            "cross_actor",
            "created",
            "updated",
        ]
        read_only_fields = ["cross_actor", "created", "updated"]
        validators: list = []


class AdoptionPlanSerializer(serializers.ModelSerializer):
    actor = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    actor_detail = ActorBriefSerializer(source="actor", read_only=True)
    national_solution = serializers.PrimaryKeyRelatedField(queryset=NationalSolution.objects.all())
    national_solution_code = serializers.CharField(source="national_solution.code", read_only=True)
    item = VisibleRelatedField(visible=policies.visible_items, required=False, allow_null=True)

    class Meta:
        model = AdoptionPlan
        fields = [
            "id",
            "actor",
            "actor_detail",
            "national_solution",
            "national_solution_code",
            "planned_date",
            "decision",
            "status",
            "item",
            "note",
            "published",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        validators: list = []


class ChallengeSerializer(serializers.ModelSerializer):
    item = VisibleRelatedField(visible=policies.visible_items)
    item_detail = RoadmapItemBriefSerializer(source="item", read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "item",
            "item_detail",
            "title",
            "description",
            "severity",
            "mitigation",
            "resolved",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]


class ScheduledItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    actor = serializers.IntegerField()
    actor_name = serializers.CharField()
    decision = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    earliest_start = serializers.DateField()
    earliest_end = serializers.DateField()
    latest_start = serializers.DateField()
    latest_end = serializers.DateField()
    slack_days = serializers.IntegerField()
    critical = serializers.BooleanField()


class CriticalPathItemSerializer(ScheduledItemSerializer):
    path = serializers.IntegerField(
        allow_null=True,
        help_text="The critical path the item lies on: 0 is the one with the longest span, "
        "then one per group of linked items; null for an item on no critical path "
        "(`?items=all`).",
    )


class MovedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    actor = serializers.IntegerField()
    actor_name = serializers.CharField()
    start_shift_days = serializers.IntegerField()
    end_shift_days = serializers.IntegerField()
    new_start = serializers.DateField()
    new_end = serializers.DateField()


class ImpactSerializer(serializers.Serializer):
    item = RoadmapItemBriefSerializer()
    slip_days = serializers.IntegerField()
    moved = MovedItemSerializer(many=True)
    affected_actors = ActorBriefSerializer(many=True)


class ImpactQuerySerializer(serializers.Serializer):
    slip_days = serializers.IntegerField(
        min_value=1, max_value=3650, help_text="How many days the item finishes later."
    )


class ViolationSerializer(serializers.Serializer):
    predecessor = RoadmapItemBriefSerializer()
    successor = RoadmapItemBriefSerializer()
    kind = serializers.CharField()
    lag_days = serializers.IntegerField()
    required_date = serializers.DateField(
        help_text="Earliest start (finish for finish-to-finish) the dependency allows."
    )
    planned_date = serializers.DateField()
    days_short = serializers.IntegerField()
