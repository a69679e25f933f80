"""Scoring API: models (versions, activate), jobs (start, progress, result), scores, scenarios."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.errors import ErrorSerializer
from core.api.permissions import RoleScopedPermission
from core.api.views import BaseViewSet
from core.policy import caller
from scoring import policies, selectors, services
from scoring.api.serializers import (
    JobCreateSerializer,
    JobSerializer,
    ScenarioCompareSerializer,
    ScenarioCreateSerializer,
    ScenarioSaveSerializer,
    ScenarioSerializer,
    ScoreSerializer,
    ScoringModelCreateSerializer,
    ScoringModelSerializer,
)
from scoring.choices import JobKind
from scoring.filtersets import (
    JobFilterSet,
    ScenarioFilterSet,
    ScoreFilterSet,
    ScoringModelFilterSet,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class ScoringPermission(RoleScopedPermission):
    """Only the office and the steering group read (querysets narrow it further); only the
    office writes."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if not request.user or not request.user.is_authenticated:
            return False
        user, token = caller(request)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return policies.can_read_scoring_api(user, token)
        return policies.can_manage_scoring(user, token)


class ScoringBaseViewSet(BaseViewSet):
    permission_classes = [ScoringPermission]


class ScoringModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScoringBaseViewSet):
    """Versions of the scoring models. A POST makes a new version (old ones never change)."""

    serializer_class = ScoringModelSerializer
    filterset_class = ScoringModelFilterSet
    ordering_fields = ["target", "version", "created"]

    def get_queryset(self) -> Any:
        return selectors.models_visible_to(self.request.user).select_related("created_by")

    @extend_schema(
        request=ScoringModelCreateSerializer, responses={201: ScoringModelSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        s = ScoringModelCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        model = services.scoring_model_create(
            target=data["target"],
            by=request.user,
            weights=data.get("weights"),
            criteria=data.get("criteria"),
            based_on=data.get("based_on"),
            note=data.get("note", ""),
            activate=data.get("activate", True),
        )
        return Response(ScoringModelSerializer(model).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ScoringModelSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str) -> Response:
        """Make this version active for its target; every score is recomputed."""
        model = services.scoring_model_activate(model=self.get_object(), by=request.user)
        return Response(ScoringModelSerializer(model).data)


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScoringBaseViewSet):
    """Background jobs with progress. POST starts a recompute (or returns the one running) or
    an optimisation."""

    serializer_class = JobSerializer
    filterset_class = JobFilterSet
    ordering_fields = ["created", "status"]

    def get_queryset(self) -> Any:
        return selectors.jobs_visible_to(self.request.user).select_related(
            "requested_by", "scenario"
        )

    @extend_schema(
        request=JobCreateSerializer,
        responses={
            202: OpenApiResponse(JobSerializer, description="Started."),
            200: OpenApiResponse(
                JobSerializer, description="A recompute already queued or running."
            ),
            **ERRORS,
        },
    )
    def create(self, request: Request) -> Response:
        s = JobCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        if s.validated_data["kind"] == JobKind.RECOMPUTE:
            job, started = services.recompute_request(by=request.user)
        else:
            scenario = services.optimise_request(
                by=request.user, params=s.validated_data["params"], name=s.validated_data["name"]
            )
            job, started = scenario.job, True
        code = status.HTTP_202_ACCEPTED if started else status.HTTP_200_OK
        return Response(JobSerializer(job).data, status=code)


class ScoreViewSet(mixins.ListModelMixin, ScoringBaseViewSet):
    """Current scores with their breakdown per criterion and the model version behind them."""

    serializer_class = ScoreSerializer
    filterset_class = ScoreFilterSet
    ordering_fields = ["value", "object_id", "computed_at"]
    ordering = ["-value", "object_id"]

    def get_queryset(self) -> Any:
        return selectors.scores_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The first pages (by page number) come from the cache of the scoring data version;
        deeper pages and cursor paging are read as they are."""
        if not self._first_pages(request):
            return super().list(request, *args, **kwargs)
        data = selectors.cached_score_page(
            request.user,
            request.build_absolute_uri(),
            lambda: super(ScoreViewSet, self).list(request, *args, **kwargs).data,
        )
        return Response(data)

    @staticmethod
    def _first_pages(request: Request) -> bool:
        params = request.query_params
        if "cursor" in params or params.get("paging") == "cursor":
            return False
        page = params.get("page", "1")
        return page.isdigit() and 1 <= int(page) <= selectors.SCORE_PAGES_CACHED


class ScenarioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScoringBaseViewSet):
    """Optimiser runs: POST runs the optimiser in the background under a name."""

    serializer_class = ScenarioSerializer
    filterset_class = ScenarioFilterSet
    ordering_fields = ["created", "name"]

    def get_queryset(self) -> Any:
        return selectors.scenarios_visible_to(self.request.user).select_related(
            "job", "created_by", "committed_by"
        )

    @extend_schema(request=ScenarioCreateSerializer, responses={202: ScenarioSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        s = ScenarioCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        name = data.pop("name")
        scenario = services.optimise_request(by=request.user, params=data, name=name)
        scenario.refresh_from_db()
        return Response(ScenarioSerializer(scenario).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ScenarioSaveSerializer, responses={200: ScenarioSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="save")
    def save_named(self, request: Request, pk: str) -> Response:
        """Keep the scenario under a name."""
        s = ScenarioSaveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        scenario = services.scenario_save(
            scenario=self.get_object(), name=s.validated_data["name"], by=request.user
        )
        return Response(ScenarioSerializer(scenario).data)

    @extend_schema(request=None, responses={200: ScenarioSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str) -> Response:
        """Mark the scenario's measures prioritised (recorded in each measure's history)."""
        scenario = services.scenario_commit(scenario=self.get_object(), by=request.user)
        return Response(ScenarioSerializer(scenario).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, required=True, description="First scenario id."),
            OpenApiParameter("b", int, required=True, description="Second scenario id."),
        ],
        responses={200: ScenarioCompareSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def compare(self, request: Request) -> Response:
        """Two scenarios side by side."""
        qs = self.get_queryset()
        try:
            a_id, b_id = int(request.query_params["a"]), int(request.query_params["b"])
        except (KeyError, ValueError):
            raise ValidationError({"a": "Give two scenario ids as ?a=&b=."}) from None
        a, b = get_object_or_404(qs, pk=a_id), get_object_or_404(qs, pk=b_id)
        if a.pk == b.pk:
            raise ValidationError({"b": _("Choose two different scenarios to compare.")})
        return Response(ScenarioCompareSerializer(selectors.scenario_compare(a, b)).data)
