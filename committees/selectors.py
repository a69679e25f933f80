"""Reads, always starting from the policy's visible sets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from committees import policies
from committees.models import (
    MATERIAL_FIELDS,
    AgendaItem,
    Committee,
    Decision,
    MeasureRecommendation,
    Meeting,
    Membership,
)
from portfolio.selectors import public_measures
from reporting.choices import ReportState
from reporting.models import PortfolioReport
from reporting.policies import visible_reports
from roadmap.models import RoadmapItem


def committee_list() -> QuerySet[Committee]:
    return Committee.objects.all()


def committee_members(committee: Committee) -> QuerySet[Membership]:
    return committee.memberships.select_related("actor")


def meeting_list(user: Any) -> QuerySet[Meeting]:
    return policies.visible_meetings(user).select_related("committee", "minutes")


def public_meetings() -> QuerySet[Meeting]:
    return meeting_list(AnonymousUser())


def agenda_items(user: Any) -> QuerySet[AgendaItem]:
    meetings = policies.visible_meetings(user).values("id")
    return AgendaItem.objects.filter(meeting_id__in=meetings).select_related("meeting", "committee")


def material_prefetches(insider: bool, user: Any = None) -> list[Prefetch | str]:
    """Linked material as the reader may see it. Insiders (the secretariat, the committee's
    members) see all of it, but portfolio reports only as reporting's policy lets `user`
    see them; everyone else only what is public elsewhere: published measures, published
    roadmap items and published portfolio reports (suggestions, scenarios and baselines are
    the office's)."""
    published_reports = PortfolioReport.objects.filter(state=ReportState.PUBLISHED)
    if insider:
        return [
            Prefetch(name, queryset=visible_reports(user)) if name == "reports" else name
            for name, _label in MATERIAL_FIELDS
        ]
    public = {
        "measures": public_measures(),
        "roadmap_items": RoadmapItem.objects.filter(published=True),
        "reports": published_reports,
    }
    return [
        Prefetch(name, queryset=public.get(name, _none_of(name))) for name, _l in MATERIAL_FIELDS
    ]


def _none_of(name: str) -> QuerySet:
    return AgendaItem._meta.get_field(name).related_model.objects.none()


def agenda(meeting: Meeting, user: Any = None) -> list[AgendaItem]:
    """The meeting's items in order, with their material (as `user` may see it) and outcome,
    in a fixed number of queries."""
    insider = policies.sees_unpublished(user, meeting.committee)
    return list(
        meeting.items.select_related("decision", "decision__scenario", "decision__suggestion")
        .prefetch_related(*material_prefetches(insider, user))
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
