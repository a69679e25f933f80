"""API for the submission workflow and portfolio baselines."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.errors import ErrorSerializer
from core.api.fields import StrictCharField
from core.api.permissions import OfficeWritesPermission
from core.api.views import BaseViewSet, etag_for, validated_query
from core.policy import caller, person_label
from people.roles import is_office
from portfolio import selectors, services, workflow
from portfolio.models import Baseline, WorkflowEvent

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class TransitionSerializer(serializers.Serializer):
    comment = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)
    publish = serializers.BooleanField(
        required=False, default=True, help_text="Accept only: publish the measure."
    )


class WorkflowEventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField(
        help_text="Who: a name for the office, the role and organisation for others."
    )

    class Meta:
        model = WorkflowEvent
        fields = ["id", "transition", "from_state", "to_state", "comment", "by", "at"]

    def get_by(self, event: WorkflowEvent) -> str | None:
        request = self.context.get("request")
        user, token = caller(request) if request is not None else (None, None)
        return person_label(event.by, user, token)


def _transition_action(name: str, doc: str, attr: str | None = None):  # type: ignore[no-untyped-def]
    def handler(self, request: Any, pk: str | None = None) -> Response:  # type: ignore[no-untyped-def]
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measure = workflow.measure_transition(
            measure=self.get_object(),
            by=request.user,
            transition=name,
            comment=body.validated_data["comment"],
            publish=body.validated_data["publish"],
        )
        response = Response(
            WorkflowEventSerializer(
                measure.workflow_events.first(), context={"request": request}
            ).data
        )
        response["ETag"] = etag_for(measure)
        return response

    handler.__name__ = attr or name
    decorated = action(detail=True, methods=["post"], url_path=name, url_name=name)(handler)
    return extend_schema(
        request=TransitionSerializer,
        responses={200: WorkflowEventSerializer, **ERRORS},
        summary=doc,
    )(decorated)


class MeasureWorkflowMixin:
    """Explicit endpoints for each workflow transition, plus the measure's workflow events."""

    submit = _transition_action(
        "submit", "Submit a draft or returned measure to the portfolio office"
    )
    accept = _transition_action("accept", "Accept a submitted measure into the portfolio (office)")
    return_ = _transition_action(
        "return", "Return a submitted measure for revision (office; comment required)", "return_"
    )
    reject = _transition_action("reject", "Reject a submitted measure (office; reason required)")

    @extend_schema(responses={200: WorkflowEventSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"], url_path="workflow-events", pagination_class=None)
    def workflow_events(self, request: Any, pk: str | None = None) -> Response:
        events = self.get_object().workflow_events.select_related("by")  # type: ignore[attr-defined]
        return Response(
            WorkflowEventSerializer(events, many=True, context={"request": request}).data
        )


class BaselineSerializer(serializers.ModelSerializer):
    measures = serializers.IntegerField(source="rows.count", read_only=True)
    as_of = serializers.DateField(required=False)

    class Meta:
        model = Baseline
        fields = ["id", "name", "as_of", "note", "measures", "created"]
        read_only_fields = ["created"]


COMPARISON_MAX_PAGE_SIZE = 1000


class CompareQuerySerializer(serializers.Serializer):
    base = serializers.IntegerField(help_text="Baseline id to compare from.")
    to = serializers.CharField(
        required=False, default="today", help_text="Baseline id, or 'today'."
    )
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, allow_null=True, default=None
    )
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=COMPARISON_MAX_PAGE_SIZE, default=100
    )

    def validate_to(self, value: str) -> str:
        if value != "today" and not value.isdigit():
            raise serializers.ValidationError(_("Use a baseline id or 'today'."))
        return value


class ChangeRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    owner = serializers.CharField(required=False)
    before = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    after = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    difference = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)


class StateChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    from_ = serializers.CharField(source="from")
    to = serializers.CharField()


class ActorChangeSerializer(serializers.Serializer):
    owner = serializers.CharField()
    before = serializers.DecimalField(max_digits=18, decimal_places=2)
    after = serializers.DecimalField(max_digits=18, decimal_places=2)
    difference = serializers.DecimalField(max_digits=18, decimal_places=2)


class ScheduleChangeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    owner = serializers.CharField()
    start_before = serializers.DateField(allow_null=True)
    start_after = serializers.DateField(allow_null=True)
    start_days = serializers.IntegerField(allow_null=True, help_text="Days moved; + is later")
    end_before = serializers.DateField(allow_null=True)
    end_after = serializers.DateField(allow_null=True)
    end_days = serializers.IntegerField(allow_null=True, help_text="Days moved; + is later")


class YearVarianceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    before = serializers.DecimalField(max_digits=18, decimal_places=2)
    after = serializers.DecimalField(max_digits=18, decimal_places=2)
    difference = serializers.DecimalField(max_digits=18, decimal_places=2)


class CostVarianceSerializer(ChangeRowSerializer):
    years = YearVarianceSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    added = ChangeRowSerializer(many=True)
    removed = ChangeRowSerializer(many=True)
    budget_changes = ChangeRowSerializer(many=True)
    schedule_changes = ScheduleChangeSerializer(many=True)
    cost_variance = CostVarianceSerializer(many=True)
    phase_changes = StateChangeSerializer(many=True)
    status_changes = StateChangeSerializer(many=True)
    by_actor = ActorChangeSerializer(many=True)
    total_before = serializers.DecimalField(max_digits=18, decimal_places=2)
    total_after = serializers.DecimalField(max_digits=18, decimal_places=2)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="How many entries each list has in all (the lists hold one page of them).",
    )
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()


def comparison(
    base: Baseline, to: str, year: int | None, page: int = 1, page_size: int = 100
) -> dict[str, Any]:
    """`base` against baseline `to` (an id) or "today": page `page` of each list, with the
    length of each list in `counts`."""
    after = None if to == "today" else get_object_or_404(Baseline, pk=int(to))
    full = selectors.baseline_comparison(base, after, year)
    start = (page - 1) * page_size
    return {
        **full,
        **{name: full[name][start : start + page_size] for name in selectors.COMPARISON_LISTS},
        "counts": {name: len(full[name]) for name in selectors.COMPARISON_LISTS},
        "page": page,
        "page_size": page_size,
    }


class BaselineViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet
):
    """Frozen portfolios; the office takes them and compares them with each other or today."""

    queryset = Baseline.objects.all()
    serializer_class = BaselineSerializer
    permission_classes = [OfficeWritesPermission]

    def get_queryset(self) -> Any:
        return Baseline.objects.all() if is_office(self.request.user) else Baseline.objects.none()

    def perform_create(self, serializer: BaselineSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.baseline_create(
            name=data["name"],
            note=data.get("note", ""),
            as_of=data.get("as_of"),
            by=self.request.user,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("base", int, required=True),
            OpenApiParameter("to", str, description="Baseline id or 'today' (default)"),
            OpenApiParameter(
                "year", int, description="Compare one budget year (default: all years)"
            ),
            OpenApiParameter("page", int, description="Page of every list (from 1)."),
            OpenApiParameter(
                "page_size",
                int,
                description=f"Entries per list (default 100, at most {COMPARISON_MAX_PAGE_SIZE}).",
            ),
        ],
        responses={200: ComparisonSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def compare(self, request: Any) -> Response:
        data = validated_query(CompareQuerySerializer, request)
        base = get_object_or_404(self.get_queryset(), pk=data["base"])
        result = comparison(base, data["to"], data["year"], data["page"], data["page_size"])
        return Response(ComparisonSerializer(result).data)
