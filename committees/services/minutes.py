"""Minutes: drafted by the secretariat, approved at a later meeting of the same committee,
then published with the agenda and the outcomes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.choices import MeetingState
from committees.models import Meeting, Minutes
from committees.services.common import require_secretariat
from core.changelog import change_context
from core.events import emit, jsonable
from core.models import ObjectChange


@transaction.atomic
def minutes_draft(*, meeting: Meeting, by: Any, text: str, present: str = "") -> Minutes:
    """The secretariat writes (and rewrites) the minutes until they are approved."""
    require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.DRAFT:
        raise ValidationError({"state": _("Publish the agenda before drafting minutes.")})
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    if minutes.approved_on:
        raise ValidationError({"text": _("Approved minutes cannot be changed.")})
    minutes.text, minutes.present = (text or "").strip(), (present or "").strip()
    minutes.drafted_by = by if getattr(by, "pk", None) else None
    minutes.full_clean()
    minutes.save()
    if meeting.state != MeetingState.MINUTES_DRAFT:
        meeting.state = MeetingState.MINUTES_DRAFT
        meeting.save(update_fields=["state", "updated"])
    return minutes


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: Any, at_meeting: Meeting) -> Minutes:
    """Minutes are approved at a later meeting of the same committee."""
    require_secretariat(by, meeting.committee)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError({"text": _("Draft the minutes first.")})
    if minutes.approved_on:
        raise ValidationError({"approved_at_meeting": _("The minutes are already approved.")})
    if at_meeting.committee_id != meeting.committee_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"approved_at_meeting": _("Choose a later meeting of the same committee.")}
        )
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = at_meeting.local_start.date()
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Minutes approved")):
        minutes.save()
    return minutes


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Approved minutes go public, with the agenda and the outcomes of the cases."""
    require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not minutes.approved_on:
        raise ValidationError({"approved_at_meeting": _("Only approved minutes are published.")})
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"state": _("The minutes are already published.")})
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at", "updated"])
    meeting.state = MeetingState.MINUTES_PUBLISHED
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Minutes published")):
        meeting.save(update_fields=["state", "updated"])
    emit(
        "committee.minutes_published",
        jsonable(
            {
                "meeting": meeting.pk,
                "committee": meeting.committee.short_name,
                "starts_at": meeting.starts_at,
                "approved_on": minutes.approved_on,
            }
        ),
    )
    return meeting
