from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.errors import ErrorSerializer
from core.api.permissions import token_of
from core.api.views import BaseViewSet
from reporting import pdf, policies, selectors, services
from reporting.api.serializers import (
    CompletionSerializer,
    PortfolioReportSerializer,
    PortfolioReportUpdateSerializer,
    ReportingRoundSerializer,
    RoundOpenSerializer,
    StatusReportOutSerializer,
    StatusSubmitSerializer,
)
from reporting.filtersets import PortfolioReportFilterSet, ReportingRoundFilterSet

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class PDFRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):  # type: ignore[no-untyped-def]
        return data


class OctetStreamRenderer(PDFRenderer):
    media_type = "application/octet-stream"
    format = "bin"


class ReportingRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    """Reporting rounds: the office opens (POST), reminds and closes them; owners report
    their measures' status while a round is open."""

    serializer_class = ReportingRoundSerializer
    filterset_class = ReportingRoundFilterSet
    ordering_fields = ["deadline", "id"]
    ordering = ["-deadline", "-id"]

    def get_queryset(self) -> Any:
        return selectors.round_list(self.request.user, token_of(self.request))

    @extend_schema(request=RoundOpenSerializer, responses={201: ReportingRoundSerializer, **ERRORS})
    def create(self, request: Any) -> Response:
        """Open a round: a to-do and an e-mail for every owner of an active measure."""
        data = RoundOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.round_open(
            by=request.user, token=token_of(request), **data.validated_data
        )
        return Response(ReportingRoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ReportingRoundSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Any, pk: str | None = None) -> Response:
        """Close the round: its reports are frozen and the report snapshot is taken."""
        round_ = services.round_close(
            round_=self.get_object(), by=request.user, token=token_of(request)
        )
        return Response(ReportingRoundSerializer(round_).data)

    @extend_schema(responses={200: CompletionSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def completion(self, request: Any, pk: str | None = None) -> Response:
        """Per actor: measures asked, reported on time, late, missing."""
        round_ = self.get_object()
        actors = policies.reportable_actor_ids(request.user, token_of(request))
        return Response(
            CompletionSerializer(selectors.completion_by_actor(round_, actors), many=True).data
        )

    @extend_schema(
        request=StatusSubmitSerializer, responses={201: StatusReportOutSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"], url_path="status-reports", filterset_class=None)
    def status_reports(self, request: Any, pk: str | None = None) -> Response:
        """Report (or correct) a measure's status in this round while it is open."""
        round_ = self.get_object()
        data = StatusSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        measure = fields.pop("measure")
        if (
            not policies.visible_measures(request.user, token_of(request))
            .filter(pk=measure.pk)
            .exists()
        ):
            raise NotFound()
        report = services.status_submit(
            round_=round_, measure=measure, by=request.user, data=fields, token=token_of(request)
        )
        return Response(StatusReportOutSerializer(report).data, status=status.HTTP_201_CREATED)


class PortfolioReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet
):
    """Portfolio reports made from closed rounds. The office reads the full version; everyone
    else reads the public version of published reports."""

    serializer_class = PortfolioReportSerializer
    filterset_class = PortfolioReportFilterSet
    ordering_fields = ["id"]
    ordering = ["-id"]

    def get_queryset(self) -> Any:
        return selectors.report_list(self.request.user, token_of(self.request))

    def perform_create(self, serializer: PortfolioReportSerializer) -> None:
        data = dict(serializer.validated_data)
        round_ = data.pop("round")
        serializer.instance = services.report_create(
            round_=round_, by=self.request.user, fields=data, token=token_of(self.request)
        )

    @extend_schema(
        request=PortfolioReportUpdateSerializer,
        responses={200: PortfolioReportSerializer, **ERRORS},
    )
    def partial_update(self, request: Any, pk: str | None = None) -> Response:
        """Change a draft report's texts or baseline (its content is rebuilt)."""
        report = self.get_object()
        data = PortfolioReportUpdateSerializer(report, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        report = services.report_update(
            report=report,
            by=request.user,
            fields=dict(data.validated_data),
            token=token_of(request),
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, responses={200: PortfolioReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Any, pk: str | None = None) -> Response:
        """Publish: the public version becomes visible to everyone."""
        report = services.report_publish(
            report=self.get_object(), by=request.user, token=token_of(request)
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
            # the same bytes, for generated clients that know only octet-stream as binary
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="PDF"
            ),
            404: ErrorSerializer,
        }
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[PDFRenderer, OctetStreamRenderer, renderers.JSONRenderer],
        filterset_class=None,
    )
    def pdf(self, request: Any, pk: str | None = None) -> HttpResponse:
        """The report as a PDF (the same bytes every time for the same report)."""
        report = self.get_object()
        full = policies.sees_full_reports(request.user, token_of(request))
        content = report.content if full else report.public_content
        response = HttpResponse(pdf.render_cached(content), content_type="application/pdf")
        name = slugify(report.title) + ("" if full else "-public")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
