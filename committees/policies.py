"""Who may see and do what in the council model: the only place these rules live.

- The portfolio office acts as secretariat for every committee (as does a user linked to a
  secretariat membership of that committee): creates meetings, publishes agendas, records
  outcomes, drafts, approves and publishes minutes.
- Members (users linked to a membership) see their committee's material before it is published.
- Everyone, anonymous users too, sees published agendas and published minutes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from committees.choices import PUBLISHED_STATES, MeetingState, MemberRole
from committees.models import AgendaItem, Committee, Decision, Meeting, Membership
from core.policy import sees_everything
from covid_intake.policies import visible_suggestions
from people.roles import is_office
from portfolio.models import Baseline
from portfolio.policies import visible_measures
from reporting.policies import visible_reports
from roadmap.policies import visible_items
from scoring.policies import visible_scenarios


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def committee_ids_of(user: Any) -> frozenset[int]:
    """Committees where the user is linked to a membership (cached on the user object)."""
    if not _authenticated(user):
        return frozenset()
    cached = getattr(user, "_committee_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("committee_id", flat=True)
        )
        user._committee_ids = cached
    return cached


def secretariat_committee_ids(user: Any) -> frozenset[int]:
    if not _authenticated(user):
        return frozenset()
    cached = getattr(user, "_secretariat_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user, role=MemberRole.SECRETARIAT).values_list(
                "committee_id", flat=True
            )
        )
        user._secretariat_ids = cached
    return cached


def can_manage(user: Any, committee: Committee | None = None) -> bool:
    """Acts as secretariat: the office everywhere, a secretariat member for their committee."""
    if is_office(user):
        return True
    if committee is None:
        return bool(secretariat_committee_ids(user))
    return committee.pk in secretariat_committee_ids(user)


def can_manage_committees(user: Any) -> bool:
    """Creating committees and changing mandates and members is the office's."""
    return is_office(user)


def is_member(user: Any, committee: Committee) -> bool:
    return committee.pk in committee_ids_of(user)


def sees_unpublished(user: Any, committee: Committee) -> bool:
    return can_manage(user, committee) or is_member(user, committee)


def can_see_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.state in PUBLISHED_STATES or sees_unpublished(user, meeting.committee)


def can_see_minutes(user: Any, meeting: Meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        return False
    return meeting.state == MeetingState.MINUTES_PUBLISHED or sees_unpublished(
        user, meeting.committee
    )


def can_see_outcomes(user: Any, meeting: Meeting) -> bool:
    """Outcomes are minuted: public with the published minutes, earlier for members."""
    return meeting.state == MeetingState.MINUTES_PUBLISHED or sees_unpublished(
        user, meeting.committee
    )


def _insider_q(user: Any, prefix: str = "") -> Q:
    """Rows of committees the user may see unpublished (nothing for anonymous users)."""
    if is_office(user):
        return Q(pk__isnull=False)
    ids = committee_ids_of(user) | secretariat_committee_ids(user)
    return Q(**{f"{prefix}committee_id__in": ids}) if ids else Q(pk__in=[])


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.filter(Q(state__in=PUBLISHED_STATES) | _insider_q(user))


def visible_decisions(user: Any) -> QuerySet[Decision]:
    published = Q(agenda_item__meeting__state=MeetingState.MINUTES_PUBLISHED)
    if is_office(user):
        return Decision.objects.all()
    ids = committee_ids_of(user) | secretariat_committee_ids(user)
    return Decision.objects.filter(published | Q(agenda_item__committee_id__in=ids))


def visible_agenda_items(user: Any) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=visible_meetings(user))


def linkable_material(user: Any, token: Any = None) -> dict[str, QuerySet[Any]]:
    """What a case may link, per kind of material (models.MATERIAL_FIELDS): only what the
    caller may see, each by its own app's policy. Baselines are the office's."""
    baselines = Baseline.objects.all() if sees_everything(user, token) else Baseline.objects.none()
    return {
        "measures": visible_measures(user, token),
        "suggestions": visible_suggestions(user, token),
        "scenarios": visible_scenarios(user, token),
        "roadmap_items": visible_items(user, token),
        "baselines": baselines,
        "reports": visible_reports(user, token),
    }
