from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import SlugListField, StrictCharField
from core.policy import VisibleRelatedField, caller, person_label
from covid_intake import policies
from covid_intake.choices import DecisionOutcome
from covid_intake.criteria import CODES, SCORE_MAX, SCORE_MIN
from covid_intake.models import (
    Assessment,
    Attachment,
    Category,
    Decision,
    MeasureOverlap,
    Suggestion,
    WorkingGroup,
)
from portfolio.choices import TargetGroupCode
from portfolio.models import Actor, TargetGroup
from portfolio.policies import visible_measures


def _person(serializer: serializers.Serializer, person: Any) -> str | None:
    request = serializer.context.get("request")
    user, token = caller(request) if request is not None else (None, None)
    return person_label(person, user, token)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "description", "sort_order"]


class WorkingGroupSerializer(serializers.ModelSerializer):
    """Members are named to the office; everyone else (integrators included) reads each
    member as role and organisation (data minimisation, as in the history)."""

    members = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_members(self, group: WorkingGroup) -> list[str]:
        user, token = caller(self.context.get("request"))
        return [person_label(m, user, token) or "" for m in group.members.all()]

    class Meta:
        model = WorkingGroup
        fields = ["id", "name", "description", "members"]


class SuggestionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Suggestion
        fields = ["id", "reference", "title", "status"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "filename", "content_type", "size"]


class SuggestionSerializer(serializers.ModelSerializer):
    """Create (office, integrators with write scope) and read. Workflow fields change only
    through the transition endpoints."""

    target_groups = SlugListField(
        slug_field="code",
        queryset=TargetGroup.objects.all(),
        many=True,
        required=False,
        help_text=f"Codes: {', '.join(TargetGroupCode.values)}",
    )
    proposed_category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    category_name = serializers.CharField(
        source="category.name", read_only=True, default=None, allow_null=True
    )
    working_group_name = serializers.CharField(
        source="working_group.name", read_only=True, default=None, allow_null=True
    )
    merged_into = SuggestionBriefSerializer(read_only=True, allow_null=True)
    assessment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "problem",
            "submitter_name",
            "submitter_email",
            "submitter_organisation",
            "target_groups",
            "proposed_category",
            "category",
            "category_name",
            "working_group",
            "working_group_name",
            "status",
            "source",
            "received_at",
            "merged_into",
            "promoted_measure",
            "assessment_count",
            "created",
            "updated",
        ]
        read_only_fields = [
            "reference",
            "category",
            "working_group",
            "status",
            "source",
            "received_at",
            "promoted_measure",
            "created",
            "updated",
        ]

    def to_representation(self, instance: Suggestion) -> dict[str, Any]:
        """The sender's personal data only for those who may see it (the office)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        user, token = caller(request) if request is not None else (None, None)
        if not policies.can_see_personal_data(user, token):
            for name in policies.PERSONAL_FIELDS:
                if name in data:
                    data[name] = ""
        return data


class SuggestionDetailSerializer(SuggestionSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    merged_suggestions = SuggestionBriefSerializer(many=True, read_only=True)

    class Meta(SuggestionSerializer.Meta):
        fields = [*SuggestionSerializer.Meta.fields, "attachments", "merged_suggestions"]


class AssessmentSerializer(serializers.ModelSerializer):
    assessor = serializers.SerializerMethodField(
        help_text="A name for the office, the role and organisation for others."
    )

    class Meta:
        model = Assessment
        fields = ["id", "assessor", *CODES, "comment", "created", "updated"]
        read_only_fields = ["created", "updated"]
        extra_kwargs = {c: {"min_value": SCORE_MIN, "max_value": SCORE_MAX} for c in CODES}

    def get_assessor(self, obj: Assessment) -> str | None:
        return _person(self, obj.assessor)


class CombinedScoreSerializer(serializers.Serializer):
    assessments = serializers.IntegerField()
    means = serializers.DictField(child=serializers.FloatField())
    spreads = serializers.DictField(child=serializers.IntegerField())
    overall = serializers.FloatField(allow_null=True)
    disputed = serializers.ListField(child=serializers.CharField())
    disagreement = serializers.BooleanField()


class AssessmentListSerializer(serializers.Serializer):
    combined = CombinedScoreSerializer()
    assessments = AssessmentSerializer(many=True)


class DecisionSerializer(serializers.ModelSerializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decided_by = serializers.SerializerMethodField(
        help_text="A name for the office, the role and organisation for others."
    )
    proposed_owner = serializers.PrimaryKeyRelatedField(
        queryset=Actor.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Decision
        fields = ["id", "outcome", "reason", "proposed_owner", "decided_by", "decided_at"]
        read_only_fields = ["decided_at"]

    def get_decided_by(self, obj: Decision) -> str | None:
        return _person(self, obj.decided_by)


class SimilarItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField(help_text="Reference of a suggestion or code of a measure.")
    title = serializers.CharField()
    status = serializers.CharField()
    score = serializers.FloatField(help_text="Text similarity from 0 to 1.")
    likely_duplicate = serializers.BooleanField()


class SimilarSerializer(serializers.Serializer):
    suggestions = SimilarItemSerializer(many=True)
    measures = SimilarItemSerializer(many=True)


class TriageSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    working_group = serializers.PrimaryKeyRelatedField(
        queryset=WorkingGroup.objects.all(), required=False, allow_null=True
    )


class AssignSerializer(serializers.Serializer):
    working_group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all())


class MergeSerializer(serializers.Serializer):
    duplicates = VisibleRelatedField(
        visible=policies.visible_suggestions,
        many=True,
        help_text="Suggestions to merge into this one.",
    )

    def validate_duplicates(self, value: list[Any]) -> list[Any]:
        if not value:
            raise serializers.ValidationError("Choose at least one suggestion.")
        return value


class OverlapSerializer(serializers.ModelSerializer):
    measure = VisibleRelatedField(visible=visible_measures)
    measure_code = serializers.CharField(source="measure.code", read_only=True)

    class Meta:
        model = MeasureOverlap
        fields = ["id", "measure", "measure_code", "note"]


class PromoteSerializer(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="Owner actor; defaults to the one the steering group proposed.",
    )
    code = StrictCharField(required=False, allow_blank=True, max_length=20)


class PromoteResultSerializer(serializers.Serializer):
    suggestion = SuggestionBriefSerializer()
    measure = serializers.IntegerField(source="measure.pk")
    measure_code = serializers.CharField(source="measure.code")
