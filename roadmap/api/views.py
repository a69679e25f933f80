from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import ErrorSerializer
from core.api.filters import filter_by_query
from core.api.pagination import ListPagination
from core.api.permissions import token_of
from core.api.views import (
    BaseModelViewSet,
    ChangeAttributedMixin,
    PreconditionFailed,
    VersionedObjectMixin,
    validated_query,
)
from roadmap import selectors, services
from roadmap.api.serializers import (
    AdoptionPlanSerializer,
    ChallengeSerializer,
    CriticalPathItemSerializer,
    DependencySerializer,
    ImpactQuerySerializer,
    ImpactSerializer,
    RoadmapItemSerializer,
    ViolationSerializer,
)
from roadmap.filtersets import (
    AdoptionPlanFilterSet,
    ChallengeFilterSet,
    DependencyFilterSet,
    RoadmapItemFilterSet,
)
from roadmap.models import AdoptionPlan, Challenge, Dependency, RoadmapItem

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def filtered_analysis(request: Any) -> selectors.Analysis:
    """The analysis over the visible items the request's item filters select."""
    base = selectors.items_visible_to(request.user, token_of(request))
    return selectors.analyse(filter_by_query(request, RoadmapItemFilterSet, base))


class RoadmapItemViewSet(VersionedObjectMixin, BaseModelViewSet):
    """Deliveries, milestones and phases on the roadmap. Reads answer with an ETag; a write
    with a stale If-Match is refused (412), as the UI refuses a stale version (409)."""

    serializer_class = RoadmapItemSerializer
    filterset_class = RoadmapItemFilterSet
    ordering_fields = ["planned_start", "planned_end", "code", "name"]
    ordering = ["planned_start", "code"]

    def get_queryset(self) -> Any:
        return selectors.item_list(self.request.user, token_of(self.request))

    def perform_create(self, serializer: RoadmapItemSerializer) -> None:
        serializer.instance = services.item_create(
            by=self.request.user,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_update(self, serializer: RoadmapItemSerializer) -> None:
        expected = self.expected_version(self.request, serializer.instance)
        try:
            serializer.instance = services.item_update(
                item=serializer.instance,
                by=self.request.user,
                fields=dict(serializer.validated_data),
                expected_version=expected,
                token=token_of(self.request),
            )
        except services.VersionConflict as exc:
            raise PreconditionFailed(str(exc)) from exc

    def perform_destroy(self, instance: RoadmapItem) -> None:
        services.item_delete(item=instance, by=self.request.user, token=token_of(self.request))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "slip_days", int, required=True, description="Days the item finishes later."
            )
        ],
        responses={200: ImpactSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def impact(self, request: Any, pk: str | None = None) -> Response:
        """If this item slips N days: which items move, by how much, which actors are hit."""
        item = self.get_object()
        slip_days = validated_query(ImpactQuerySerializer, request)["slip_days"]
        analysis = selectors.analyse(selectors.items_visible_to(request.user, token_of(request)))
        report = selectors.impact_report(analysis, item.pk, slip_days)
        return Response(ImpactSerializer(report).data)


class DependencyViewSet(BaseModelViewSet):
    """Dependencies between items. Adding one that closes a cycle is a 400 naming it."""

    serializer_class = DependencySerializer
    filterset_class = DependencyFilterSet
    ordering_fields = ["id", "kind"]
    ordering = ["id"]

    def get_queryset(self) -> Any:
        return selectors.dependencies_visible_to(self.request.user, token_of(self.request))

    def _item(self, item: RoadmapItem) -> RoadmapItem:
        """Only items the caller can see may be linked."""
        visible = selectors.items_visible_to(self.request.user, token_of(self.request))
        return get_object_or_404(visible.select_related("actor"), pk=item.pk)

    def perform_create(self, serializer: DependencySerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.dependency_add(
            by=self.request.user,
            predecessor=self._item(data["predecessor"]),
            successor=self._item(data["successor"]),
            kind=data.get("kind", "finish_to_start"),
            lag_days=data.get("lag_days", 0),
            note=data.get("note", ""),
            token=token_of(self.request),
        )

    def perform_update(self, serializer: DependencySerializer) -> None:
        serializer.instance = services.dependency_update(
            dependency=serializer.instance,
            by=self.request.user,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_destroy(self, instance: Dependency) -> None:
        services.dependency_delete(
            dependency=instance, by=self.request.user, token=token_of(self.request)
        )


class AdoptionPlanViewSet(BaseModelViewSet):
    """Which actor introduces which national solution when."""

    serializer_class = AdoptionPlanSerializer
    filterset_class = AdoptionPlanFilterSet
    ordering_fields = ["planned_date", "id"]
    ordering = ["planned_date", "id"]

    def get_queryset(self) -> Any:
        return selectors.adoption_plans_visible_to(self.request.user, token_of(self.request))

    def perform_create(self, serializer: AdoptionPlanSerializer) -> None:
        serializer.instance = services.adoption_plan_save(
            by=self.request.user,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_update(self, serializer: AdoptionPlanSerializer) -> None:
        serializer.instance = services.adoption_plan_save(
            by=self.request.user,
            plan=serializer.instance,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_destroy(self, instance: AdoptionPlan) -> None:
        services.adoption_plan_delete(
            plan=instance, by=self.request.user, token=token_of(self.request)
        )


class ChallengeViewSet(BaseModelViewSet):
    """Risks attached to roadmap items."""

    serializer_class = ChallengeSerializer
    filterset_class = ChallengeFilterSet
    ordering_fields = ["id", "severity"]
    ordering = ["id"]

    def get_queryset(self) -> Any:
        return selectors.challenges_visible_to(self.request.user, token_of(self.request))

    def perform_create(self, serializer: ChallengeSerializer) -> None:
        serializer.instance = services.challenge_save(
            by=self.request.user,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_update(self, serializer: ChallengeSerializer) -> None:
        serializer.instance = services.challenge_save(
            by=self.request.user,
            challenge=serializer.instance,
            fields=dict(serializer.validated_data),
            token=token_of(self.request),
        )

    def perform_destroy(self, instance: Challenge) -> None:
        services.challenge_delete(
            challenge=instance, by=self.request.user, token=token_of(self.request)
        )


ITEM_FILTER_PARAMS = [
    OpenApiParameter("actor", int, many=True, description="Responsible actor id(s)."),
    OpenApiParameter(
        "national_solution", int, many=True, description="Solution id(s), with parts."
    ),
    OpenApiParameter("measure", int, many=True, description="Measure id(s)."),
    OpenApiParameter("decision", str, enum=["decided", "tentative"]),
    OpenApiParameter("q", str, description="Search in code, name and description."),
]


class _AnalysisListView(ChangeAttributedMixin, GenericAPIView):
    """A paged list over the cached analysis: the page's entries are sliced from the analysis
    and only they become rows, so a read costs the same however large the roadmap is."""

    pagination_class = ListPagination
    filter_backends: list = []


class CriticalPathView(_AnalysisListView):
    """The critical paths of the (filtered) roadmap, item by item with the earliest/latest
    schedule and slack: path 0 (the longest span) first, then one path per group of linked
    items. `?items=all` pages through every item with its schedule instead."""

    serializer_class = CriticalPathItemSerializer

    @extend_schema(
        parameters=[
            *ITEM_FILTER_PARAMS,
            OpenApiParameter(
                "items",
                str,
                enum=["critical", "all"],
                description="`critical` (the default): the items on the critical paths; "
                "`all`: every item in schedule order.",
            ),
        ],
        responses={200: CriticalPathItemSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request: Any) -> Response:
        scope = request.query_params.get("items", "critical")
        if scope not in ("critical", "all"):
            raise ValidationError({"items": [_("Choose “critical” or “all”.")]}, code="invalid")
        analysis = filtered_analysis(request)
        entries = selectors.scheduled_entries(analysis, every_item=scope == "all")
        page = self.paginate_queryset(entries)
        rows = selectors.scheduled_rows(analysis, page)
        return self.get_paginated_response(CriticalPathItemSerializer(rows, many=True).data)


class ViolationsView(_AnalysisListView):
    """Items planned to start (or end) before their prerequisites allow."""

    serializer_class = ViolationSerializer

    @extend_schema(
        parameters=ITEM_FILTER_PARAMS,
        responses={200: ViolationSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request: Any) -> Response:
        analysis = filtered_analysis(request)
        page = self.paginate_queryset(analysis.violations)
        rows = selectors.violation_report(analysis, page)
        return self.get_paginated_response(ViolationSerializer(rows, many=True).data)
