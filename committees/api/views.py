from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from committees import selectors, services
from committees.api.serializers import (
    AgendaItemSerializer,
    CommitteeDecisionSerializer,
    CommitteeMeetingSerializer,
    CommitteeSerializer,
    MeetingMinutesApproveSerializer,
    MeetingMinutesDraftSerializer,
)
from committees.filtersets import (
    AgendaItemFilterSet,
    CommitteeFilterSet,
    DecisionFilterSet,
    MeetingFilterSet,
)
from committees.models import MATERIAL_FIELDS, Committee
from core.api.errors import ErrorSerializer
from core.api.permissions import OfficeWritesPermission
from core.api.views import BaseModelViewSet, BaseViewSet
from people.roles import is_office

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
MATERIAL = [name for name, _label in MATERIAL_FIELDS]


def _split_material(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    material = {k: data.pop(k) for k in MATERIAL if k in data}
    return data, material


class CommitteeViewSet(BaseModelViewSet):
    """Committees of the council model with mandate and members (the office writes)."""

    serializer_class = CommitteeSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = CommitteeFilterSet
    permission_classes = [OfficeWritesPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["name", "short_name"]
    ordering = ["name"]

    def get_queryset(self) -> Any:
        return Committee.objects.prefetch_related("memberships__actor")

    def perform_create(self, serializer: CommitteeSerializer) -> None:
        serializer.instance = services.committee_create(
            by=self.request.user, fields=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: CommitteeSerializer) -> None:
        serializer.instance = services.committee_update(
            committee=serializer.instance,
            by=self.request.user,
            fields=dict(serializer.validated_data),
        )


class MeetingViewSet(BaseModelViewSet):
    """Meetings: drafts are seen by the secretariat and members only. Publishing the agenda
    numbers its cases; minutes are drafted, approved at a later meeting and published."""

    serializer_class = CommitteeMeetingSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = MeetingFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at"]

    def get_queryset(self) -> Any:
        return selectors.meeting_list(self.request.user)

    def perform_create(self, serializer: CommitteeMeetingSerializer) -> None:
        data = dict(serializer.validated_data)
        committee = data.pop("committee")
        serializer.instance = services.meeting_create(
            committee=committee, by=self.request.user, fields=data
        )

    def perform_update(self, serializer: CommitteeMeetingSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("committee", None)
        serializer.instance = services.meeting_update(
            meeting=serializer.instance, by=self.request.user, fields=data
        )

    def _answer(self, meeting: Any) -> Response:
        meeting = get_object_or_404(self.get_queryset(), pk=meeting.pk)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=None, responses={200: CommitteeMeetingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="publish-agenda")
    def publish_agenda(self, request: Any, pk: str | None = None) -> Response:
        """Publish the agenda: numbers the cases per committee and year."""
        return self._answer(services.agenda_publish(meeting=self.get_object(), by=request.user))

    @extend_schema(
        request=MeetingMinutesDraftSerializer, responses={200: CommitteeMeetingSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def minutes(self, request: Any, pk: str | None = None) -> Response:
        """Write or rewrite the draft minutes."""
        data = MeetingMinutesDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = self.get_object()
        services.minutes_draft(meeting=meeting, by=request.user, **data.validated_data)
        return self._answer(meeting)

    @extend_schema(
        request=MeetingMinutesApproveSerializer,
        responses={200: CommitteeMeetingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request: Any, pk: str | None = None) -> Response:
        """Record the minutes' approval at a later meeting of the committee."""
        data = MeetingMinutesApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = self.get_object()
        services.minutes_approve(
            meeting=meeting, by=request.user, at_meeting=data.validated_data["approved_at_meeting"]
        )
        return self._answer(meeting)

    @extend_schema(request=None, responses={200: CommitteeMeetingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="publish-minutes")
    def publish_minutes(self, request: Any, pk: str | None = None) -> Response:
        """Publish approved minutes."""
        return self._answer(services.minutes_publish(meeting=self.get_object(), by=request.user))


class AgendaItemViewSet(BaseModelViewSet):
    """Cases on the agendas, with their linked material. Times are checked (inside the
    meeting, no overlaps); numbered cases cannot be deleted."""

    serializer_class = AgendaItemSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = AgendaItemFilterSet
    ordering_fields = ["starts_at", "position"]
    ordering = ["meeting", "position"]

    def get_queryset(self) -> Any:
        insider = is_office(self.request.user)
        return selectors.agenda_items(self.request.user).prefetch_related(
            *selectors.material_prefetches(insider, self.request.user)
        )

    def perform_create(self, serializer: AgendaItemSerializer) -> None:
        fields, material = _split_material(dict(serializer.validated_data))
        meeting = get_object_or_404(
            selectors.meeting_list(self.request.user), pk=fields.pop("meeting").pk
        )
        serializer.instance = services.agenda_item_add(
            meeting=meeting, by=self.request.user, fields=fields, material=material
        )

    def perform_update(self, serializer: AgendaItemSerializer) -> None:
        fields, material = _split_material(dict(serializer.validated_data))
        fields.pop("meeting", None)
        serializer.instance = services.agenda_item_update(
            item=serializer.instance, by=self.request.user, fields=fields, material=material
        )

    def perform_destroy(self, instance: Any) -> None:
        services.agenda_item_delete(item=instance, by=self.request.user)


class DecisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet
):
    """Outcomes of cases. Public once the meeting's minutes are published. Recording one with
    an effect marks measures recommended or decides a suggestion through the intake."""

    serializer_class = CommitteeDecisionSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = DecisionFilterSet
    ordering_fields = ["decided_on"]
    ordering = ["-decided_on", "-id"]

    def get_queryset(self) -> Any:
        return selectors.decision_list(self.request.user).prefetch_related("recommendations")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item = get_object_or_404(
            selectors.agenda_items(request.user), pk=data.pop("agenda_item").pk
        )
        decision = services.decision_record(item=item, by=request.user, **data)
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)
