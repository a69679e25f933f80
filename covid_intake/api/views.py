"""The intake API: suggestions (read; create for the office and integrators), categories,
and the workflow steps as explicit POST endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import ErrorSerializer
from core.api.pagination import PageOrCursorPagination
from core.api.permissions import OfficeWritesPermission, token_of
from core.api.views import BaseModelViewSet, BaseReadOnlyViewSet
from core.policy import PolicyPermission, caller, present_history
from core.services import history_for
from covid_intake import policies, selectors, services
from covid_intake.api.serializers import (
    AssessmentListSerializer,
    AssessmentSerializer,
    AssignSerializer,
    CategorySerializer,
    DecisionSerializer,
    MergeSerializer,
    OverlapSerializer,
    PromoteResultSerializer,
    PromoteSerializer,
    SimilarSerializer,
    SuggestionDetailSerializer,
    SuggestionSerializer,
    TriageSerializer,
    WorkingGroupSerializer,
)
from covid_intake.choices import SuggestionSource
from covid_intake.filtersets import CategoryFilterSet, SuggestionFilterSet
from covid_intake.models import Suggestion
from portfolio.api.serializers import ObjectChangeSerializer
from portfolio.policies import visible_measures

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class IntakePermission(PolicyPermission):
    """Suggestions carry personal data: reading needs a login or token
    (`policies.can_use_intake_api`; `policies.visible_suggestions` scopes what is seen).
    Creating is for the office and integrator tokens with write scope
    (`policies.can_submit_via_api`); the public uses the form."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user, token = caller(request)
        if not policies.can_use_intake_api(user, token):
            return False
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) == "create":
            return policies.can_submit_via_api(user, token)
        return True


class CategoryViewSet(BaseModelViewSet):
    """The categories suggestions are sorted into (data, kept by the office)."""

    queryset = selectors.categories()
    serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    permission_classes = [OfficeWritesPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    pagination_class = None


class WorkingGroupViewSet(BaseReadOnlyViewSet):
    queryset = selectors.working_groups()
    serializer_class = WorkingGroupSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None


class SuggestionViewSet(BaseModelViewSet):
    """Suggestions for digital solutions in the pandemic."""

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilterSet
    pagination_class = PageOrCursorPagination
    permission_classes = [IntakePermission]
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = SuggestionFilterSet.ORDERING_FIELDS
    ordering = SuggestionFilterSet.DEFAULT_ORDERING

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        return selectors.suggestion_list(self.request.user, token_of(self.request))

    def get_serializer_class(self) -> Any:
        return SuggestionDetailSerializer if self.action == "retrieve" else SuggestionSerializer

    def perform_create(self, serializer: SuggestionSerializer) -> None:
        data = dict(serializer.validated_data)
        groups = data.pop("target_groups", [])
        serializer.instance = services.suggestion_submit(
            fields=data,
            target_groups=groups,
            source=SuggestionSource.API,
            by=self.request.user,
            token=token_of(self.request),
        )

    def _brief(self, suggestion: Suggestion) -> Response:
        fresh = self.get_queryset().get(pk=suggestion.pk)
        return Response(SuggestionSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=TriageSerializer, responses={200: SuggestionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def triage(self, request: Any, pk: str | None = None) -> Response:
        """Categorise (received → triaged) and optionally assign to a working group."""
        suggestion = self.get_object()
        body = TriageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.suggestion_triage(suggestion=suggestion, by=request.user, **body.validated_data)
        return self._brief(suggestion)

    @extend_schema(request=AssignSerializer, responses={200: SuggestionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def assign(self, request: Any, pk: str | None = None) -> Response:
        """Send to a working group for assessment (→ in assessment)."""
        suggestion = self.get_object()
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.suggestions_assign(
            suggestions=[suggestion], by=request.user, **body.validated_data
        )
        return self._brief(suggestion)

    @extend_schema(request=MergeSerializer, responses={200: SuggestionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def merge(self, request: Any, pk: str | None = None) -> Response:
        """Merge the given duplicates into this suggestion; they are kept and linked."""
        suggestion = self.get_object()
        body = MergeSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        services.suggestions_merge(
            duplicates=body.validated_data["duplicates"], into=suggestion, by=request.user
        )
        return self._brief(suggestion)

    @extend_schema(methods=["get"], responses={200: OverlapSerializer(many=True), **ERRORS})
    @extend_schema(
        methods=["post"], request=OverlapSerializer, responses={201: OverlapSerializer, **ERRORS}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def overlaps(self, request: Any, pk: str | None = None) -> Response:
        """Measures under way that this suggestion overlaps (flagged by the office)."""
        suggestion = self.get_object()
        if request.method == "GET":
            rows = suggestion.overlaps.filter(
                measure__in=visible_measures(request.user, token_of(request))
            ).select_related("measure")
            return Response(OverlapSerializer(rows, many=True).data)
        body = OverlapSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        overlap = services.overlap_flag(
            suggestion=suggestion,
            measure=body.validated_data["measure"],
            note=body.validated_data.get("note", ""),
            by=request.user,
        )
        return Response(OverlapSerializer(overlap).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: AssessmentListSerializer, **ERRORS})
    @extend_schema(
        methods=["post"],
        request=AssessmentSerializer,
        responses={201: AssessmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def assessments(self, request: Any, pk: str | None = None) -> Response:
        """The working group's assessments with the combined score; POST your own."""
        suggestion = self.get_object()
        if request.method == "GET":
            rows = list(suggestion.assessments.select_related("assessor"))
            combined = selectors.combine_assessments(rows)
            return Response(
                AssessmentListSerializer(
                    {"combined": combined, "assessments": rows},
                    context=self.get_serializer_context(),
                ).data
            )
        body = AssessmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        comment = data.pop("comment", "")
        assessment = services.assessment_save(
            suggestion=suggestion, by=request.user, scores=data, comment=comment
        )
        return Response(
            AssessmentSerializer(assessment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: SuggestionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="complete-assessment")
    def complete_assessment(self, request: Any, pk: str | None = None) -> Response:
        """Close the assessment (→ assessed) without waiting for every member."""
        suggestion = self.get_object()
        services.assessment_complete(suggestion=suggestion, by=request.user)
        return self._brief(suggestion)

    @extend_schema(methods=["get"], responses={200: DecisionSerializer(many=True), **ERRORS})
    @extend_schema(
        methods=["post"], request=DecisionSerializer, responses={201: DecisionSerializer, **ERRORS}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def decision(self, request: Any, pk: str | None = None) -> Response:
        """The steering group's decisions, newest first; POST decides (steering group only)."""
        suggestion = self.get_object()
        if request.method == "GET":
            rows = suggestion.decisions.select_related("decided_by")
            return Response(
                DecisionSerializer(rows, many=True, context=self.get_serializer_context()).data
            )
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.decision_make(
            suggestion=suggestion, by=request.user, **body.validated_data
        )
        return Response(
            DecisionSerializer(decision, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=PromoteSerializer, responses={201: PromoteResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def promote(self, request: Any, pk: str | None = None) -> Response:
        """Create a draft measure from a prioritised suggestion, linked both ways."""
        suggestion = self.get_object()
        body = PromoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measure = services.suggestion_promote(
            suggestion=suggestion,
            owner=body.validated_data.get("owner"),
            code=body.validated_data.get("code", ""),
            by=request.user,
        )
        suggestion.refresh_from_db()
        return Response(
            PromoteResultSerializer({"suggestion": suggestion, "measure": measure}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: SimilarSerializer, **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def similar(self, request: Any, pk: str | None = None) -> Response:
        """The most similar suggestions (likely duplicates) and measures, scored 0–1."""
        suggestion = self.get_object()
        items = selectors.similar_items(suggestion, request.user, token_of(request))
        return Response(SimilarSerializer(items).data)

    @extend_schema(responses={200: ObjectChangeSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request: Any, pk: str | None = None) -> Response:
        suggestion = self.get_object()
        page = self.paginate_queryset(history_for(suggestion))
        user, token = request.user, token_of(request)
        hidden = () if policies.can_see_personal_data(user, token) else policies.PERSONAL_FIELDS
        page = present_history(page, user, token, hidden_fields=hidden)
        return self.get_paginated_response(ObjectChangeSerializer(page, many=True).data)
