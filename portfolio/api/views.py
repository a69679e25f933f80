from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core import versioned
from core.api.errors import ErrorSerializer
from core.api.pagination import PageOrCursorPagination
from core.api.permissions import OfficeWritesPermission, token_of
from core.api.views import (
    BaseModelViewSet,
    ChangeAttributedMixin,
    PreconditionFailed,
    VersionedObjectMixin,
    etag_for,
    validated_query,
)
from core.policy import present_history
from core.services import history_for
from portfolio import selectors, services
from portfolio.api import measure_rows
from portfolio.api.serializers import (
    ActorSerializer,
    BudgetLineSerializer,
    MeasureSerializer,
    NationalSolutionSerializer,
    ObjectChangeSerializer,
    PortfolioSummarySerializer,
    ReportingPeriodSerializer,
    SegmentSerializer,
    StatusReportSerializer,
    StrategicGoalSerializer,
    SummaryQuerySerializer,
)
from portfolio.api.workflow import MeasureWorkflowMixin
from portfolio.filtersets import (
    ActorFilterSet,
    MeasureFilterSet,
    NationalSolutionFilterSet,
    SegmentFilterSet,
)
from portfolio.models import (
    Actor,
    Measure,
    NationalSolution,
    ReportingPeriod,
    Segment,
    StrategicGoal,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class ReferenceDataViewSet(BaseModelViewSet):
    permission_classes = [OfficeWritesPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ActorViewSet(ReferenceDataViewSet):
    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    ordering_fields = ["name", "short_name", "kind"]


class SegmentViewSet(ReferenceDataViewSet):
    queryset = Segment.objects.all()
    serializer_class = SegmentSerializer
    filterset_class = SegmentFilterSet


class NationalSolutionViewSet(ReferenceDataViewSet):
    queryset = NationalSolution.objects.all()
    serializer_class = NationalSolutionSerializer
    filterset_class = NationalSolutionFilterSet


class StrategicGoalViewSet(ReferenceDataViewSet):
    queryset = StrategicGoal.objects.all()
    serializer_class = StrategicGoalSerializer
    filterset_fields = ["code"]


class ReportingPeriodViewSet(ReferenceDataViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    filterset_fields = ["name"]


class MeasureViewSet(MeasureWorkflowMixin, VersionedObjectMixin, BaseModelViewSet):
    """Measures in the register. Deleting archives; nothing is hard-deleted."""

    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    pagination_class = PageOrCursorPagination
    ordering_fields = ["code", "name", "phase", "start_date", "end_date", "updated"]
    ordering = ["code"]

    def get_queryset(self) -> Any:
        archived = self.action in {"restore", "history", "retrieve"}
        return selectors.measure_list(self.request.user, token_of(self.request), archived=archived)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Same output as MeasureSerializer, built from plain rows (see api/measure_rows.py)."""
        rows = measure_rows.page_rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(measure_rows.represent(list(page)))

    def perform_create(self, serializer: MeasureSerializer) -> None:
        data = dict(serializer.validated_data)
        lines = data.pop("budget_lines", None)
        serializer.instance = services.measure_create(
            by=self.request.user, fields=data, budget_lines=lines, token=token_of(self.request)
        )

    def perform_update(self, serializer: MeasureSerializer) -> None:
        data = dict(serializer.validated_data)
        lines = data.pop("budget_lines", None)
        measure = serializer.instance
        expected = self.expected_version(self.request, measure)
        try:
            serializer.instance = services.measure_update(
                measure=measure,
                by=self.request.user,
                fields=data,
                budget_lines=lines,
                expected_version=expected,
                token=token_of(self.request),
            )
        except services.VersionConflict as exc:
            raise PreconditionFailed(str(exc)) from exc

    def perform_destroy(self, instance: Measure) -> None:
        services.measure_archive(
            measure=instance, by=self.request.user, token=token_of(self.request)
        )

    @extend_schema(responses={200: ObjectChangeSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request: Any, pk: str | None = None) -> Response:
        measure = self.get_object()
        page = self.paginate_queryset(history_for(measure))
        page = present_history(page, request.user, token_of(request))
        return self.get_paginated_response(ObjectChangeSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: MeasureSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def restore(self, request: Any, pk: str | None = None) -> Response:
        measure = services.measure_restore(
            measure=self.get_object(), by=request.user, token=token_of(request)
        )
        response = Response(self.get_serializer(measure).data)
        response["ETag"] = etag_for(measure)
        return response

    @extend_schema(responses={200: BudgetLineSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], url_path="budget-lines", pagination_class=None)
    def budget_lines(self, request: Any, pk: str | None = None) -> Response:
        measure = self.get_object()
        return Response(BudgetLineSerializer(measure.budget_lines.all(), many=True).data)

    @extend_schema(methods=["get"], responses={200: StatusReportSerializer(many=True), **ERRORS})
    @extend_schema(
        methods=["post"],
        request=StatusReportSerializer,
        responses={201: StatusReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="status-reports", pagination_class=None)
    def status_reports(self, request: Any, pk: str | None = None) -> Response:
        measure = self.get_object()
        if request.method == "GET":
            reports = measure.status_reports.select_related("period")
            return Response(StatusReportSerializer(reports, many=True).data)
        serializer = StatusReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        period = data.pop("period")
        report = services.status_report_file(
            measure=measure, period=period, by=request.user, data=data, token=token_of(request)
        )
        return Response(StatusReportSerializer(report).data, status=status.HTTP_201_CREATED)


class PortfolioSummaryView(ChangeAttributedMixin, APIView):
    """Figures for a year: measures, planned budget, split by actor/segment/phase."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                int,
                description="Budget year (default: the year of the current reporting period, "
                "else this calendar year; see README)",
            )
        ],
        responses={200: PortfolioSummarySerializer, 400: ErrorSerializer},
    )
    def get(self, request: Any) -> Response:
        year = validated_query(SummaryQuerySerializer, request).get("year")
        year = year or selectors.default_year()
        token = token_of(request)
        scope = selectors.summary_scope(request.user, token)
        language = get_language() or ""
        etag = versioned.version_etag(("portfolio",), f"summary-{year}-{scope}-{language}")
        headers = {"ETag": etag, "Cache-Control": "private, max-age=0, must-revalidate"}
        if versioned.matches(request, etag):  # unchanged since the caller's copy
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        summary = selectors.cached_summary(year=year, user=request.user, token=token)
        return Response(PortfolioSummarySerializer(summary).data, headers=headers)
