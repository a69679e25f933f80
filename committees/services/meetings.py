"""Meetings: made in draft, moved only where their agenda still fits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee, Meeting
from committees.services.common import MEETING_FIELDS, require_secretariat, set_fields


def _check_meeting_contains_items(meeting: Meeting) -> None:
    outside = [
        i
        for i in meeting.items.all()
        if i.starts_at < meeting.starts_at or i.ends_at > meeting.ends_at
    ]
    if outside:
        raise ValidationError(
            {
                "starts_at": _("The agenda item “%(title)s” would fall outside the meeting.")
                % {"title": outside[0].title}
            }
        )


@transaction.atomic
def meeting_create(*, committee: Committee, by: Any, fields: dict[str, Any]) -> Meeting:
    """A meeting in draft: only the secretariat and the committee's members see it."""
    require_secretariat(by, committee)
    meeting = Meeting(committee=committee)
    set_fields(meeting, fields, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Any, fields: dict[str, Any]) -> Meeting:
    require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    set_fields(meeting, fields, MEETING_FIELDS)
    meeting.full_clean()
    _check_meeting_contains_items(meeting)
    meeting.save()
    return meeting
