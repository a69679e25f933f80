"""The agenda: items inside their meeting's time without overlaps, their linked material,
and publishing, which numbers the cases per committee and year ("sak 31/20")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import policies
from committees.choices import MeetingState
from committees.models import AgendaItem, Committee, Meeting
from committees.services.common import (
    ITEM_FIELDS,
    MATERIAL_NAMES,
    require_secretariat,
    set_fields,
)
from core.changelog import change_context
from core.events import emit, jsonable
from core.models import ObjectChange


def _check_item_times(item: AgendaItem, meeting: Meeting, others: Iterable[AgendaItem]) -> None:
    """An item lies inside its meeting and overlaps no other item of the agenda."""
    errors: dict[str, list[str]] = {}
    if item.starts_at and item.ends_at and item.ends_at <= item.starts_at:
        errors.setdefault("ends_at", []).append(_("The item must end after it starts."))
    if item.starts_at and not (meeting.starts_at <= item.starts_at < meeting.ends_at):
        errors.setdefault("starts_at", []).append(
            _("The item must start within the meeting (%(start)s–%(end)s).")
            % {"start": f"{meeting.local_start:%H:%M}", "end": f"{meeting.local_end:%H:%M}"}
        )
    if item.ends_at and not (meeting.starts_at < item.ends_at <= meeting.ends_at):
        errors.setdefault("ends_at", []).append(
            _("The item must end within the meeting (%(start)s–%(end)s).")
            % {"start": f"{meeting.local_start:%H:%M}", "end": f"{meeting.local_end:%H:%M}"}
        )
    if not errors:
        for other in others:
            if other.pk == item.pk:
                continue
            if item.starts_at < other.ends_at and other.starts_at < item.ends_at:
                errors["starts_at"] = [
                    _("The item overlaps “%(title)s” (%(start)s–%(end)s).")
                    % {
                        "title": other.title,
                        "start": f"{other.local_start:%H:%M}",
                        "end": f"{other.local_end:%H:%M}",
                    }
                ]
                break
    if errors:
        raise ValidationError(errors)


def _next_case_number(committee: Committee, year: int) -> int:
    last = AgendaItem.objects.filter(committee=committee, case_year=year).aggregate(
        n=Max("case_number")
    )["n"]
    return (last or 0) + 1


def _check_position(item: AgendaItem, meeting: Meeting) -> None:
    if meeting.items.filter(position=item.position).exclude(pk=item.pk).exists():
        raise ValidationError({"position": _("Another item already has this position.")})


def _set_material(item: AgendaItem, material: dict[str, Iterable[Any]] | None, by: Any) -> None:
    """Link the material: each object one `by` may see (policies.linkable_material), unless
    it was linked already (a link `by` cannot see is kept, never offered)."""
    linkable = policies.linkable_material(by)
    for name, objects in (material or {}).items():
        if name not in MATERIAL_NAMES:
            raise ValidationError({name: _("This is not a kind of material.")})
        objects = list(objects)
        allowed = set(linkable[name].values_list("pk", flat=True))
        if item.pk:
            allowed |= set(getattr(item, name).values_list("pk", flat=True))
        if any(o.pk not in allowed for o in objects):
            raise ValidationError({name: _("No such object.")})
        getattr(item, name).set(objects)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by: Any,
    fields: dict[str, Any],
    material: dict[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    """A case on the agenda. Added to an already published agenda it is numbered at once."""
    require_secretariat(by, meeting.committee)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"meeting": _("The minutes are published; the agenda is closed.")})
    item = AgendaItem(meeting=meeting, committee_id=meeting.committee_id)
    fields = dict(fields)
    if fields.get("position") is None:
        fields["position"] = (meeting.items.aggregate(n=Max("position"))["n"] or 0) + 1
    set_fields(item, fields, ITEM_FIELDS)
    _check_position(item, meeting)
    item.full_clean(exclude=["committee"])
    _check_item_times(item, meeting, meeting.items.all())
    if meeting.state != MeetingState.DRAFT:
        Committee.objects.select_for_update().get(pk=meeting.committee_id)
        item.case_year = meeting.local_start.year
        item.case_number = _next_case_number(meeting.committee, item.case_year)
    item.save()
    _set_material(item, material, by)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Any,
    fields: dict[str, Any],
    material: dict[str, Iterable[Any]] | None = None,
) -> AgendaItem:
    require_secretariat(by, item.committee)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if meeting.state == MeetingState.MINUTES_PUBLISHED:
        raise ValidationError({"meeting": _("The minutes are published; the agenda is closed.")})
    set_fields(item, fields, ITEM_FIELDS)
    _check_position(item, meeting)
    item.full_clean(exclude=["committee"])
    _check_item_times(item, meeting, meeting.items.all())
    item.save()
    _set_material(item, material, by)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    require_secretariat(by, item.meeting.committee)
    if item.case_number is not None:
        raise ValidationError(
            {"case_number": _("A numbered case stays on the agenda; record its outcome instead.")}
        )
    item.delete()


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Publish the agenda and number its cases per committee and year ("sak 31/20").

    1. Lock the committee row: two agendas of one committee are numbered one after the other.
    2. Check every item's times again (inside the meeting, no overlaps).
    3. Number the items in agenda order after the highest number of that committee and year.
    The unique constraint (committee, year, number) is the database's last word.
    """
    require_secretariat(by, meeting.committee)
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state != MeetingState.DRAFT:
        raise ValidationError({"state": _("The agenda is already published.")})
    items = list(meeting.items.order_by("position", "id"))
    if not items:
        raise ValidationError({"items": _("Add at least one item before publishing the agenda.")})
    for item in items:
        _check_item_times(item, meeting, items)
    year = meeting.local_start.year
    number = _next_case_number(committee, year)
    for item in items:
        if item.case_number is None:
            item.case_year, item.case_number = year, number
            item.save(update_fields=["case_year", "case_number", "updated"])
            number += 1
    meeting.state = MeetingState.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    with change_context(action=ObjectChange.Action.TRANSITION, message=_("Agenda published")):
        meeting.save(update_fields=["state", "agenda_published_at", "updated"])
    emit(
        "committee.agenda_published",
        jsonable(
            {
                "meeting": meeting.pk,
                "committee": committee.short_name,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "cases": [
                    {"id": i.pk, "case": i.case_label, "title": i.title, "case_type": i.case_type}
                    for i in items
                ],
            }
        ),
    )
    return meeting
