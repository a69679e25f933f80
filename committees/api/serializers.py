from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from committees import policies
from committees.models import AgendaItem, Committee, Decision, Meeting, Membership, Minutes
from core.policy import VisibleRelatedField
from covid_intake.choices import DecisionOutcome


class CommitteeMembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation_label", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person_name", "actor", "organisation", "role"]


class CommitteeSerializer(serializers.ModelSerializer):
    members = CommitteeMembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "name",
            "short_name",
            "slug",
            "description",
            "mandate",
            "mandate_valid_from",
            "mandate_valid_to",
            "members",
        ]


class MeetingMinutesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Minutes
        fields = ["present", "text", "approved_at_meeting", "approved_on", "published_at"]


class CommitteeMeetingSerializer(serializers.ModelSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "state",
            "agenda_published_at",
            "minutes",
        ]
        read_only_fields = ["state", "agenda_published_at"]

    @extend_schema_field(MeetingMinutesSerializer(allow_null=True))
    def get_minutes(self, meeting: Meeting) -> dict[str, Any] | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not policies.can_see_minutes(user, meeting):
            return None
        return MeetingMinutesSerializer(meeting.minutes).data


class MeetingMinutesDraftSerializer(serializers.Serializer):
    text = serializers.CharField()
    present = serializers.CharField(required=False, allow_blank=True, default="")


def _visible_meetings(user: Any, token: Any) -> Any:
    return policies.visible_meetings(user)


class MeetingMinutesApproveSerializer(serializers.Serializer):
    approved_at_meeting = VisibleRelatedField(visible=_visible_meetings)


def _material(name: str) -> Any:
    """A kind of linked material: only what the caller may link (policies.linkable_material)."""
    return VisibleRelatedField(
        visible=lambda user, token: policies.linkable_material(user, token)[name],
        many=True,
        required=False,
    )


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = VisibleRelatedField(visible=_visible_meetings)
    case = serializers.CharField(source="case_label", read_only=True, help_text='e.g. "31/20".')
    measures = _material("measures")
    suggestions = _material("suggestions")
    scenarios = _material("scenarios")
    roadmap_items = _material("roadmap_items")
    baselines = _material("baselines")
    reports = _material("reports")

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "committee",
            "position",
            "title",
            "description",
            "case_type",
            "presenter",
            "starts_at",
            "ends_at",
            "case_year",
            "case_number",
            "case",
            "measures",
            "suggestions",
            "scenarios",
            "roadmap_items",
            "baselines",
            "reports",
        ]
        read_only_fields = ["committee", "case_year", "case_number"]
        extra_kwargs = {"position": {"required": False}}
        validators: list[Any] = []  # the service checks positions and names the field


class CommitteeDecisionSerializer(serializers.ModelSerializer):
    agenda_item = VisibleRelatedField(
        visible=lambda user, _token: policies.visible_agenda_items(user)
    )
    case = serializers.CharField(source="agenda_item.case_label", read_only=True)
    committee = serializers.CharField(source="agenda_item.committee.short_name", read_only=True)
    scenario = VisibleRelatedField(
        visible=lambda user, token: policies.linkable_material(user, token)["scenarios"],
        required=False,
        allow_null=True,
    )
    suggestion = VisibleRelatedField(
        visible=lambda user, token: policies.linkable_material(user, token)["suggestions"],
        required=False,
        allow_null=True,
    )
    suggestion_outcome = serializers.ChoiceField(
        choices=DecisionOutcome.choices, required=False, allow_blank=True
    )
    recommended_measures = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "agenda_item",
            "committee",
            "case",
            "text",
            "effect",
            "scenario",
            "suggestion",
            "suggestion_outcome",
            "decided_on",
            "recommended_measures",
        ]
        read_only_fields = ["decided_on"]

    def get_recommended_measures(self, decision: Decision) -> list[int]:
        return sorted(r.measure_id for r in decision.recommendations.all())
