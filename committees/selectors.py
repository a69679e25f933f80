"""Reads, always starting from the policy's visible sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from committees import policies
from committees.choices import MeetingState
from committees.models import (
    MATERIAL_FIELDS,
    AgendaItem,
    Committee,
    Decision,
    MeasureRecommendation,
    Meeting,
    Membership,
)


def committee_list() -> QuerySet[Committee]:
    return Committee.objects.all()


def committee_members(committee: Committee) -> QuerySet[Membership]:
    return committee.memberships.select_related("actor")


def meeting_list(user: Any) -> QuerySet[Meeting]:
    return policies.visible_meetings(user).select_related("committee", "minutes")


def public_meetings() -> QuerySet[Meeting]:
    from django.contrib.auth.models import AnonymousUser

    return meeting_list(AnonymousUser())


def agenda_items(user: Any) -> QuerySet[AgendaItem]:
    meetings = policies.visible_meetings(user).values("id")
    return AgendaItem.objects.filter(meeting_id__in=meetings).select_related("meeting", "committee")


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in order, with their material and outcome, in a fixed number of
    queries."""
    return list(
        meeting.items.select_related("decision", "decision__scenario", "decision__suggestion")
        .prefetch_related(*(name for name, _label in MATERIAL_FIELDS))
        .order_by("position", "id")
    )


def decision_list(user: Any) -> QuerySet[Decision]:
    return policies.visible_decisions(user).select_related(
        "agenda_item", "agenda_item__meeting", "agenda_item__committee"
    )


def next_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """Later meetings of the same committee: where its minutes may be approved."""
    return Meeting.objects.filter(
        committee=meeting.committee, starts_at__gt=meeting.starts_at
    ).order_by("starts_at")


def recommendations_for(measure: Any) -> list[MeasureRecommendation]:
    return list(
        MeasureRecommendation.objects.filter(measure=measure)
        .select_related("committee", "decision__agenda_item__meeting")
        .order_by("-recommended_on", "-id")
    )


def recommended_measures(measure_ids: Any) -> list[MeasureRecommendation]:
    """Recommendations of the given measures (a queryset of ids), newest first."""
    return list(
        MeasureRecommendation.objects.filter(measure_id__in=measure_ids)
        .select_related("committee", "measure")
        .order_by("-recommended_on", "measure__code")
    )


def upcoming_and_recent(user: Any, *, today: dt.date | None = None) -> list[Meeting]:
    return list(meeting_list(user).order_by("-starts_at")[:50])


def meetings_with_agenda(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return qs.prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("position")))


__all__ = ["MeetingState"]
